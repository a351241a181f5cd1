/*
 * h_invitations: bringing people into an organization.
 *
 * An invitation carries a random token (192 bits); only its SHA-256 is
 * stored, so the link is shown once, when it is made. The link puts the
 * token in the URL fragment (/invite#TOKEN), which browsers never send,
 * and the API takes it in request bodies: it reaches no access log.
 * A token is spent by one atomic UPDATE, so two people racing with one
 * link cannot both join.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "arena.h"
#include "auth.h"
#include "handlers.h"
#include "log.h"

static cJSON *
invitation_json(const struct invitation *v)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)v->id);
	cJSON_AddStringToObject(o, "email", v->email);
	cJSON_AddStringToObject(o, "role", v->role);
	cJSON_AddStringToObject(o, "status", v->status);
	json_add_str(o, "created_at", v->created_at);
	json_add_str(o, "expires_at", v->expires_at);
	cJSON_AddStringToObject(o, "invited_by_name", v->invited_by_name);
	return o;
}

static int
gone(struct req *r)
{
	return req_error(r, 404, "not_found",
	    "This invitation is not valid.", NULL);
}

int
h_invitations_list(struct req *r)
{
	struct invitation *v;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	/* The cursor is id * 2 + pending: where the last page ended. */
	if (db_invites_list(r->db, r->a, r->org_id,
	    cursor ? cursor % 2 == 1 : true,
	    cursor ? cursor / 2 : 999999999999999999LL, limit + 1, &v,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, invitation_json(&v[i]));
	return req_json(r, 200, json_list(items, n > (size_t)limit ?
	    v[limit - 1].id * 2 + v[limit - 1].pending : 0));
}

int
h_invitation_create(struct req *r)
{
	enum role role = role_parse(req_str(r, "role"));
	char *email = arena_strdup(r->a, req_str(r, "email"));
	struct invitation v;
	struct user u;
	const char *have;
	char *token;
	long long id;
	int rc;
	cJSON *o;

	ascii_lower(email, email);
	if (r->role == ROLE_SUPERVISOR && role != ROLE_TEXTER)
		return req_error(r, 403, "forbidden",
		    "Supervisors can invite texters only.", "role");
	if (role == ROLE_OWNER && r->role != ROLE_OWNER)
		return req_error(r, 403, "forbidden",
		    "Only an owner can invite an owner.", "role");
	if ((rc = db_user_by_email(r->db, r->a, email, &u)) == -1 ||
	    (rc == 1 && (rc = db_membership_role(r->db, r->a, r->org_id, u.id,
	    &have)) == -1))
		return db_down(r);
	if (rc == 1)
		return req_error(r, 409, "conflict", "That person is already "
		    "a member of this organization.", "email");

	token = auth_token(r->a, AUTH_INVITE_BYTES);
	if (db_invite_create(r->db, r->a, r->org_id, email, role_name(role),
	    auth_token_hash(r->a, token), r->sess.user_id, &id) == -1 ||
	    db_invite_get(r->db, r->a, r->org_id, id, &v) != 1)
		return db_down(r);
	log_info(r->rid, "invitation %lld created in org %lld", id, r->org_id);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "invitation", invitation_json(&v));
	cJSON_AddStringToObject(o, "invite_url", arena_printf(r->a,
	    "%s/invite#%s", r->app->cfg.public_url, token));
	return req_json(r, 201, o);
}

int
h_invitation_revoke(struct req *r)
{
	struct invitation v;
	bool revoked;
	int rc;

	if (db_invite_revoke(r->db, r->a, r->org_id, r->ids[1], &revoked) == -1)
		return db_down(r);
	if (revoked)
		return 204;
	if ((rc = db_invite_get(r->db, r->a, r->org_id, r->ids[1], &v)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such invitation.",
		    NULL);
	return req_error(r, 409, "conflict", arena_printf(r->a,
	    "This invitation is already %s.", v.status), NULL);
}

/* Finds the live invitation for the body's token: 1, 0 or -1. */
static int
find_token(struct req *r, struct invite_token *t)
{
	return db_invite_by_token(r->db, r->a,
	    auth_token_hash(r->a, req_str(r, "token")), t);
}

int
h_invitation_lookup(struct req *r)
{
	struct invite_token t;
	struct user u;
	int rc, exists;
	cJSON *o;

	if ((rc = find_token(r, &t)) == -1)
		return db_down(r);
	if (rc == 0)
		return gone(r);
	if ((exists = db_user_by_email(r->db, r->a, t.email, &u)) == -1)
		return db_down(r);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "org_name", t.org_name);
	cJSON_AddStringToObject(o, "role", t.role);
	cJSON_AddStringToObject(o, "email", t.email);
	cJSON_AddBoolToObject(o, "account_exists", exists == 1);
	return req_json(r, 200, o);
}

int
h_invitation_signup(struct req *r)
{
	const char *name = req_str(r, "name");
	struct invite_token t;
	struct user u;
	long long user_id;
	bool claimed;
	char *hash;
	int rc, status;

	if ((rc = find_token(r, &t)) == -1)
		return db_down(r);
	if (rc == 0)
		return gone(r);
	if ((rc = db_user_by_email(r->db, r->a, t.email, &u)) == -1)
		return db_down(r);
	if (rc == 1)
		return req_error(r, 409, "conflict", "An account with this "
		    "email exists: sign in to accept the invitation.", NULL);
	if ((hash = auth_password_hash(r->a, req_str(r, "password"))) == NULL)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.", NULL);

	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_user_create(r->db, r->a, t.email, name, hash, &user_id) == -1) {
		status = db_is_duplicate(r->db) ? req_error(r, 409, "conflict",
		    "An account with this email exists: sign in to accept "
		    "the invitation.", NULL) : db_down(r);
		goto out_rollback;
	}
	if (db_invite_claim(r->db, r->a, t.id, user_id, &claimed) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	if (!claimed) {
		status = gone(r);
		goto out_rollback;
	}
	if (db_membership_add(r->db, r->a, t.org_id, user_id, t.role) == -1 ||
	    db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	log_info(r->rid, "user %lld signed up into org %lld", user_id,
	    t.org_id);
	return auth_answer_me_new_session(r, 201, user_id, t.email, name);
out_rollback:
	db_rollback(r->db);
	return status;
}

int
h_invitation_accept(struct req *r)
{
	struct invite_token t;
	bool claimed;
	int rc, status;

	if ((rc = find_token(r, &t)) == -1)
		return db_down(r);
	if (rc == 0)
		return gone(r);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_invite_claim(r->db, r->a, t.id, r->sess.user_id,
	    &claimed) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	if (!claimed) {
		status = gone(r);
		goto out_rollback;
	}
	if (db_membership_add(r->db, r->a, t.org_id, r->sess.user_id,
	    t.role) == -1 || db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	log_info(r->rid, "user %lld accepted an invitation to org %lld",
	    r->sess.user_id, t.org_id);
	return auth_answer_me(r, 200);
out_rollback:
	db_rollback(r->db);
	return status;
}
