/*
 * h_tags: an organization's tags. Every member lists them (the messenger's
 * tag picker); admins create, rename, mark as escalating and delete them.
 * A name is 1 to 50 characters once trimmed (tag_name.h), unique in the
 * organization whatever its case (409 conflict naming "name"); an
 * organization has at most TAGS_MAX. Deleting a tag takes it off every
 * conversation; conversations it escalated stay in the review queue.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "h_tags.h"
#include "handlers.h"
#include "log.h"
#include "tag_name.h"

cJSON *
tag_json(struct arena *a, const struct tag *t)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, a, tag_columns, tag_ncolumns, t);
	return o;
}

/* Answers status with tag id of the caller's organization. */
static int
tag_answer(struct req *r, int status, long long id)
{
	struct tag t;
	int rc;

	if ((rc = db_tag(r->db, r->a, r->org_id, id, &t)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such tag.", NULL);
	return req_json(r, status, tag_json(r->a, &t));
}

static int
name_taken(struct req *r)
{
	return req_error(r, 409, "conflict", "This organization has a tag "
	    "of that name already.", "name");
}

/* The body's name, cleaned (tag_name.h): NULL after a 422 or when absent
 * (*absent then true). */
static char *
body_name(struct req *r, bool *absent)
{
	const char *in = req_str(r, "name"), *why;
	char *name;

	*absent = in == NULL;
	if (in == NULL)
		return NULL;
	if ((why = tag_name_clean(r->a, in, &name)) != NULL) {
		req_error(r, 422, "validation_failed", why, "name");
		return NULL;
	}
	return name;
}

int
h_tags_list(struct req *r)
{
	struct tag *t;
	cJSON *items;
	size_t i, n;

	if (db_tags(r->db, r->a, r->org_id, &t, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, tag_json(r->a, &t[i]));
	return req_json(r, 200, json_list(items, 0));
}

int
h_tag_create(struct req *r)
{
	const cJSON *esc = cJSON_GetObjectItemCaseSensitive(r->json,
	    "escalate");
	long long id, count;
	bool absent;
	char *name;
	int rc;

	if ((name = body_name(r, &absent)) == NULL)
		return 422;
	if (db_tag_count(r->db, r->a, r->org_id, &count) == -1)
		return db_down(r);
	if (count >= TAGS_MAX)
		return req_error(r, 409, "too_many_tags", arena_printf(r->a,
		    "An organization has at most %d tags: delete one first.",
		    TAGS_MAX), NULL);
	if ((rc = db_tag_create(r->db, r->a, r->org_id, name,
	    cJSON_IsTrue(esc), &id)) == -1)
		return db_down(r);
	if (rc == 0)
		return name_taken(r);
	log_info(r->rid, "tag %lld added to org %lld by user %lld", id,
	    r->org_id, r->sess.user_id);
	return tag_answer(r, 201, id);
}

int
h_tag_update(struct req *r)
{
	const cJSON *esc = cJSON_GetObjectItemCaseSensitive(r->json,
	    "escalate");
	struct tag t;
	bool absent;
	char *name;
	int rc;

	if ((name = body_name(r, &absent)) == NULL && !absent)
		return 422;
	if ((rc = db_tag(r->db, r->a, r->org_id, r->ids[1], &t)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such tag.", NULL);
	if ((rc = db_tag_update(r->db, r->a, r->org_id, t.id, name,
	    cJSON_IsBool(esc) ? cJSON_IsTrue(esc) : -1)) == -1)
		return db_down(r);
	if (rc == 0)
		return name_taken(r);
	return tag_answer(r, 200, t.id);
}

int
h_tag_delete(struct req *r)
{
	int rc;

	if ((rc = db_tag_delete(r->db, r->a, r->org_id, r->ids[1])) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such tag.", NULL);
	log_info(r->rid, "tag %lld of org %lld deleted by user %lld",
	    r->ids[1], r->org_id, r->sess.user_id);
	return 204;
}
