/*
 * h_campaigns: campaigns as drafts and records: list, create, read (with
 * its number's timeline, conversation counts and whether it may send
 * now), edit. The fields and their rules live in campaign_fields.c, the
 * statuses in campaign_state.c; what changes a status is in
 * h_campaign_actions.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "campaign_fields.h"
#include "campaign_view.h"
#include "counts.h"
#include "db_campaigns.h"
#include "db_numbers.h"
#include "db_orgs.h"
#include "handlers.h"
#include "log.h"
#include "txn.h"

static const char *const statuses[] = { "draft", "launching", "active",
    "paused", "failed", "archived", NULL };

int
h_campaigns_list(struct req *r)
{
	const char *status;
	struct campaign *c;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1 ||
	    req_query_one_of(r, "status", statuses, &status) == -1)
		return 422;
	if (db_campaigns_list(r->db, r->a, r->org_id, status,
	    cursor ? cursor : 999999999999999999LL, limit + 1, &c, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, campaign_json(r->a, &c[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? c[limit - 1].id : 0));
}

/*
 * What the fields cannot say alone: the number, use case and states they
 * name exist in this organization. 0, or the error status.
 */
static int
check_refs(struct req *r, const struct campaign_values *v,
    const struct campaign_values *before, const char **states)
{
	struct number_brief nb;
	struct use_case uc;
	const char *codes;
	int rc;

	if (v->phone_number_id != 0 &&
	    v->phone_number_id != before->phone_number_id) {
		if ((rc = db_number_brief(r->db, r->a, r->org_id,
		    v->phone_number_id, &nb)) == -1)
			return db_down(r);
		if (rc == 0 || nb.released)
			return req_error(r, 422, "validation_failed", "No such "
			    "number in this organization.", "phone_number_id");
		if (strcmp(nb.kind, "dedicated") != 0)
			return req_error(r, 422, "validation_failed", "Choose "
			    "a dedicated number; a single-use number belongs "
			    "to its campaign.", "phone_number_id");
	}
	if (v->use_case_id != 0 && v->use_case_id != before->use_case_id) {
		if ((rc = db_use_case_get(r->db, r->a, r->org_id,
		    v->use_case_id, false, &uc)) == -1)
			return db_down(r);
		if (rc == 0)
			return req_error(r, 422, "validation_failed", "No such "
			    "use case in this organization.", "use_case_id");
	}
	for (; *states != NULL; states++) {
		if (db_state_area_codes(r->db, r->a, *states, &codes) == -1)
			return db_down(r);
		if (*codes == '\0')
			return req_error(r, 422, "validation_failed", arena_printf(
			    r->a, "No area codes are known for state %s.",
			    *states), "regions");
	}
	return 0;
}

/* A followup sends from its original campaign's number, always. */
static int
followup_keeps_number(struct req *r, const struct campaign_values *v,
    const struct campaign_values *before)
{
	const char *field = NULL;

	if (before->number_mode == NULL ||
	    strcmp(before->number_mode, "followup") != 0)
		return 0;
	if (v->number_mode == NULL || strcmp(v->number_mode, "followup") != 0)
		field = "number_mode";
	else if (v->phone_number_id != before->phone_number_id)
		field = "phone_number_id";
	else if (v->use_case_id != before->use_case_id)
		field = "use_case_id";
	else if (v->regions != before->regions && (v->regions == NULL ||
	    before->regions == NULL || strcmp(v->regions, before->regions) != 0))
		field = "regions";
	if (field == NULL)
		return 0;
	return req_error(r, 422, "validation_failed", "A followup sends from "
	    "its original campaign's number; that cannot change.", field);
}

int
campaign_answer(struct req *r, int status, long long id)
{
	struct campaign c;
	int rc;

	if ((rc = db_campaign_get(r->db, r->a, r->org_id, id, &c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	return req_json(r, status, campaign_json(r->a, &c));
}

int
h_campaign_create(struct req *r)
{
	struct campaign_values v, before;
	struct org_settings org;
	struct field_error err;
	const char **states;
	long long id;
	int status, rc;

	campaign_values_default(&v);
	/* A new campaign starts in the organization's time zone. */
	if ((rc = db_org_settings_get(r->db, r->a, r->org_id, &org)) == -1)
		return db_down(r);
	if (rc == 1)
		v.time_zone = org.time_zone;
	before = v;
	if (r->json == NULL)
		return req_error(r, 422, "validation_failed",
		    "name is required.", "name");
	if (campaign_fields_apply(r->a, r->json, CS_DRAFT, (int64_t)time(NULL),
	    &v, &states, &err) == -1)
		return req_error(r, 422, "validation_failed", err.message,
		    err.field);
	if ((status = check_refs(r, &v, &before, states)) != 0)
		return status;
	if (v.launch_at != NULL)
		v.scheduled_by = r->sess.user_id;
	if (db_campaign_insert(r->db, r->a, r->org_id, 0, &v, NULL,
	    r->sess.user_id, &id) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld created in org %lld", id, r->org_id);
	return campaign_answer(r, 201, id);
}

/* The campaign's number's timeline, oldest first ([] without one). */
static int
add_timeline(struct req *r, cJSON *o, const struct campaign *c)
{
	struct number_event *ev;
	cJSON *tl = cJSON_AddArrayToObject(o, "timeline"), *e;
	size_t i, n = 0;

	if (c->v.phone_number_id > 0 && db_number_events(r->db, r->a,
	    c->v.phone_number_id, &ev, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		columns_json(e, r->a, number_event_columns,
		    number_event_ncolumns, &ev[i]);
		cJSON_AddItemToArray(tl, e);
	}
	return 0;
}

/* The conversation counts (counts.c: live, or a snapshot as of counts_at);
 * escalated: live, from its own index (sql/020). */
static void
add_counts(cJSON *o, const struct counts *k, long long escalated)
{
	cJSON *c = cJSON_AddObjectToObject(o, "counts");
	int i;

	for (i = 0; i < CONV_NSTATUS; i++)
		cJSON_AddNumberToObject(c, conv_statuses[i],
		    (double)k->all.status[i]);
	cJSON_AddNumberToObject(c, "opted_out", (double)k->all.opted_out);
	cJSON_AddNumberToObject(c, "unassigned", (double)k->unassigned.total);
	cJSON_AddNumberToObject(c, "escalated", (double)escalated);
	cJSON_AddStringToObject(o, "counts_at", k->at);
}

int
h_campaign_get(struct req *r)
{
	struct counts k;
	struct campaign c;
	struct gate g;
	long long escalated;
	cJSON *o, *q;
	int rc;

	if ((rc = db_campaign_get(r->db, r->a, r->org_id, r->ids[1],
	    &c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	if (counts_get(r->db, r->a, &r->app->cfg, c.id, &k) != 1 ||
	    db_escalated_count(r->db, r->a, c.id, &escalated) == -1)
		return db_down(r);
	o = campaign_json(r->a, &c);
	if (add_timeline(r, o, &c) == -1) {
		cJSON_Delete(o);
		return db_down(r);
	}
	add_counts(o, &k, escalated);
	if ((q = sending_queue_json(r, c.id)) == NULL) {
		cJSON_Delete(o);
		return db_down(r);
	}
	cJSON_AddItemToObject(o, "queue", q);
	(void)campaign_gate(&c, false, &g);
	cJSON_AddItemToObject(o, "sending", gate_json(&g));
	(void)campaign_gate(&c, true, &g);
	cJSON_AddItemToObject(o, "replies", gate_json(&g));
	return req_json(r, 200, o);
}

/* PATCH's transaction: the campaign's row first (db_campaigns.c). */
static int
update_tx(struct req *r)
{
	struct campaign_values before;
	struct field_error err;
	struct campaign c;
	const char **states;
	int rc, status;

	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((rc = db_campaign_lock(r->db, r->a, r->org_id, r->ids[1])) != 1 ||
	    db_campaign_get(r->db, r->a, r->org_id, r->ids[1], &c) != 1) {
		status = rc == 0 ? req_error(r, 404, "not_found",
		    "No such campaign.", NULL) : db_down(r);
		goto out_rollback;
	}
	before = c.v;
	if (r->json != NULL && campaign_fields_apply(r->a, r->json,
	    campaign_status_parse(c.status), (int64_t)time(NULL), &c.v,
	    &states, &err) == -1) {
		status = req_error(r, 422, "validation_failed", err.message,
		    err.field);
		goto out_rollback;
	}
	if (r->json != NULL && (status = check_refs(r, &c.v, &before,
	    states)) != 0)
		goto out_rollback;
	if ((status = followup_keeps_number(r, &c.v, &before)) != 0)
		goto out_rollback;
	if (c.v.launch_at != NULL && (before.launch_at == NULL ||
	    strcmp(c.v.launch_at, before.launch_at) != 0))
		c.v.scheduled_by = r->sess.user_id;
	if (db_campaign_update(r->db, r->a, c.id, &c.v) == -1 ||
	    db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	return campaign_answer(r, 200, c.id);
out_rollback:
	db_rollback(r->db);
	return status;
}

int
h_campaign_update(struct req *r)
{
	return txn_req(r, update_tx, "campaign update");
}
