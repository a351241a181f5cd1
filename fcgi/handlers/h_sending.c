/*
 * h_sending: what organizers see and do about sending: a campaign's queue
 * (its waiting messages, how long until they have gone at the pace of its
 * use case and number, its unknown ones), the list of its unknown messages,
 * and an admin's deliberate resend of one of them.
 *
 * An unknown message (sql/016) got no answer from the provider, no webhook
 * and no record: the contact may or may not have it. Launchline never
 * posts it again on its own; an owner or admin who decides the contact
 * should have it (rather than perhaps get it twice) sends it again here.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "db_send.h"
#include "handlers.h"
#include "log.h"
#include "pacing.h"

#define UNKNOWN_LISTED_MAX	100

cJSON *
sending_queue_json(struct req *r, long long campaign_id)
{
	const struct config *cfg = &r->app->cfg;
	struct send_queue q;
	long long uc_rate = 0, num_rate = 0, rate, tat;
	cJSON *o;

	if (db_send_queue(r->db, r->a, campaign_id, &q) == -1)
		return NULL;
	if (q.use_case_id > 0)
		uc_rate = q.use_case_per_minute > 0 ? q.use_case_per_minute :
		    cfg->sender_use_case_per_minute;
	if (q.number_id > 0)
		num_rate = cfg->sender_number_per_minute;
	rate = pacing_per_minute(uc_rate, num_rate);
	tat = q.use_case_tat_us > q.number_tat_us ? q.use_case_tat_us :
	    q.number_tat_us;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "waiting", (double)(q.queued + q.sending));
	cJSON_AddNumberToObject(o, "unknown", (double)q.unknown);
	cJSON_AddNumberToObject(o, "drain_seconds", (double)(q.now_us > 0 ?
	    pacing_drain_s(q.now_us, q.last_slot_us, q.unslotted, tat,
	    pacing_interval_us(rate)) : 0));
	if (rate > 0)
		cJSON_AddNumberToObject(o, "per_minute", (double)rate);
	else
		cJSON_AddNullToObject(o, "per_minute");
	return o;
}

int
h_campaign_unknown_messages(struct req *r)
{
	struct send_unknown_item *it;
	struct campaign c;
	long long limit, cursor;
	size_t i, n;
	cJSON *items, *o;
	int rc;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (limit > UNKNOWN_LISTED_MAX)
		limit = UNKNOWN_LISTED_MAX;
	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (db_send_unknown_list(r->db, r->a, c.id, cursor, limit + 1, &it,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "message", message_json(r->a, &it[i].m));
		cJSON_AddStringToObject(o, "first_name", it[i].first_name);
		cJSON_AddStringToObject(o, "last_name", it[i].last_name);
		cJSON_AddStringToObject(o, "phone", it[i].phone);
		cJSON_AddItemToArray(items, o);
	}
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? it[limit - 1].m.id : 0));
}

int
h_message_resend(struct req *r)
{
	struct message m;
	cJSON *o;
	int rc;

	if ((rc = db_message(r->db, r->a, r->org_id, r->ids[1], &m)) == -1)
		return db_down(r);
	if (rc == 0 || strcmp(m.direction, "out") != 0)
		return req_error(r, 404, "not_found", "No such message.", NULL);
	if (strcmp(m.status, "unknown") != 0 ||
	    (rc = db_send_resend(r->db, r->a, m.id)) == 0)
		return req_error(r, 409, "not_unknown", "Only a message whose "
		    "fate is unknown may be sent again; this one is not.",
		    NULL);
	if (rc == -1 || db_message(r->db, r->a, r->org_id, m.id, &m) != 1)
		return db_down(r);
	log_info(r->rid, "message %lld (unknown) sent again by user %lld",
	    m.id, r->sess.user_id);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "message", message_json(r->a, &m));
	return req_json(r, 200, o);
}
