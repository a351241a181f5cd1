/*
 * h_join: following a campaign invite link (/join#TOKEN).
 *
 * The token sits in the URL fragment, which browsers never send, and
 * reaches the API only in request bodies: no access log holds it. A link
 * is live while the campaign has self assign on, is not archived or
 * failed, and still carries that token (disabling clears it for good).
 * Anything else is one plain 404 that says nothing about the campaign,
 * and counts against the client's address: past its limit of distinct
 * dead tokens, every attempt is 429 until its back-off ends (throttle.h),
 * so nobody walks the tokens.
 *
 * Following it: a new visitor signs up (a texter of the organization),
 * someone signed in accepts (a member keeps their role, anyone else
 * becomes a texter); either way they join the campaign and their first
 * batch is requested at once. The answer is Me plus "join": where to go
 * and what the request gave.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "throttle.h"

static int
gone(struct req *r)
{
	return req_error(r, 404, "not_found", "This link is not valid.", NULL);
}

/* The live campaign of the body's token: 1, or an error status. */
static int
find(struct req *r, struct campaign *c)
{
	const char *token = req_str(r, "token");
	long long wait;
	int rc;

	if ((wait = throttle_wait(r, THROTTLE_JOIN)) != 0)
		return throttle_refuse(r, wait, "campaign links");
	if ((rc = db_campaign_by_token(r->db, r->a, token, c)) == -1)
		return db_down(r);
	if (rc == 0 || !c->v.self_assign || strcmp(c->status, "archived") == 0 ||
	    strcmp(c->status, "failed") == 0) {
		if (throttle_failed(r, THROTTLE_JOIN, token) == -1)
			return db_down(r);
		return gone(r);
	}
	return 1;
}

/*
 * Adds the joined user's first batch to the answer already built (Me):
 * "join": {org_id, campaign_id, outcome, claimed, message}. A batch that
 * cannot be had (nothing left, the campaign still a draft, work left in
 * the assignment) does not undo joining: the outcome says why.
 */
static int
add_join(struct req *r, int status, const struct campaign *c,
    long long user_id)
{
	struct claim cl;
	const char *outcome = "claimed", *message = NULL;
	cJSON *j;
	int rc;

	if (r->out == NULL)
		return status;
	/* request_batch answers errors through req_error: keep them off
	 * this (successful) answer. */
	if ((rc = request_batch(r, c, user_id, &cl)) != 0) {
		outcome = r->err_code;
		message = r->err_msg;
		r->err_code = r->err_msg = r->err_field = NULL;
		if (rc == 503 && strcmp(outcome, "busy") != 0)
			return db_down(r);
	}
	j = cJSON_AddObjectToObject(r->out, "join");
	cJSON_AddNumberToObject(j, "org_id", (double)c->org_id);
	cJSON_AddNumberToObject(j, "campaign_id", (double)c->id);
	cJSON_AddStringToObject(j, "campaign_name", c->v.name);
	cJSON_AddStringToObject(j, "outcome", outcome);
	cJSON_AddNumberToObject(j, "claimed", (double)cl.claimed);
	json_add_str(j, "message", message);
	log_info(r->rid, "user %lld joined campaign %lld by its link (%s, "
	    "%lld conversations)", user_id, c->id, outcome, cl.claimed);
	return status;
}

int
h_join_lookup(struct req *r)
{
	struct campaign c;
	const char *role = NULL;
	cJSON *o;
	int rc;

	if ((rc = find(r, &c)) != 1)
		return rc;
	if (r->authed && db_member_role(r->db, r->a, c.org_id,
	    r->sess.user_id, &role) == -1)
		return db_down(r);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "org_name", c.org_name);
	cJSON_AddStringToObject(o, "campaign_name", c.v.name);
	cJSON_AddStringToObject(o, "campaign_description",
	    c.v.description ? c.v.description : "");
	json_add_str(o, "your_role", role);
	return req_json(r, 200, o);
}

int
h_join_signup(struct req *r)
{
	const char *name = req_str(r, "name");
	char *email = arena_strdup(r->a, req_str(r, "email"));
	struct campaign c;
	long long user_id;
	struct user u;
	char *hash;
	int rc, status;

	ascii_lower(email, email);
	if ((rc = find(r, &c)) != 1)
		return rc;
	if ((rc = db_user_by_email(r->db, r->a, email, &u)) == -1)
		return db_down(r);
	if (rc == 1)
		return req_error(r, 409, "conflict", "An account with this "
		    "email exists: log in to join.", "email");
	if ((hash = auth_password_hash(r->a, req_str(r, "password"))) == NULL)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.", NULL);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_user_create(r->db, r->a, email, name, hash, &user_id) == -1) {
		status = db_is_duplicate(r->db) ? req_error(r, 409, "conflict",
		    "An account with this email exists: log in to join.",
		    "email") : db_down(r);
		goto out_rollback;
	}
	if (db_membership_add(r->db, r->a, c.org_id, user_id, "texter") == -1 ||
	    db_texter_add(r->db, r->a, c.id, user_id) == -1 ||
	    db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	log_info(r->rid, "user %lld signed up into org %lld by a campaign "
	    "link", user_id, c.org_id);
	status = auth_answer_me_new_session(r, 201, user_id, email, name);
	return add_join(r, status, &c, user_id);
out_rollback:
	db_rollback(r->db);
	return status;
}

int
h_join_accept(struct req *r)
{
	struct campaign c;
	int rc, status;

	if ((rc = find(r, &c)) != 1)
		return rc;
	if (db_begin(r->db) == -1)
		return db_down(r);
	/* A member keeps their role; anyone else joins as a texter. */
	if (db_membership_add(r->db, r->a, c.org_id, r->sess.user_id,
	    "texter") == -1 || db_texter_add(r->db, r->a, c.id,
	    r->sess.user_id) == -1 || db_commit(r->db) == -1) {
		db_rollback(r->db);
		return db_down(r);
	}
	status = auth_answer_me(r, 200);
	return add_join(r, status, &c, r->sess.user_id);
}
