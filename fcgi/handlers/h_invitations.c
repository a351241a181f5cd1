/*
 * h_invitations: bringing people into an organization.
 *
 * An invitation carries a random token (192 bits); only its SHA-256 is
 * stored, so the link is shown once, when it is made. The link puts the
 * token in the URL fragment (/invite#TOKEN), which browsers never send,
 * and the API takes it in request bodies: it reaches no access log.
 *
 * An invitation is for its email address: only the account of that
 * address may accept it (another signed-in account gets 403
 * wrong_account, naming both addresses), and signing up through it makes
 * that address. It is spent by one atomic UPDATE, so two people racing
 * with one link cannot both join. An open link names no address: an
 * owner or admin makes one deliberately, for texters only, and anyone
 * with it may join as a texter (a member keeps their role) until it is
 * revoked or expires; it counts its uses.
 *
 * An invitation for an address is also emailed to it, through the
 * outbox (the emailed link also names the organization:
 * /invite?org=N#TOKEN); the link stays in the answer for the admin to
 * copy. A resend gives the
 * invitation a new token and 14 more days, emails the new link and
 * cancels the emails of the old one not yet sent (the old link stops
 * working: the token is stored nowhere in the clear, only its hash).
 * Open links are not emailed.
 *
 * Tokens are guessed at from outside, so lookups, sign-ups and accepts
 * are limited per client address (throttle.h): unknown or dead tokens
 * count, and past the limit every attempt is 429 until the back-off ends.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "db_mail.h"
#include "handlers.h"
#include "log.h"
#include "throttle.h"

static cJSON *
invitation_json(const struct invitation *v)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)v->id);
	cJSON_AddStringToObject(o, "kind", v->email ? "email" : "open");
	json_add_str(o, "email", v->email);
	cJSON_AddStringToObject(o, "role", v->role);
	cJSON_AddStringToObject(o, "status", v->status);
	cJSON_AddNumberToObject(o, "uses", (double)v->uses);
	json_add_str(o, "created_at", v->created_at);
	json_add_str(o, "expires_at", v->expires_at);
	cJSON_AddStringToObject(o, "invited_by_name", v->invited_by_name);
	return o;
}

/* The link to accept, for the admin to copy: the token rides in the
 * fragment, which browsers never send. */
static const char *
invite_url(struct req *r, const char *token)
{
	return arena_printf(r->a, "%s/invite#%s", r->app->cfg.public_url,
	    token);
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

/* An open link: owners and admins make one, for texters only. */
static int
check_open(struct req *r, enum role role)
{
	if (req_str(r, "email") != NULL)
		return req_error(r, 422, "validation_failed", "An open link "
		    "names no email address: leave email out.", "email");
	if (role != ROLE_TEXTER)
		return req_error(r, 422, "validation_failed", "An open link "
		    "is for texters only.", "role");
	if (r->role < ROLE_ADMIN)
		return req_error(r, 403, "forbidden", "Only owners and admins "
		    "can make open links.", NULL);
	return 0;
}

int
h_invitation_create(struct req *r)
{
	enum role role = role_parse(req_str(r, "role"));
	bool open = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json,
	    "open"));
	char *email = NULL;
	struct invitation v;
	struct user u;
	const char *have;
	char *token;
	long long id;
	int rc;
	cJSON *o;

	if (open && (rc = check_open(r, role)) != 0)
		return rc;
	if (!open && req_str(r, "email") == NULL)
		return req_error(r, 422, "validation_failed",
		    "email is required.", "email");
	if (r->role == ROLE_SUPERVISOR && role != ROLE_TEXTER)
		return req_error(r, 403, "forbidden",
		    "Supervisors can invite texters only.", "role");
	if (role == ROLE_OWNER && r->role != ROLE_OWNER)
		return req_error(r, 403, "forbidden",
		    "Only an owner can invite an owner.", "role");
	if (!open) {
		email = arena_strdup(r->a, req_str(r, "email"));
		ascii_lower(email, email);
		if ((rc = db_user_by_email(r->db, r->a, email, &u)) == -1 ||
		    (rc == 1 && (rc = db_membership_role(r->db, r->a,
		    r->org_id, u.id, &have)) == -1))
			return db_down(r);
		if (rc == 1)
			return req_error(r, 409, "conflict", "That person is "
			    "already a member of this organization.", "email");
	}

	token = auth_token(r->a, AUTH_INVITE_BYTES);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_invite_create(r->db, r->a, r->org_id, email, role_name(role),
	    auth_token_hash(r->a, token), r->sess.user_id, &id) == -1 ||
	    (!open && db_mail_invitation(r->db, r->a, r->org_id, id,
	    token) == -1) || db_commit(r->db) == -1) {
		rc = db_down(r);
		db_rollback(r->db);
		return rc;
	}
	if (db_invite_get(r->db, r->a, r->org_id, id, &v) != 1)
		return db_down(r);
	log_info(r->rid, "%s %lld created in org %lld", open ? "open link" :
	    "invitation (emailed)", id, r->org_id);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "invitation", invitation_json(&v));
	cJSON_AddStringToObject(o, "invite_url", invite_url(r, token));
	return req_json(r, 201, o);
}

/* Who may resend an invitation of this role: as who may make it. */
static int
check_resend(struct req *r, const struct invitation *v)
{
	enum role role = role_parse(v->role);

	if (v->email == NULL)
		return req_error(r, 409, "conflict", "An open link is not "
		    "emailed: copy it from where it was made.", NULL);
	if (r->role == ROLE_SUPERVISOR && role != ROLE_TEXTER)
		return req_error(r, 403, "forbidden",
		    "Supervisors can resend invitations of texters only.", NULL);
	if (role == ROLE_OWNER && r->role != ROLE_OWNER)
		return req_error(r, 403, "forbidden",
		    "Only an owner can resend an owner's invitation.", NULL);
	if (strcmp(v->status, "accepted") == 0 ||
	    strcmp(v->status, "revoked") == 0)
		return req_error(r, 409, "conflict", arena_printf(r->a,
		    "This invitation is already %s.", v->status), NULL);
	return 0;
}

int
h_invitation_resend(struct req *r)
{
	struct invitation v;
	char *token = auth_token(r->a, AUTH_INVITE_BYTES);
	bool done;
	int rc;
	cJSON *o;

	if ((rc = db_invite_get(r->db, r->a, r->org_id, r->ids[1], &v)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such invitation.",
		    NULL);
	if ((rc = check_resend(r, &v)) != 0)
		return rc;
	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_invite_retoken(r->db, r->a, r->org_id, v.id,
	    auth_token_hash(r->a, token), &done) == -1)
		goto out_down;
	if (!done) {	/* accepted or revoked meanwhile */
		db_rollback(r->db);
		return req_error(r, 409, "conflict", "This invitation is no "
		    "longer pending.", NULL);
	}
	if (db_mail_invitation_cancel(r->db, r->a, v.id, "Not sent: the "
	    "invitation was sent again with a new link.") == -1 ||
	    db_mail_invitation(r->db, r->a, r->org_id, v.id, token) == -1 ||
	    db_commit(r->db) == -1)
		goto out_down;
	if (db_invite_get(r->db, r->a, r->org_id, v.id, &v) != 1)
		return db_down(r);
	log_info(r->rid, "invitation %lld emailed again in org %lld", v.id,
	    r->org_id);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "invitation", invitation_json(&v));
	cJSON_AddStringToObject(o, "invite_url", invite_url(r, token));
	return req_json(r, 200, o);
out_down:
	rc = db_down(r);
	db_rollback(r->db);
	return rc;
}

int
h_invitation_revoke(struct req *r)
{
	struct invitation v;
	bool revoked;
	int rc;

	if (db_invite_revoke(r->db, r->a, r->org_id, r->ids[1], &revoked) == -1)
		return db_down(r);
	if (revoked) {
		if (db_mail_invitation_cancel(r->db, r->a, r->ids[1], "Not "
		    "sent: the invitation was revoked.") == -1)
			return db_down(r);
		return 204;
	}
	if ((rc = db_invite_get(r->db, r->a, r->org_id, r->ids[1], &v)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such invitation.",
		    NULL);
	return req_error(r, 409, "conflict", arena_printf(r->a,
	    "This invitation is already %s.", v.status), NULL);
}

/*
 * Finds the live invitation for the body's token: 1, or the status of the
 * answer already made (429 while the address backs off, 404 for a token
 * that is no live invitation, which counts against the address, 503).
 */
static int
find_token(struct req *r, struct invite_token *t)
{
	const char *token = req_str(r, "token");
	long long wait;
	int rc;

	if ((wait = throttle_wait(r, THROTTLE_INVITATION)) != 0)
		return throttle_refuse(r, wait, "invitation links");
	if ((rc = db_invite_by_token(r->db, r->a, auth_token_hash(r->a, token),
	    t)) == -1)
		return db_down(r);
	if (rc == 0) {
		if (throttle_failed(r, THROTTLE_INVITATION, token) == -1)
			return db_down(r);
		return gone(r);
	}
	return 1;
}

/* 403 wrong_account when the signed-in person is not the one invited. */
static int
wrong_account(struct req *r, const struct invite_token *t)
{
	return req_error(r, 403, "wrong_account", arena_printf(r->a, "This "
	    "invitation is for %s; you are signed in as %s. Sign out and sign "
	    "in as %s to accept it, or ask for an invitation for %s.",
	    t->email, r->sess.email, t->email, r->sess.email), NULL);
}

/* Are a and b one email address (the domain and, as stored, the local
 * part compared without case)? */
static bool
same_address(struct req *r, const char *a, const char *b)
{
	char *x = arena_strdup(r->a, a), *y = arena_strdup(r->a, b);

	ascii_lower(x, x);
	ascii_lower(y, y);
	return strcmp(x, y) == 0;
}

int
h_invitation_lookup(struct req *r)
{
	struct invite_token t;
	struct user u;
	int rc, exists = 0;
	cJSON *o;

	if ((rc = find_token(r, &t)) != 1)
		return rc;
	if (t.email != NULL && (exists = db_user_by_email(r->db, r->a,
	    t.email, &u)) == -1)
		return db_down(r);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "org_name", t.org_name);
	cJSON_AddStringToObject(o, "role", t.role);
	cJSON_AddStringToObject(o, "kind", t.email ? "email" : "open");
	json_add_str(o, "email", t.email);
	cJSON_AddBoolToObject(o, "account_exists", exists == 1);
	/* Who would accept it, so the page can say so before anyone tries. */
	json_add_str(o, "signed_in_as", r->authed ? r->sess.email : NULL);
	cJSON_AddBoolToObject(o, "for_you", r->authed && (t.email == NULL ||
	    same_address(r, t.email, r->sess.email)));
	return req_json(r, 200, o);
}

int
h_invitation_signup(struct req *r)
{
	const char *name = req_str(r, "name"), *given = req_str(r, "email");
	struct invite_token t;
	struct user u;
	long long user_id;
	bool claimed;
	char *hash, *email;
	int rc, status;

	if ((rc = find_token(r, &t)) != 1)
		return rc;
	/* An invitation for an address signs up that address, an open link
	 * the one given. */
	if (t.email == NULL && given == NULL)
		return req_error(r, 422, "validation_failed",
		    "email is required.", "email");
	if (t.email != NULL && given != NULL &&
	    !same_address(r, t.email, given))
		return req_error(r, 422, "validation_failed", arena_printf(r->a,
		    "This invitation is for %s.", t.email), "email");
	email = arena_strdup(r->a, t.email != NULL ? t.email : given);
	ascii_lower(email, email);
	if ((rc = db_user_by_email(r->db, r->a, email, &u)) == -1)
		return db_down(r);
	if (rc == 1)
		return req_error(r, 409, "conflict", "An account with this "
		    "email exists: sign in to accept the invitation.",
		    t.email == NULL ? "email" : NULL);
	if ((hash = auth_password_hash(r->a, req_str(r, "password"))) == NULL)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.", NULL);

	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_user_create(r->db, r->a, email, name, hash, &user_id) == -1) {
		status = db_is_duplicate(r->db) ? req_error(r, 409, "conflict",
		    "An account with this email exists: sign in to accept "
		    "the invitation.", t.email == NULL ? "email" : NULL) :
		    db_down(r);
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
	log_info(r->rid, "user %lld signed up into org %lld%s", user_id,
	    t.org_id, t.email == NULL ? " by an open link" : "");
	return auth_answer_me_new_session(r, 201, user_id, email, name);
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

	if ((rc = find_token(r, &t)) != 1)
		return rc;
	if (t.email != NULL && !same_address(r, t.email, r->sess.email)) {
		log_info(r->rid, "user %lld refused an invitation for another "
		    "address", r->sess.user_id);
		return wrong_account(r, &t);
	}
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
