/*
 * h_conversation_tags: tags on a conversation and the organizers' review
 * queue. Adding a tag marked escalate puts the conversation in the queue
 * (escalated); a supervisor and up lists the queue and clears a
 * conversation from it. Tags may change on an opted-out contact's
 * conversation: nothing is sent.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_claims.h"
#include "h_tags.h"
#include "handlers.h"
#include "log.h"

int
conversation_for_change(struct req *r, struct conversation *v)
{
	int rc;

	if ((rc = db_conversation(r->db, r->a, r->org_id, r->ids[1], v,
	    NULL)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such conversation.",
		    NULL);
	/* A batch taken but not yet set is the caller's already. */
	if (v->assignee_id == 0 && r->role < ROLE_SUPERVISOR &&
	    (db_claims_apply_texter(r->db, r->a, r->sess.user_id) == -1 ||
	    db_conversation(r->db, r->a, r->org_id, r->ids[1], v, NULL) != 1))
		return db_down(r);
	if (v->assignee_id != r->sess.user_id && r->role < ROLE_SUPERVISOR)
		return req_error(r, 403, "not_your_conversation", "This "
		    "conversation is assigned to another texter.", NULL);
	return 1;
}

int
conversation_changed(struct req *r, int status, long long id)
{
	struct conversation v;
	struct tag *t;
	size_t i, n;
	cJSON *o, *list;

	if (db_conversation(r->db, r->a, r->org_id, id, &v, NULL) != 1 ||
	    db_conversation_tags(r->db, r->a, id, &t, &n) == -1)
		return db_down(r);
	o = conversation_brief_json(r->a, &v);
	list = cJSON_CreateArray();
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, tag_json(r->a, &t[i]));
	cJSON_ReplaceItemInObjectCaseSensitive(o, "tags", list);
	return req_json(r, status, o);
}

/* The tag of id in the caller's organization: 1, or the error status. */
static int
org_tag(struct req *r, long long id, struct tag *t)
{
	int rc;

	if ((rc = db_tag(r->db, r->a, r->org_id, id, t)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such tag.", NULL);
	return 1;
}

int
h_conversation_tag_add(struct req *r)
{
	struct conversation v;
	struct tag t;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	if ((rc = org_tag(r, req_id(r, "tag_id"), &t)) != 1)
		return rc;
	if (db_conversation_tag_add(r->db, r->a, v.id, &t,
	    r->sess.user_id) == -1)
		return db_down(r);
	if (t.escalate && !v.escalated)
		log_info(r->rid, "conversation %lld escalated by user %lld "
		    "(tag %lld)", v.id, r->sess.user_id, t.id);
	return conversation_changed(r, 200, v.id);
}

int
h_conversation_tag_remove(struct req *r)
{
	struct conversation v;
	struct tag t;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	if ((rc = org_tag(r, r->ids[2], &t)) != 1)
		return rc;
	if (db_conversation_tag_remove(r->db, r->a, v.id, t.id) == -1)
		return db_down(r);
	return conversation_changed(r, 200, v.id);
}

int
h_escalations_list(struct req *r)
{
	const char *q = req_query(r, "campaign_id");
	struct conversation *v;
	long long limit, cursor, campaign_id = 0;
	cJSON *items, *o, *who;
	size_t i, n;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (q != NULL && parse_range(q, 1, 9007199254740991LL,
	    &campaign_id) == -1)
		return req_error(r, 422, "validation_failed", "campaign_id "
		    "must be a campaign id.", "campaign_id");
	if (db_escalated(r->db, r->a, r->org_id, campaign_id, cursor,
	    limit + 1, &v, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++) {
		o = conversation_brief_json(r->a, &v[i]);
		if (v[i].assignee_id > 0) {
			who = cJSON_AddObjectToObject(o, "assignee");
			cJSON_AddNumberToObject(who, "id",
			    (double)v[i].assignee_id);
			json_add_str(who, "name", v[i].assignee_name);
		} else
			cJSON_AddNullToObject(o, "assignee");
		cJSON_AddItemToArray(items, o);
	}
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? v[limit - 1].id : 0));
}

int
h_escalation_clear(struct req *r)
{
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	if (db_escalation_clear(r->db, r->a, v.id) == -1)
		return db_down(r);
	log_info(r->rid, "conversation %lld: escalation cleared by user %lld",
	    v.id, r->sess.user_id);
	return conversation_changed(r, 200, v.id);
}
