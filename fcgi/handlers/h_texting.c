/*
 * h_texting: helpers of the texting handlers; see h_texting.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "campaign_view.h"
#include "claims.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "tz_cache.h"

int
tx_load_campaign(struct req *r, long long id, struct tx_campaign *c)
{
	int rc;

	if ((rc = db_tx_campaign(r->db, r->a, r->org_id, id, c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.",
		    NULL);
	return 1;
}

bool
tx_gate(struct req *r, const struct tx_campaign *c, bool reply,
    struct gate *g)
{
	struct tz *zone = arena_alloc(r->a, sizeof(*zone));
	struct gate_campaign in;
	int64_t now, t;
	bool open;

	if (c->now == NULL || tz_parse_db(c->now, &now) == -1)
		now = (int64_t)time(NULL);
	if (tz_load_cached(zone, NULL, c->time_zone) == -1) {
		g->code = GATE_CLOSED_HOURS;
		g->name = "unknown_time_zone";
		g->message = "The campaign's time zone is unknown here.";
		g->opens_at = 0;
		return false;
	}
	memset(&in, 0, sizeof(in));
	in.status = c->status;
	in.number_status = c->number_status;
	in.number_released = c->number_released;
	in.start_at = c->start_at && tz_parse_db(c->start_at, &t) == 0 ? t : 0;
	in.end_at = c->end_at && tz_parse_db(c->end_at, &t) == 0 ? t : 0;
	in.sending_opens_at = c->sending_opens_at &&
	    tz_parse_db(c->sending_opens_at, &t) == 0 ? t : 0;
	in.open_from_min = (int)c->open_from_min;
	in.open_until_min = (int)c->open_until_min;
	in.tz = zone;
	open = reply ? gates_reply(&in, now, g) : gates_initial(&in, now, g);
	/* Incident mode may pass a number not yet chosen: nothing to send from. */
	if (open && c->number == NULL) {
		g->code = GATE_NO_NUMBER;
		g->name = gate_name(GATE_NO_NUMBER);
		g->message = "The campaign's number is not provisioned yet.";
		g->opens_at = 0;
		open = false;
	}
	return open;
}

int
tx_gate_error(struct req *r, const struct gate *g)
{
	return req_error(r, 409, g->name, g->message, NULL);
}

int
tx_id_list(struct req *r, const char *field, size_t max, long long **ids,
    size_t *n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field), *e;
	size_t i = 0;

	*ids = NULL;
	*n = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    (size_t)cJSON_GetArraySize(v) > max)
		goto bad;
	*ids = arena_alloc(r->a, (size_t)cJSON_GetArraySize(v) *
	    sizeof(**ids));
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsNumber(e) || e->valuedouble < 1 ||
		    e->valuedouble > 9007199254740991.0 ||
		    e->valuedouble != (double)(long long)e->valuedouble)
			goto bad;
		(*ids)[i++] = (long long)e->valuedouble;
	}
	*n = i;
	return 0;
bad:
	req_error(r, 422, "validation_failed", arena_printf(r->a, "%s must "
	    "be a list of 1 to %zu user ids.", field, max), field);
	return -1;
}

int
tx_status_list(struct req *r, const char *field, unsigned *mask)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field), *e;
	int i;

	*mask = (1u << TX_NSTATUS) - 1;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1)
		goto bad;
	*mask = 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) ||
		    (i = tx_status_index(e->valuestring)) < 0)
			goto bad;
		*mask |= 1u << i;
	}
	return 0;
bad:
	req_error(r, 422, "validation_failed", arena_printf(r->a, "%s must "
	    "be a list of conversation statuses (needs_message, messaged, "
	    "needs_response, convo, closed).", field), field);
	return -1;
}

cJSON *
tx_counts_json(const struct tx_counts *c)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < TX_NSTATUS; i++)
		cJSON_AddNumberToObject(o, tx_statuses[i],
		    (double)c->status[i]);
	cJSON_AddNumberToObject(o, "opted_out", (double)c->opted_out);
	cJSON_AddNumberToObject(o, "total", (double)c->total);
	return o;
}

cJSON *
tx_gate_json(const struct gate *g)
{
	cJSON *o;

	if (g->code == GATE_OPEN)
		return cJSON_CreateNull();
	/* campaign_view's gate, less its "open" (a closed gate here). */
	o = gate_json(g);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "open");
	return o;
}

cJSON *
tx_brief_json(const struct tx_conversation *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddNumberToObject(o, "campaign_id", (double)c->campaign_id);
	if (c->campaign_name != NULL)
		cJSON_AddStringToObject(o, "campaign_name", c->campaign_name);
	cJSON_AddStringToObject(o, "first_name", c->first_name);
	cJSON_AddStringToObject(o, "last_name", c->last_name);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddBoolToObject(o, "opted_out", c->opted_out);
	json_add_str(o, "last_message_at", c->last_message_at);
	json_add_str(o, "last_message", c->last_body);
	return o;
}

cJSON *
tx_message_json(const struct tx_message *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddNumberToObject(o, "conversation_id",
	    (double)m->conversation_id);
	cJSON_AddStringToObject(o, "direction", m->direction);
	cJSON_AddBoolToObject(o, "initial", m->initial);
	cJSON_AddStringToObject(o, "body", m->body);
	cJSON_AddStringToObject(o, "status", m->status);
	json_add_str(o, "error", m->error);
	json_add_str(o, "created_at", m->created_at);
	json_add_str(o, "status_at", m->status_at);
	json_add_str(o, "sender_name", m->sender_name);
	return o;
}

cJSON *
tx_campaign_json(const struct tx_campaign *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "description",
	    c->description ? c->description : "");
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddBoolToObject(o, "self_assign", c->self_assign);
	cJSON_AddNumberToObject(o, "batch_size", (double)c->batch_size);
	cJSON_AddStringToObject(o, "org_display_name", c->display_name);
	return o;
}

/* A claim's outcome as the answer: 0 claimed, else the error status. */
static int
claim_answer(struct req *r, const struct tx_claim *cl)
{
	switch (cl->outcome) {
	case TX_CLAIMED:
		return 0;
	case TX_NO_CAMPAIGN:
		return req_error(r, 404, "not_found", "No such campaign.",
		    NULL);
	case TX_SELF_ASSIGN_OFF:
		return req_error(r, 409, "self_assign_off", "Self assign is "
		    "off for this campaign: an organizer assigns its "
		    "conversations.", NULL);
	case TX_NOT_ACTIVE:
		return req_error(r, 409, "campaign_not_active", arena_printf(
		    r->a, "This campaign is %s: there are no conversations "
		    "to request.", cl->status), NULL);
	case TX_NOT_ON_CAMPAIGN:
		return req_error(r, 403, "not_on_campaign", "You are not a "
		    "texter on this campaign.", NULL);
	case TX_UNFINISHED:
		return req_error(r, 409, "assignment_not_finished", "Send the "
		    "initial messages of your assignment first; then request "
		    "more.", NULL);
	case TX_BUSY:
		return req_error(r, 503, "busy", "Many texters are requesting "
		    "conversations right now; try again in a moment.", NULL);
	case TX_NONE_LEFT:
		break;
	}
	return req_error(r, 409, "no_more_conversations",
	    "No more conversations available.", NULL);
}

/* Without the broker: the campaign's checks, then the claim itself. */
static int
claim_here(struct req *r, const struct tx_campaign *c, long long user_id,
    struct tx_claim *cl)
{
	memset(cl, 0, sizeof(*cl));
	if ((cl->outcome = tx_claim_open(c->self_assign, c->status)) ==
	    TX_CLAIMED && db_tx_claim(r->db, r->a, c->id, user_id,
	    c->batch_size, TX_LOCK_WAIT_S, cl) == -1)
		return -1;
	cl->batch_size = c->batch_size;
	snprintf(cl->status, sizeof(cl->status), "%s", c->status);
	return 0;
}

/* Through the host's claim broker (claims.h): 1 answered, 0 none. */
static int
claim_brokered(struct req *r, long long org_id, long long campaign_id,
    long long user_id, struct tx_claim *cl)
{
	const struct claims_request q = { org_id, campaign_id, user_id,
	    TX_LOCK_WAIT_S };
	int rc;

	memset(cl, 0, sizeof(*cl));
	if ((rc = claims_ask(r->app->cfg.socket, &q, cl)) == -1) {
		log_warn(r->rid, "campaign %lld: the claim broker did not "
		    "answer", campaign_id);
		cl->outcome = TX_BUSY;	/* asking again is safe */
	}
	return rc != 0;
}

int
tx_request_batch(struct req *r, const struct tx_campaign *c,
    long long user_id, struct tx_claim *cl)
{
	if (!claim_brokered(r, c->org_id, c->id, user_id, cl) &&
	    claim_here(r, c, user_id, cl) == -1)
		return db_down(r);
	return claim_answer(r, cl);
}

int
tx_request_batch_by_id(struct req *r, long long campaign_id,
    long long user_id, struct tx_claim *cl)
{
	struct tx_campaign c;
	int rc;

	if (claim_brokered(r, r->org_id, campaign_id, user_id, cl))
		return claim_answer(r, cl);
	if ((rc = tx_load_campaign(r, campaign_id, &c)) != 1)
		return rc;
	if (claim_here(r, &c, user_id, cl) == -1)
		return db_down(r);
	return claim_answer(r, cl);
}
