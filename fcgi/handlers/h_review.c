/*
 * h_review: message review's list and bulk actions; see h_review.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_assign.h"
#include "db_review.h"
#include "h_review.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "utf8.h"

#define BULK_CHUNK	1000	/* ids per statement of a bulk action */

static int
bad(struct req *r, const char *field, const char *msg)
{
	return req_error(r, 422, "validation_failed", msg, field);
}

/* Checks a text search: 1 to REVIEW_TEXT_MAX characters of one line. */
static int
check_text(struct req *r, const char *s)
{
	long n = utf8_len(s);

	if (n < 1 || n > REVIEW_TEXT_MAX || strpbrk(s, "\r\n") != NULL)
		return bad(r, "q", arena_printf(r->a, "q must be 1 to %d "
		    "characters on one line.", REVIEW_TEXT_MAX));
	return 0;
}

static int
check_status(struct req *r, const char *s)
{
	if (conv_status_index(s) < 0)
		return bad(r, "status", "status must be a conversation "
		    "status.");
	return 0;
}

/* A hex digit's value; -1 when not one. */
static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A query value as it was typed: %XX and + decoded (the query string
 * reaches handlers encoded); NULL when a %XX is malformed. */
static char *
query_decode(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (*s == '+')
			*o++ = ' ';
		else if (*s != '%')
			*o++ = *s;
		else {
			if ((hi = hex(s[1])) < 0 || (lo = hex(s[2])) < 0)
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			s += 2;
		}
	}
	*o = '\0';
	return out;
}

/* "true" / "false" as 1 / 0; -1 when neither. */
static int
query_bool(const char *s)
{
	if (strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "false") == 0)
		return 0;
	return -1;
}

static void
filter_init(struct review_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->escalated = f->opted_out = REVIEW_ANY;
}

/* The list's filter from the query string; -1 after a 422. */
static int
filter_from_query(struct req *r, struct review_filter *f)
{
	const char *v;
	const long long max = 9007199254740991LL;

	filter_init(f);
	if ((v = req_query(r, "campaign_id")) != NULL && parse_range(v, 1,
	    max, &f->campaign_id) == -1)
		return bad(r, "campaign_id", "campaign_id must be a campaign "
		    "id."), -1;
	if ((v = req_query(r, "status")) != NULL && *v != '\0') {
		if (check_status(r, v) != 0)
			return -1;
		f->status = v;
	}
	if ((v = req_query(r, "texter")) != NULL && *v != '\0') {
		if (strcmp(v, "unassigned") == 0)
			f->texter = REVIEW_UNASSIGNED;
		else if (parse_range(v, 1, max, &f->texter) == -1)
			return bad(r, "texter", "texter must be a user id or "
			    "unassigned."), -1;
	}
	if ((v = req_query(r, "tag_id")) != NULL && parse_range(v, 1, max,
	    &f->tag_id) == -1)
		return bad(r, "tag_id", "tag_id must be a tag id."), -1;
	if ((v = req_query(r, "escalated")) != NULL &&
	    (f->escalated = query_bool(v)) == -1)
		return bad(r, "escalated", "escalated must be true or "
		    "false."), -1;
	if ((v = req_query(r, "opted_out")) != NULL &&
	    (f->opted_out = query_bool(v)) == -1)
		return bad(r, "opted_out", "opted_out must be true or "
		    "false."), -1;
	if ((v = req_query(r, "question_id")) != NULL && parse_range(v, 1,
	    max, &f->question_id) == -1)
		return bad(r, "question_id", "question_id must be a survey "
		    "question id."), -1;
	if ((v = req_query(r, "option_id")) != NULL && parse_range(v, 1, max,
	    &f->option_id) == -1)
		return bad(r, "option_id", "option_id must be a survey answer "
		    "option id."), -1;
	if ((v = req_query(r, "q")) != NULL) {
		if ((v = query_decode(r->a, v)) == NULL || utf8_len(v) < 0)
			return bad(r, "q", "q is not a well-formed "
			    "parameter."), -1;
		if (check_text(r, v) != 0)
			return -1;
		f->text = v;
	}
	return 0;
}

/* A JSON id (a positive whole number) into *out; false when not one. */
static bool
json_id(const cJSON *v, long long *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
	    v->valuedouble > 9007199254740991.0 ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return false;
	*out = (long long)v->valuedouble;
	return true;
}

/* A bulk action's filter from the body's "filter" object (the list's
 * parameters, JSON-typed); -1 after a 422. */
static int
filter_from_body(struct req *r, const cJSON *o, struct review_filter *f)
{
	const cJSON *v;

	if (!cJSON_IsObject(o))
		return bad(r, "filter", "filter must be an object."), -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "status")) != NULL &&
	    !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return bad(r, "status", "status must be a "
			    "conversation status."), -1;
		if (check_status(r, v->valuestring) != 0)
			return -1;
		f->status = v->valuestring;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "texter")) != NULL &&
	    !cJSON_IsNull(v)) {
		if (cJSON_IsString(v) && strcmp(v->valuestring,
		    "unassigned") == 0)
			f->texter = REVIEW_UNASSIGNED;
		else if (!json_id(v, &f->texter))
			return bad(r, "texter", "texter must be a user id or "
			    "\"unassigned\"."), -1;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "tag_id")) != NULL &&
	    !cJSON_IsNull(v) && !json_id(v, &f->tag_id))
		return bad(r, "tag_id", "tag_id must be a tag id."), -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "question_id")) != NULL &&
	    !cJSON_IsNull(v) && !json_id(v, &f->question_id))
		return bad(r, "question_id", "question_id must be a survey "
		    "question id."), -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "option_id")) != NULL &&
	    !cJSON_IsNull(v) && !json_id(v, &f->option_id))
		return bad(r, "option_id", "option_id must be a survey answer "
		    "option id."), -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "escalated")) != NULL &&
	    !cJSON_IsNull(v)) {
		if (!cJSON_IsBool(v))
			return bad(r, "escalated", "escalated must be true "
			    "or false."), -1;
		f->escalated = cJSON_IsTrue(v);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "opted_out")) != NULL &&
	    !cJSON_IsNull(v)) {
		if (!cJSON_IsBool(v))
			return bad(r, "opted_out", "opted_out must be true "
			    "or false."), -1;
		f->opted_out = cJSON_IsTrue(v);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "q")) != NULL &&
	    !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return bad(r, "q", "q must be a string."), -1;
		if (check_text(r, v->valuestring) != 0)
			return -1;
		f->text = v->valuestring;
	}
	return 0;
}

int
h_review_list(struct req *r)
{
	struct review_filter f;
	struct conversation *v;
	struct campaign c;
	long long limit, cursor, lo, hi, upto, next = 0;
	cJSON *items, *o, *who;
	size_t i, n = 0;
	int rc;

	if (req_page(r, &limit, &cursor) == -1 ||
	    filter_from_query(r, &f) == -1)
		return 422;
	if (f.campaign_id > 0 &&
	    (rc = texting_campaign(r, f.campaign_id, &c)) != 1)
		return rc;
	if ((rc = db_review_bounds(r->db, r->a, r->org_id, f.campaign_id,
	    &lo, &hi)) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	v = NULL;
	if (rc == 1) {
		if (cursor < lo - 1)
			cursor = lo - 1;
		upto = cursor + (f.text ? REVIEW_SEARCH_WINDOW : REVIEW_WINDOW);
		if (db_review_list(r->db, r->a, r->org_id, &f, cursor, upto,
		    limit + 1, &v, &n) == -1) {
			cJSON_Delete(items);
			return db_down(r);
		}
		/* A full page goes on after its last row; a short one after
		 * the window it read, while ids remain. */
		if (n > (size_t)limit)
			next = v[limit - 1].id;
		else if (upto < hi)
			next = upto;
	}
	for (i = 0; i < n && i < (size_t)limit; i++) {
		o = conversation_brief_json(r->a, &v[i]);
		json_add_str(o, "campaign_name", v[i].campaign_name);
		if (v[i].assignee_id > 0) {
			who = cJSON_AddObjectToObject(o, "assignee");
			cJSON_AddNumberToObject(who, "id",
			    (double)v[i].assignee_id);
			json_add_str(who, "name", v[i].assignee_name);
		} else
			cJSON_AddNullToObject(o, "assignee");
		cJSON_AddItemToArray(items, o);
	}
	return req_json(r, 200, json_list(items, next));
}

/* The work list of a bulk action. */
struct bulk {
	long long	 campaign_id;	/* 0: any of the organization */
	long long	 texter_id;	/* reassign: to (0: Unassigned) */
	bool		 reassign;
	long long	 matched, changed;
};

/* Applies the action to ids (all of the organization, and of b's
 * campaign when set), in id order; -1 when the database failed. */
static int
bulk_apply(struct req *r, struct bulk *b, const struct review_id *ids,
    size_t n)
{
	struct buf json;
	long long changed;
	size_t i;
	int rc = 0;

	if (n == 0)
		return 0;
	buf_init(&json, 1 << 20);
	buf_adds(&json, "[");
	for (i = 0; i < n; i++)
		buf_addf(&json, "%s%lld", i ? "," : "", ids[i].id);
	buf_adds(&json, "]");
	if (json.failed)
		rc = -1;
	else if (b->reassign)
		rc = db_move_ids(r->db, r->a, b->campaign_id, buf_str(&json),
		    b->texter_id, CLAIM_LOCK_WAIT_S, &changed);
	else
		rc = db_review_close(r->db, r->a, buf_str(&json), &changed);
	buf_free(&json);
	if (rc == 0) {
		b->matched += (long long)n;
		b->changed += changed;
	}
	return rc;
}

/* The selected ids of the body (at most REVIEW_IDS_MAX) as a JSON array
 * text; NULL after a 422. */
static const char *
body_ids(struct req *r, const cJSON *v)
{
	struct buf json;
	const cJSON *e;
	long long id;
	const char *out;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    cJSON_GetArraySize(v) > REVIEW_IDS_MAX) {
		bad(r, "ids", arena_printf(r->a, "ids must be a list of 1 to "
		    "%d conversation ids.", REVIEW_IDS_MAX));
		return NULL;
	}
	buf_init(&json, 1 << 20);
	buf_adds(&json, "[");
	cJSON_ArrayForEach(e, v) {
		if (!json_id(e, &id)) {
			buf_free(&json);
			bad(r, "ids", "ids must be conversation ids.");
			return NULL;
		}
		buf_addf(&json, "%s%lld", e == v->child ? "" : ",", id);
	}
	buf_adds(&json, "]");
	out = arena_strdup(r->a, buf_str(&json));
	buf_free(&json);
	return out;
}

/*
 * Runs a bulk action over the body's ids or every match of its filter
 * (exactly one of them), BULK_CHUNK at a time, and answers the counts.
 */
static int
bulk_run(struct req *r, struct bulk *b)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(r->json, "ids");
	const cJSON *fo = cJSON_GetObjectItemCaseSensitive(r->json, "filter");
	struct review_filter f;
	struct review_id *rows;
	const char *list;
	long long lo, hi, after, upto;
	size_t n;
	cJSON *o;
	int rc;

	if (cJSON_IsNull(ids))
		ids = NULL;
	if (cJSON_IsNull(fo))
		fo = NULL;
	if ((ids == NULL) == (fo == NULL))
		return bad(r, "ids", "Send either ids or filter.");
	if (ids != NULL) {
		if ((list = body_ids(r, ids)) == NULL)
			return 422;
		if (db_review_own_ids(r->db, r->a, r->org_id, b->campaign_id,
		    list, &rows, &n) == -1 || bulk_apply(r, b, rows, n) == -1)
			return db_down(r);
		goto answer;
	}
	filter_init(&f);
	if (filter_from_body(r, fo, &f) == -1)
		return 422;
	f.campaign_id = b->campaign_id;
	if ((rc = db_review_bounds(r->db, r->a, r->org_id, f.campaign_id,
	    &lo, &hi)) == -1)
		return db_down(r);
	for (after = lo - 1; rc == 1 && after < hi; after = upto) {
		upto = after + (f.text ? REVIEW_SEARCH_WINDOW : REVIEW_WINDOW);
		do {
			if (db_review_match_ids(r->db, r->a, r->org_id, &f,
			    after, upto, BULK_CHUNK, &rows, &n) == -1 ||
			    bulk_apply(r, b, rows, n) == -1)
				return db_down(r);
			if (n > 0)
				after = rows[n - 1].id;
		} while (n == BULK_CHUNK);
	}
answer:
	log_info(r->rid, "review: %lld of %lld conversations %s by user %lld",
	    b->changed, b->matched, b->reassign ? "moved" : "closed",
	    r->sess.user_id);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "matched", (double)b->matched);
	cJSON_AddNumberToObject(o, "changed", (double)b->changed);
	return req_json(r, 200, o);
}

int
h_review_close(struct req *r)
{
	struct bulk b;
	struct campaign c;
	int rc;

	memset(&b, 0, sizeof(b));
	if ((b.campaign_id = req_id(r, "campaign_id")) > 0 &&
	    (rc = texting_campaign(r, b.campaign_id, &c)) != 1)
		return rc;
	return bulk_run(r, &b);
}

int
h_review_reassign(struct req *r)
{
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(r->json,
	    "texter_id");
	struct campaign c;
	struct bulk b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.reassign = true;
	b.campaign_id = req_id(r, "campaign_id");
	if (to == NULL)
		return bad(r, "texter_id", "texter_id is required (null: "
		    "back to Unassigned).");
	if (!cJSON_IsNull(to) && !json_id(to, &b.texter_id))
		return bad(r, "texter_id", "texter_id must be a user id or "
		    "null.");
	if ((rc = texting_campaign(r, b.campaign_id, &c)) != 1)
		return rc;
	if (b.texter_id > 0) {
		if ((rc = db_is_texter(r->db, r->a, c.id, b.texter_id)) == -1)
			return db_down(r);
		if (rc == 0)
			return bad(r, "texter_id", arena_printf(r->a, "User "
			    "%lld is not a texter on this campaign.",
			    b.texter_id));
	}
	return bulk_run(r, &b);
}
