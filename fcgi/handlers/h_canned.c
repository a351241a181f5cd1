/*
 * h_canned: canned responses. Organizers (supervisors and up) keep a
 * campaign's own and the organization-wide ones, and choose which
 * organization-wide ones a campaign includes; a texter reads those of a
 * conversation of theirs, rendered for its contact, to put one in the
 * reply box (sending is the reply path of h_messages.c, with its checks).
 *
 * A text's merge fields are the script's: one the campaign's contacts
 * lack is a 422 naming "text", checked against the campaign it belongs
 * to, and an organization-wide one against every campaign including it
 * (contact columns only grow, so a text once valid stays so). Every id
 * is looked up within the caller's organization: another's is a 404.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "canned.h"
#include "db_canned.h"
#include "db_claims.h"
#include "db_conversations.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "script.h"

static cJSON *
canned_json(struct arena *a, const struct canned *c, const char *text)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, a, canned_columns, canned_ncolumns, c);
	cJSON_AddStringToObject(o, "scope", c->campaign_id > 0 ? "campaign" :
	    "organization");
	if (text != NULL)
		cJSON_ReplaceItemInObject(o, "text", cJSON_CreateString(text));
	return o;
}

static int
list_answer(struct req *r, const struct canned *v, size_t n)
{
	cJSON *items = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, canned_json(r->a, &v[i], NULL));
	return req_json(r, 200, json_list(items, 0));
}

/* The campaign of path id 1 in the caller's organization: 1, or 404. */
static int
campaign_of(struct req *r, struct canned_campaign *k)
{
	int rc;

	if ((rc = db_canned_campaign(r->db, r->a, r->org_id, r->ids[1],
	    k)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	return 1;
}

/* title and text of the body (either NULL when absent): 0, or 422. */
static int
body_values(struct req *r, const char **title, const char **text)
{
	struct field_error err;

	*title = req_str(r, "title");
	*text = req_str(r, "text");
	if (canned_check(r->a, *title, *text, &err) == -1)
		return req_error(r, 422, "validation_failed", err.message,
		    err.field);
	return 0;
}

/* 422 when text uses a merge field campaign k's contacts lack; named
 * names the campaign in the message (an organization-wide text). */
static int
fields_known(struct req *r, const char *text, const struct canned_campaign *k,
    bool named)
{
	const char *f;

	if ((f = script_unknown_field(r->a, text, k->contact_columns)) == NULL)
		return 0;
	return req_error(r, 422, "validation_failed", canned_unknown_message(
	    r->a, f, named ? k->name : NULL), "text");
}

/* Refuses a scope already holding CANNED_SCOPE_MAX: 0, or 409. */
static int
room_left(struct req *r, long long campaign_id)
{
	long long n;

	if (db_canned_count(r->db, r->a, r->org_id, campaign_id, &n) == -1)
		return db_down(r);
	if (n >= CANNED_SCOPE_MAX)
		return req_error(r, 409, "too_many_canned_responses",
		    arena_printf(r->a, "%s has %d canned responses, the most "
		    "it may have; delete one first.", campaign_id > 0 ?
		    "This campaign" : "The organization", CANNED_SCOPE_MAX),
		    NULL);
	return 0;
}

/* Inserts and answers 201 with the new canned response. */
static int
create(struct req *r, long long campaign_id, const char *title,
    const char *text)
{
	struct canned c;
	long long id;

	if (db_canned_insert(r->db, r->a, r->org_id, campaign_id, title, text,
	    r->sess.user_id, &id) == -1 ||
	    db_canned_get(r->db, r->a, r->org_id, id, &c) != 1)
		return db_down(r);
	log_info(r->rid, "user %lld created canned response %lld (%s)",
	    r->sess.user_id, id, campaign_id > 0 ? "campaign" : "organization");
	return req_json(r, 201, canned_json(r->a, &c, NULL));
}

int
h_canned_org_list(struct req *r)
{
	struct canned *v;
	size_t n;

	if (db_canned_list(r->db, r->a, r->org_id, 0, &v, &n) == -1)
		return db_down(r);
	return list_answer(r, v, n);
}

int
h_canned_org_create(struct req *r)
{
	const char *title, *text;
	int rc;

	if ((rc = body_values(r, &title, &text)) != 0 ||
	    (rc = room_left(r, 0)) != 0)
		return rc;
	/* Its merge fields are checked when a campaign includes it. */
	return create(r, 0, title, text);
}

int
h_canned_campaign_list(struct req *r)
{
	struct canned_campaign k;
	struct canned *v;
	size_t n;
	int rc;

	if ((rc = campaign_of(r, &k)) != 1)
		return rc;
	if (db_canned_list(r->db, r->a, r->org_id, k.id, &v, &n) == -1)
		return db_down(r);
	return list_answer(r, v, n);
}

int
h_canned_campaign_create(struct req *r)
{
	struct canned_campaign k;
	const char *title, *text;
	int rc;

	if ((rc = campaign_of(r, &k)) != 1)
		return rc;
	if ((rc = body_values(r, &title, &text)) != 0 ||
	    (rc = fields_known(r, text, &k, false)) != 0 ||
	    (rc = room_left(r, k.id)) != 0)
		return rc;
	return create(r, k.id, title, text);
}

/* The canned response of path id `at`: 1, or 404. */
static int
canned_at(struct req *r, size_t at, struct canned *c)
{
	int rc;

	if ((rc = db_canned_get(r->db, r->a, r->org_id, r->ids[at], c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such canned response.",
		    NULL);
	return 1;
}

/* A new text of c: against its campaign, or every campaign including it. */
static int
text_fits(struct req *r, const struct canned *c, const char *text)
{
	struct canned_campaign k, *ks;
	size_t i, n;
	int rc;

	if (c->campaign_id > 0) {
		if ((rc = db_canned_campaign(r->db, r->a, r->org_id,
		    c->campaign_id, &k)) != 1)
			return db_down(r);
		return fields_known(r, text, &k, false);
	}
	if (db_canned_includers(r->db, r->a, c->id, &ks, &n) == -1)
		return db_down(r);
	for (i = 0; i < n; i++)
		if ((rc = fields_known(r, text, &ks[i], true)) != 0)
			return rc;
	return 0;
}

int
h_canned_update(struct req *r)
{
	const char *title, *text;
	struct canned c;
	int rc;

	if ((rc = canned_at(r, 1, &c)) != 1)
		return rc;
	if ((rc = body_values(r, &title, &text)) != 0)
		return rc;
	if (title == NULL && text == NULL)
		return req_error(r, 422, "validation_failed", "Give a new title "
		    "or text.", "title");
	if (text != NULL && (rc = text_fits(r, &c, text)) != 0)
		return rc;
	if ((rc = db_canned_update(r->db, r->a, r->org_id, c.id,
	    title ? title : c.title, text ? text : c.text)) == -1)
		return db_down(r);
	if (rc == 0)	/* deleted meanwhile */
		return req_error(r, 404, "not_found", "No such canned response.",
		    NULL);
	if (db_canned_get(r->db, r->a, r->org_id, c.id, &c) != 1)
		return db_down(r);
	return req_json(r, 200, canned_json(r->a, &c, NULL));
}

int
h_canned_delete(struct req *r)
{
	int rc;

	if ((rc = db_canned_delete(r->db, r->a, r->org_id, r->ids[1])) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such canned response.",
		    NULL);
	log_info(r->rid, "user %lld deleted canned response %lld",
	    r->sess.user_id, r->ids[1]);
	return 204;
}

/* The organization-wide canned response of path id 2: 1, or 404. */
static int
org_wide_at(struct req *r, struct canned *c)
{
	int rc;

	if ((rc = canned_at(r, 2, c)) != 1)
		return rc;
	if (c->campaign_id > 0)
		return req_error(r, 404, "not_found", "No such "
		    "organization-wide canned response.", NULL);
	return 1;
}

int
h_canned_include(struct req *r)
{
	struct canned_campaign k;
	struct canned c;
	long long n;
	int rc;

	if ((rc = campaign_of(r, &k)) != 1 || (rc = org_wide_at(r, &c)) != 1)
		return rc;
	if ((rc = fields_known(r, c.text, &k, false)) != 0)
		return rc;
	if (db_canned_includes_count(r->db, r->a, k.id, &n) == -1)
		return db_down(r);
	if (n >= CANNED_SCOPE_MAX)
		return req_error(r, 409, "too_many_canned_responses",
		    arena_printf(r->a, "This campaign includes %d "
		    "organization-wide canned responses, the most it may; "
		    "leave one out first.", CANNED_SCOPE_MAX), NULL);
	if (db_canned_include(r->db, r->a, k.id, c.id) == -1)
		return db_down(r);
	return req_json(r, 200, canned_json(r->a, &c, NULL));
}

int
h_canned_exclude(struct req *r)
{
	struct canned_campaign k;
	struct canned c;
	int rc;

	if ((rc = campaign_of(r, &k)) != 1 || (rc = org_wide_at(r, &c)) != 1)
		return rc;
	if ((rc = db_canned_exclude(r->db, r->a, k.id, c.id)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "This campaign does not "
		    "include that canned response.", NULL);
	return 204;
}

int
h_canned_for_conversation(struct req *r)
{
	struct texting_contact who;
	struct conversation v;
	struct canned *list;
	cJSON *items;
	size_t i, n;
	int rc;

	if ((rc = db_conversation(r->db, r->a, r->org_id, r->ids[1], &v,
	    NULL)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such conversation.",
		    NULL);
	/* A batch taken but not yet set is set first (as h_messages.c). */
	if (v.assignee_id == 0 && r->role < ROLE_SUPERVISOR &&
	    (db_claims_apply_texter(r->db, r->a, r->sess.user_id) == -1 ||
	    db_conversation(r->db, r->a, r->org_id, r->ids[1], &v, NULL) != 1))
		return db_down(r);
	if (v.assignee_id != r->sess.user_id && r->role < ROLE_SUPERVISOR)
		return req_error(r, 403, "not_your_conversation", "This "
		    "conversation is assigned to another texter.", NULL);
	if (db_canned_list(r->db, r->a, r->org_id, v.campaign_id, &list,
	    &n) == -1)
		return db_down(r);
	memset(&who, 0, sizeof(who));
	who.first_name = v.first_name;
	who.last_name = v.last_name;
	who.fields = v.fields;
	who.texter_name = v.assignee_name;
	items = cJSON_CreateArray();
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, canned_json(r->a, &list[i],
		    canned_render(r->a, list[i].text, &who)));
	return req_json(r, 200, json_list(items, 0));
}
