/*
 * h_contacts: a campaign's contacts: the CSV import (streamed from the
 * request body, see import.c), the list, and removal lists. An import or
 * a removal list runs in one transaction holding the campaign's row, so a
 * failure leaves nothing behind and a launch cannot slip in between.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <strings.h>

#include "app.h"
#include "arena.h"
#include "db_contacts.h"
#include "db_campaigns.h"
#include "db_claims.h"
#include "handlers.h"
#include "import.h"
#include "log.h"

/* A CSV by its Content-Type (browsers label .csv files a few ways). */
static bool
is_csv(const char *type)
{
	static const char *const ok[] = { "text/csv", "text/plain",
	    "application/csv", "application/vnd.ms-excel", NULL };
	size_t i, n;

	if (type == NULL)
		return false;
	for (i = 0; ok[i] != NULL; i++) {
		n = strlen(ok[i]);
		if (strncasecmp(type, ok[i], n) == 0 &&
		    (type[n] == '\0' || type[n] == ';' || type[n] == ' '))
			return true;
	}
	return false;
}

static cJSON *
problems_json(const struct import_result *res)
{
	cJSON *list = cJSON_CreateArray(), *p;
	size_t i;

	for (i = 0; i < res->nproblems; i++) {
		p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "line", (double)res->problems[i].line);
		cJSON_AddStringToObject(p, "reason", res->problems[i].reason);
		cJSON_AddItemToArray(list, p);
	}
	return list;
}

/*
 * Opens the transaction and locks the campaign; 0, or the error status
 * (rolled back). `allowed` lists the statuses the upload may go to.
 */
static int
begin_upload(struct req *r, struct campaign *c, const char *const *allowed,
    const char *refusal)
{
	int rc, status;

	if (!is_csv(r->content_type))
		return req_error(r, 415, "unsupported_media_type",
		    "Send the file itself as the body, with Content-Type "
		    "text/csv.", NULL);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((rc = db_campaign_lock(r->db, r->a, r->org_id, r->ids[1])) != 1 ||
	    db_campaign_get(r->db, r->a, r->org_id, r->ids[1], c) != 1) {
		status = rc == 0 ? req_error(r, 404, "not_found",
		    "No such campaign.", NULL) : db_down(r);
		db_rollback(r->db);
		return status;
	}
	for (; *allowed != NULL; allowed++)
		if (strcmp(c->status, *allowed) == 0)
			return 0;
	db_rollback(r->db);
	return req_error(r, 409, "conflict", refusal, NULL);
}

static int
upload_failed(struct req *r, const struct import_result *res)
{
	db_rollback(r->db);
	return req_error(r, res->status, res->code, res->message, res->field);
}

int
h_contacts_import(struct req *r)
{
	static const char *const drafts[] = { "draft", NULL };
	struct import_result *res = arena_alloc(r->a, sizeof(*res));
	struct campaign c;
	cJSON *o;
	int status;

	if ((status = begin_upload(r, &c, drafts, "Contacts can be added to a "
	    "draft only.")) != 0)
		return status;
	if (c.v.number_mode != NULL && strcmp(c.v.number_mode, "followup") == 0) {
		db_rollback(r->db);
		return req_error(r, 409, "conflict", "A followup's audience is its "
		    "original campaign's contacts: take some out with a removal "
		    "list instead.", NULL);
	}
	if (import_contacts(r->db, r->a, r->org_id, c.id, c.contact_columns,
	    r->content_length, r->read_some, r->io, res) == -1)
		return upload_failed(r, res);
	if (db_campaign_contacts_added(r->db, r->a, c.id, res->imported,
	    res->columns) == -1 ||
	    db_commit(r->db) == -1) {
		db_rollback(r->db);
		return db_down(r);
	}
	log_info(r->rid, "campaign %lld: %lld contacts imported, %lld "
	    "duplicates, %lld invalid, %lld opted out", c.id, res->imported,
	    res->duplicates, res->invalid, res->opted_out);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "imported", (double)res->imported);
	cJSON_AddNumberToObject(o, "duplicates", (double)res->duplicates);
	cJSON_AddNumberToObject(o, "invalid", (double)res->invalid);
	cJSON_AddNumberToObject(o, "opted_out", (double)res->opted_out);
	cJSON_AddItemToObject(o, "problems", problems_json(res));
	return req_json(r, 200, o);
}

int
h_contacts_remove(struct req *r)
{
	static const char *const live[] = { "draft", "launching", "active",
	    "paused", NULL };
	struct import_result *res = arena_alloc(r->a, sizeof(*res));
	struct campaign c;
	cJSON *o;
	int status;

	if ((status = begin_upload(r, &c, live, "Contacts can no longer be "
	    "removed from a failed or archived campaign.")) != 0)
		return status;
	if (import_removals(r->db, r->a, c.id, r->content_length,
	    r->read_some, r->io, res) == -1)
		return upload_failed(r, res);
	/* Self assign's plan counted them (sql/013). */
	if (db_campaign_count_contacts(r->db, r->a, c.id) == -1 ||
	    db_plan_stale(r->db, r->a, c.id) == -1 ||
	    db_commit(r->db) == -1) {
		db_rollback(r->db);
		return db_down(r);
	}
	log_info(r->rid, "campaign %lld: %lld contacts removed by list",
	    c.id, res->removed);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "removed", (double)res->removed);
	cJSON_AddNumberToObject(o, "not_found", (double)res->not_found);
	cJSON_AddNumberToObject(o, "invalid", (double)res->invalid);
	cJSON_AddItemToObject(o, "problems", problems_json(res));
	return req_json(r, 200, o);
}

static cJSON *
contact_json(struct arena *a, const struct contact *k)
{
	cJSON *o = cJSON_CreateObject(), *f;

	columns_json(o, a, contact_row_columns, contact_row_ncolumns, k);
	f = k->fields != NULL ? cJSON_Parse(k->fields) : NULL;
	if (!cJSON_IsObject(f)) {
		cJSON_Delete(f);
		f = cJSON_CreateObject();
	}
	cJSON_AddItemToObject(o, "fields", f);
	return o;
}

int
h_contacts_list(struct req *r)
{
	struct campaign c;
	struct contact *k;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;
	int rc;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if ((rc = db_campaign_get(r->db, r->a, r->org_id, r->ids[1],
	    &c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	if (db_contacts_list(r->db, r->a, c.id, cursor, limit + 1, &k,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, contact_json(r->a, &k[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? k[limit - 1].id : 0));
}
