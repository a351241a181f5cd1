/*
 * h_messages: the messenger: a texter's conversations, one conversation
 * with its messages and the script rendered for the contact, sending the
 * initial message (one per click: P2P), replies, the inbox of
 * conversations needing a response, and opting a contact out.
 *
 * Only the conversation's texter sends its initial message (403
 * otherwise); supervisors and up may read any conversation of their
 * organization and reply in it (message review), as themselves. Every send
 * passes the campaign's gates (status, number, incident wait, window,
 * open hours; replies only the first three) with one 409 code per gate,
 * and is a queued row: the sender role talks to the provider.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "campaign_fields.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"


/*
 * The conversation of path id 1 with its campaign, for the caller, and
 * (next not NULL) the texter's next one waiting for its initial message.
 * own: the caller must be its texter (a batch taken but not yet set is
 * set first). 1, or the error status.
 */
static int
load(struct req *r, bool own, struct conversation *v,
    struct campaign *c, long long *next)
{
	int rc;

	if ((rc = db_conversation_next(r->db, r->a, r->org_id, r->ids[1],
	    v, c, next)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such conversation.",
		    NULL);
	if (v->assignee_id != r->sess.user_id && v->assignee_id == 0) {
		if (db_claims_apply_texter(r->db, r->a,
		    r->sess.user_id) == -1 || db_conversation_next(r->db,
		    r->a, r->org_id, r->ids[1], v, c, next) != 1)
			return db_down(r);
	}
	if (v->assignee_id != r->sess.user_id &&
	    (own || r->role < ROLE_SUPERVISOR))
		return req_error(r, 403, "not_your_conversation", "This "
		    "conversation is assigned to another texter.", NULL);
	return 1;
}

static char *
initial_text(struct req *r, const struct conversation *v,
    const struct campaign *c)
{
	struct texting_contact k;

	k.first_name = v->first_name;
	k.last_name = v->last_name;
	k.fields = v->fields;
	k.texter_name = v->assignee_name;
	k.opt_out_language = campaign_opt_out_text(c);
	return texting_render(r->a, c->v.script, &k);
}

/* One page of conversation briefs; n holds one more when a next exists. */
static int
brief_page(struct req *r, const struct conversation *v, size_t n,
    long long limit)
{
	cJSON *items = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, conversation_brief_json(r->a, &v[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? v[limit - 1].id : 0));
}

int
h_my_conversations(struct req *r)
{
	const char *status = req_query(r, "status");
	struct conversation *v;
	struct campaign c;
	long long limit, cursor;
	size_t n;
	int rc;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (status == NULL)
		status = "needs_message";
	if (conv_status_index(status) < 0)
		return req_error(r, 422, "validation_failed", "status must be "
		    "a conversation status.", "status");
	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (db_claims_apply_texter(r->db, r->a, r->sess.user_id) == -1 ||
	    db_my_conversations(r->db, r->a, c.id, r->sess.user_id, status,
	    cursor, limit + 1, &v, &n) == -1)
		return db_down(r);
	return brief_page(r, v, n, limit);
}

int
h_inbox(struct req *r)
{
	struct conversation *v;
	long long limit, cursor;
	size_t n;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (db_inbox(r->db, r->a, r->org_id, r->sess.user_id, cursor,
	    limit + 1, &v, &n) == -1)
		return db_down(r);
	return brief_page(r, v, n, limit);
}

int
h_conversation_get(struct req *r)
{
	struct conversation v;
	struct campaign c;
	struct message *m;
	struct tag *t;
	struct gate g;
	cJSON *o, *list, *who;
	size_t i, n, ntags;
	bool initial;
	int rc;

	if ((rc = load(r, false, &v, &c, NULL)) != 1)
		return rc;
	if (db_messages(r->db, r->a, v.id, &m, &n) == -1 ||
	    db_conversation_tags(r->db, r->a, v.id, &t, &ntags) == -1)
		return db_down(r);
	initial = strcmp(v.status, "needs_message") == 0;
	(void)campaign_gate(&c, !initial, &g);
	o = conversation_brief_json(r->a, &v);
	cJSON_AddStringToObject(o, "campaign_name", c.v.name);
	cJSON_AddStringToObject(o, "campaign_time_zone", c.v.time_zone);
	if (v.assignee_id > 0) {
		who = cJSON_AddObjectToObject(o, "assignee");
		cJSON_AddNumberToObject(who, "id", (double)v.assignee_id);
		json_add_str(who, "name", v.assignee_name);
	} else
		cJSON_AddNullToObject(o, "assignee");
	json_add_str(o, "initial_message", initial && !v.opted_out ?
	    initial_text(r, &v, &c) : NULL);
	cJSON_AddItemToObject(o, "gate", gate_closed_json(&g));
	list = cJSON_CreateArray();
	for (i = 0; i < ntags; i++)
		cJSON_AddItemToArray(list, tag_json(r->a, &t[i]));
	cJSON_ReplaceItemInObjectCaseSensitive(o, "tags", list);
	list = cJSON_AddArrayToObject(o, "messages");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, message_json(r->a, &m[i]));
	return req_json(r, 200, o);
}

/* Queues body in the caller's conversation and answers the message (and
 * after an initial one, next: the conversation to show then, 0 none). */
static int
queue(struct req *r, bool initial, const struct conversation *v,
    const struct campaign *c, const char *body, long long next)
{
	struct message m;
	long long id;
	cJSON *o;

	if (db_message_queue(r->db, r->a, initial, c->id, v->id, r->sess.user_id,
	    v->assignee_id, body, c->number_e164, v->phone, &id) == -1)
		return db_down(r);
	if (id == 0)
		return initial ? req_error(r, 409, "already_messaged", "The "
		    "initial message of this conversation was sent already.",
		    NULL) : req_error(r, 409, "conversation_changed", "This "
		    "conversation changed meanwhile; reload it.", NULL);
	/* The next is not the id after this one (a batch's end, one
	 * skipped): look it up. The message is queued whatever happens. */
	if (initial && next == 0 && db_next_to_message(r->db, r->a, c->id,
	    r->sess.user_id, v->id, &next) == -1) {
		log_warn(r->rid, "conversation %lld: could not look up the "
		    "next one", v->id);
		next = 0;
	}
	/* The message as queued (no need to read it back). */
	memset(&m, 0, sizeof(m));
	m.id = id;
	m.conversation_id = v->id;
	m.initial = initial;
	m.direction = "out";
	m.body = body;
	m.status = "queued";
	m.created_at = m.status_at = c->now;
	m.sender_name = r->sess.name;
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "message", message_json(r->a, &m));
	if (next > 0)
		cJSON_AddNumberToObject(o, "next_conversation_id", (double)next);
	else
		cJSON_AddNullToObject(o, "next_conversation_id");
	return req_json(r, 201, o);
}

/* The status and opt-out checks every send makes: 0 or an error. */
static int
sendable(struct req *r, const struct conversation *v,
    const struct campaign *c, bool reply)
{
	struct gate g;

	if (v->opted_out)
		return req_error(r, 409, "opted_out", "This contact opted out: "
		    "no campaign of this organization may text them.", NULL);
	if (!reply && strcmp(v->status, "needs_message") != 0)
		return req_error(r, 409, "already_messaged", "The initial "
		    "message of this conversation was sent already.", NULL);
	if (reply && strcmp(v->status, "needs_message") == 0)
		return req_error(r, 409, "initial_first", "Send the initial "
		    "message before replying.", NULL);
	if (!campaign_gate(c, reply, &g))
		return gate_error(r, &g);
	return 0;
}

int
h_send_initial(struct req *r)
{
	struct conversation v;
	struct campaign c;
	long long next;
	int rc;

	if ((rc = load(r, true, &v, &c, &next)) != 1)
		return rc;
	if ((rc = sendable(r, &v, &c, false)) != 0)
		return rc;
	return queue(r, true, &v, &c, initial_text(r, &v, &c), next);
}

int
h_send_reply(struct req *r)
{
	struct conversation v;
	struct campaign c;
	int rc;

	if ((rc = load(r, r->role < ROLE_SUPERVISOR, &v, &c, NULL)) != 1)
		return rc;
	if ((rc = sendable(r, &v, &c, true)) != 0)
		return rc;
	return queue(r, false, &v, &c, req_str(r, "body"), 0);
}

int
h_conversation_opt_out(struct req *r)
{
	struct conversation v;
	struct campaign c;
	int rc;

	if ((rc = load(r, false, &v, &c, NULL)) != 1)
		return rc;
	if (db_opt_out(r->db, r->a, r->org_id, v.phone, "texter") == -1 ||
	    db_conversation(r->db, r->a, r->org_id, v.id, &v, NULL) != 1)
		return db_down(r);
	log_info(r->rid, "conversation %lld: contact opted out by user %lld",
	    v.id, r->sess.user_id);
	return req_json(r, 200, conversation_brief_json(r->a, &v));
}
