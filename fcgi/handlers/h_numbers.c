/*
 * h_numbers: area codes, 10DLC use cases and dedicated phone numbers.
 *
 * Creating a number only writes a row in 'initiated': the provisioner
 * role does the provider's work and the SPA watches the status change.
 * The 49-number cap of a use case is checked under a row lock on the use
 * case, so two admins racing cannot make a 50th.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "db_campaigns.h"
#include "db_numbers.h"
#include "handlers.h"
#include "log.h"
#include "txn.h"
#include "use_case_rule.h"

int
h_area_codes(struct req *r)
{
	struct area_code *ac;
	cJSON *items, *o;
	size_t i, n;

	if (db_area_codes(r->db, r->a, &ac, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		columns_json(o, r->a, area_code_columns, area_code_ncolumns,
		    &ac[i]);
		cJSON_AddItemToArray(items, o);
	}
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	return req_json(r, 200, o);
}

static cJSON *
use_case_json(const struct req *r, const struct use_case *u)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, r->a, use_case_columns, use_case_ncolumns, u);
	cJSON_AddNumberToObject(o, "capacity", USE_CASE_CAPACITY);
	/* The sender's pace for it (pacing.c): its own, or the default. */
	cJSON_AddNumberToObject(o, "messages_per_minute", (double)(
	    u->messages_per_minute > 0 ? u->messages_per_minute :
	    r->app->cfg.sender_use_case_per_minute));
	cJSON_AddBoolToObject(o, "messages_per_minute_default",
	    u->messages_per_minute <= 0);
	return o;
}

int
h_use_cases_list(struct req *r)
{
	struct use_case *u;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (db_use_cases_list(r->db, r->a, r->org_id, cursor, limit + 1, &u,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, use_case_json(r, &u[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? u[limit - 1].id : 0));
}

int
h_use_case_create(struct req *r)
{
	struct use_case u;
	long long id;

	if (db_use_case_create(r->db, r->a, r->org_id, req_str(r, "name"),
	    req_str(r, "provider_campaign_id"), req_id(r,
	    "messages_per_minute"), &id) == -1)
		return db_is_duplicate(r->db) ? req_error(r, 409, "conflict",
		    "That provider campaign id is already registered.",
		    "provider_campaign_id") : db_down(r);
	if (db_use_case_get(r->db, r->a, r->org_id, id, false, &u) != 1)
		return db_down(r);
	log_info(r->rid, "use case %lld added to org %lld", id, r->org_id);
	return req_json(r, 201, use_case_json(r, &u));
}

int
h_use_case_refresh(struct req *r)
{
	struct use_case u;
	int rc;

	if (db_use_case_mark_stale(r->db, r->a, r->org_id, r->ids[1]) == -1 ||
	    (rc = db_use_case_get(r->db, r->a, r->org_id, r->ids[1], false,
	    &u)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such use case.",
		    NULL);
	return req_json(r, 202, use_case_json(r, &u));
}

/* The sender's pace for a use case: messages_per_minute, or null to
 * return to the configuration's sender_use_case_per_minute. */
int
h_use_case_update(struct req *r)
{
	struct use_case u;
	int rc;

	if (db_use_case_pace(r->db, r->a, r->org_id, r->ids[1], req_id(r,
	    "messages_per_minute")) == -1 ||
	    (rc = db_use_case_get(r->db, r->a, r->org_id, r->ids[1], false,
	    &u)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such use case.",
		    NULL);
	log_info(r->rid, "use case %lld paced at %lld a minute", u.id,
	    u.messages_per_minute);
	return req_json(r, 200, use_case_json(r, &u));
}

/* "415,510" as ["415","510"]. */
static cJSON *
area_codes_json(const char *list)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = list, *comma;
	char code[8];

	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		snprintf(code, sizeof(code), "%.*s",
		    (int)(comma ? (size_t)(comma - p) : strlen(p)), p);
		cJSON_AddItemToArray(a, cJSON_CreateString(code));
		p = comma ? comma + 1 : NULL;
	}
	return a;
}

static cJSON *
number_json(struct arena *a, const struct number *n)
{
	cJSON *o = cJSON_CreateObject(), *uc;
	bool complete = strcmp(n->status, "complete") == 0;

	columns_json(o, a, number_columns, number_ncolumns, n);
	cJSON_AddItemToObject(o, "area_codes", area_codes_json(n->area_codes));
	uc = cJSON_AddObjectToObject(o, "use_case");
	cJSON_AddNumberToObject(uc, "id", (double)n->use_case_id);
	cJSON_AddStringToObject(uc, "name", n->use_case_name);
	json_add_str(o, "completed_at", complete ?
	    json_time(a, n->completed_at) : NULL);
	return o;
}

int
h_numbers_list(struct req *r)
{
	static const char *const kinds[] = { "dedicated", "single_use", NULL };
	static const char *const statuses[] = { "initiated", "complete",
	    "failed", NULL };
	const char *kind, *status;
	struct number *num;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1 ||
	    req_query_one_of(r, "kind", kinds, &kind) == -1 ||
	    req_query_one_of(r, "provisioning_status", statuses, &status) == -1)
		return 422;
	if (db_numbers_list(r->db, r->a, r->org_id, kind, status,
	    cursor ? cursor : 999999999999999999LL, limit + 1, &num, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, number_json(r->a, &num[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? num[limit - 1].id : 0));
}

/* Inside a transaction: the use case exists, is approved and has room. */
static int
use_case_takes_one(struct req *r, long long use_case_id)
{
	struct use_case u;
	const char *why;
	int rc;

	if ((rc = db_use_case_get(r->db, r->a, r->org_id, use_case_id, true,
	    &u)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 422, "validation_failed",
		    "No such use case in this organization.", "use_case_id");
	switch (use_case_takes_number(&u, r->a, &why)) {
	case UC_NOT_APPROVED:
		return req_error(r, 422, "validation_failed", why,
		    "use_case_id");
	case UC_FULL:
		return req_error(r, 409, "use_case_full", why, "use_case_id");
	case UC_TAKES:
		break;
	}
	return 0;
}

static int
create_tx(struct req *r)
{
	long long use_case_id = req_id(r, "use_case_id"), id;
	const char *area = req_str(r, "area_code");
	struct number num;
	int status;

	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((status = use_case_takes_one(r, use_case_id)) != 0)
		goto out_rollback;
	if (db_number_create(r->db, r->a, r->org_id, use_case_id, "dedicated",
	    req_str(r, "name"), area, r->sess.user_id, &id) == -1 ||
	    db_number_event(r->db, r->a, id, "initiated", arena_printf(r->a,
	    "Requested by %s: a number in area code %s.", r->sess.name,
	    area)) == -1 || db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	if (db_number_get(r->db, r->a, r->org_id, id, &num) != 1)
		return db_down(r);
	log_info(r->rid, "number %lld initiated in org %lld", id, r->org_id);
	return req_json(r, 201, number_json(r->a, &num));
out_rollback:
	db_rollback(r->db);
	return status;
}

/* Run again whole when a deadlock or another node's write refuses it. */
int
h_number_create(struct req *r)
{
	return txn_req(r, create_tx, "number create");
}

int
h_number_get(struct req *r)
{
	struct number_event *ev;
	struct number num;
	cJSON *o, *tl, *e;
	size_t i, n;
	int rc;

	if ((rc = db_number_get(r->db, r->a, r->org_id, r->ids[1],
	    &num)) == -1 ||
	    (rc == 1 && db_number_events(r->db, r->a, num.id, &ev, &n) == -1))
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such number.", NULL);
	o = number_json(r->a, &num);
	tl = cJSON_AddArrayToObject(o, "timeline");
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		columns_json(e, r->a, number_event_columns,
		    number_event_ncolumns, &ev[i]);
		cJSON_AddItemToArray(tl, e);
	}
	return req_json(r, 200, o);
}

/*
 * DELETE's transaction. A number a draft or live campaign sends from stays
 * (issue 4): its campaigns are locked first, then the number (the lock
 * order of db_campaigns.c), so none of them can be archived, launched or
 * finished half-way through the check.
 */
static int
delete_tx(struct req *r)
{
	struct number_brief nb;
	struct campaign_ref *cs;
	size_t i, n;
	bool done;
	int status, rc;

	if (db_begin(r->db) == -1)
		return db_down(r);
	/* Another organization's number is not even looked into. */
	if ((rc = db_number_brief(r->db, r->a, r->org_id, r->ids[1],
	    &nb)) != 1) {
		status = rc == 0 ? req_error(r, 404, "not_found",
		    "No such number.", NULL) : db_down(r);
		goto out_rollback;
	}
	if (db_campaigns_lock_of_number(r->db, r->a, r->ids[1], &cs, &n) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	for (i = 0; i < n; i++)
		if (strcmp(cs[i].status, "archived") != 0 &&
		    strcmp(cs[i].status, "failed") != 0) {
			status = req_error(r, 409, "conflict", "A campaign that "
			    "is not archived uses this number; archive it "
			    "first.", NULL);
			goto out_rollback;
		}
	if (db_number_release_request(r->db, r->a, r->org_id, r->ids[1],
	    &done) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	if (!done) {
		status = req_error(r, 404, "not_found", "No such number.", NULL);
		goto out_rollback;
	}
	if (db_number_event(r->db, r->a, r->ids[1], "release_requested",
	    arena_printf(r->a, "Deleted by %s.", r->sess.name)) == -1 ||
	    db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	log_info(r->rid, "number %lld deleted in org %lld", r->ids[1],
	    r->org_id);
	return 204;
out_rollback:
	db_rollback(r->db);
	return status;
}

int
h_number_delete(struct req *r)
{
	return txn_req(r, delete_tx, "number delete");
}
