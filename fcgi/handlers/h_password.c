/*
 * h_password: passwords forgotten and changed.
 *
 * A forgotten password: POST /password-resets {email} answers 202 with
 * the same words whether or not an account uses the address, so it tells
 * nobody who has one. For an account, a reset is made: a random token
 * (256 bits) of which only the SHA-256 is kept, live for an hour, and an
 * email through the outbox with the link <public_url>/reset-password
 * ?token=... (nginx logs no query strings; no log line of ours names the
 * token or the address). Limits: each address asked for counts against
 * the client's address (throttle.h, kind "reset": past the limit 429,
 * whatever the account), and an account gets at most RESETS_PER_HOUR
 * emails an hour (more requests are answered alike and mail nothing, so
 * nobody can fill a mailbox).
 *
 * Completing it (POST /password-resets/complete {token, password}) spends
 * the token and every other live one of the account, sets the password
 * and ends every session of the account, in one transaction. Dead or
 * unknown tokens count against the client's address like invitation
 * tokens do.
 *
 * Changing one's password (PUT /me/password) needs the current one; a
 * wrong one is 422 naming current_password and counts as a failed sign-in
 * of the account (so a borrowed session cannot guess at it); the other
 * sessions end, this one stays.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "db_resets.h"
#include "handlers.h"
#include "log.h"
#include "throttle.h"

#define RESET_TTL_S	3600
#define RESETS_PER_HOUR	3

int
h_password_reset_request(struct req *r)
{
	char *email = arena_strdup(r->a, req_str(r, "email"));
	char *token;
	long long wait, recent;
	struct user u;
	int found;
	cJSON *o;

	ascii_lower(email, email);
	if ((wait = throttle_wait(r, THROTTLE_RESET)) != 0)
		return throttle_refuse(r, wait, "password resets");
	/* Every address asked for counts, known or not: the same for all. */
	if (throttle_failed(r, THROTTLE_RESET, email) == -1 ||
	    (found = db_user_by_email(r->db, r->a, email, &u)) == -1)
		return db_down(r);
	if (found == 1) {
		if (db_resets_recent(r->db, r->a, u.id, &recent) == -1)
			return db_down(r);
		if (recent >= RESETS_PER_HOUR) {
			log_info(r->rid, "password reset for user %lld not "
			    "mailed: %lld within the hour", u.id, recent);
		} else {
			token = auth_token(r->a, AUTH_RESET_BYTES);
			if (db_begin(r->db) == -1)
				return db_down(r);
			if (db_reset_create(r->db, r->a, u.id,
			    auth_token_hash(r->a, token), RESET_TTL_S,
			    token) == -1 || db_commit(r->db) == -1) {
				db_rollback(r->db);
				return db_down(r);
			}
			log_info(r->rid, "password reset queued for user %lld",
			    u.id);
		}
	} else {
		log_info(r->rid, "password reset asked for an address without "
		    "an account");
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", "If an account uses this "
	    "address, an email with a link to set a new password is on its "
	    "way. The link works once, within an hour.");
	return req_json(r, 202, o);
}

int
h_password_reset_complete(struct req *r)
{
	const char *token = req_str(r, "token"), *email;
	long long wait, user_id, ended;
	char *hash;
	int rc, status;

	if ((wait = throttle_wait(r, THROTTLE_RESET)) != 0)
		return throttle_refuse(r, wait, "password resets");
	if ((hash = auth_password_hash(r->a, req_str(r, "password"))) == NULL)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.", NULL);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((rc = db_reset_lock(r->db, r->a, auth_token_hash(r->a, token),
	    &user_id, &email)) != 1) {
		db_rollback(r->db);
		if (rc == -1 || throttle_failed(r, THROTTLE_RESET, token) == -1)
			return db_down(r);
		return req_error(r, 404, "not_found", "This link to set a new "
		    "password does not work any more: it was used, or an hour "
		    "has passed. Ask for a new one.", "token");
	}
	if (db_user_password_set(r->db, r->a, user_id, hash) == -1 ||
	    db_resets_spend(r->db, r->a, user_id) == -1 ||
	    db_sessions_end_all(r->db, r->a, user_id, &ended) == -1 ||
	    db_commit(r->db) == -1) {
		status = db_down(r);
		db_rollback(r->db);
		return status;
	}
	/* Failed sign-ins of the forgotten password no longer hold it. */
	if (db_login_failures_clear(r->db, r->a, email) == -1)
		return db_down(r);
	log_info(r->rid, "password reset for user %lld; %lld sessions ended",
	    user_id, ended);
	return 204;
}

int
h_password_change(struct req *r)
{
	const struct config *c = &r->app->cfg;
	const char *email = r->sess.email;
	long long failed, retry, ended;
	struct user u;
	char *hash;
	int rc;
	cJSON *o;

	if (db_login_failures(r->db, r->a, "account", email,
	    c->login_fail_window_minutes, &failed, &retry) == -1)
		return db_down(r);
	if (failed >= c->login_fail_limit_account) {
		req_header(r, "Retry-After: %lld", retry > 1 ? retry : 1);
		return req_error(r, 429, "rate_limited", "Too many wrong "
		    "passwords; wait a few minutes and try again.", NULL);
	}
	if ((rc = db_user_by_email(r->db, r->a, email, &u)) == -1)
		return db_down(r);
	if (rc == 0 || !auth_password_ok(u.pw_hash,
	    req_str(r, "current_password"))) {
		if (db_login_failure_add(r->db, r->a, "account", email) == -1)
			return db_down(r);
		log_info(r->rid, "password change refused for user %lld: "
		    "wrong current password", r->sess.user_id);
		return req_error(r, 422, "validation_failed", "The current "
		    "password is not right.", "current_password");
	}
	if ((hash = auth_password_hash(r->a, req_str(r, "password"))) == NULL)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.", NULL);
	if (db_begin(r->db) == -1)
		return db_down(r);
	if (db_user_password_set(r->db, r->a, u.id, hash) == -1 ||
	    db_resets_spend(r->db, r->a, u.id) == -1 ||
	    db_sessions_end_others(r->db, r->a, u.id, r->sess_hash,
	    &ended) == -1 || db_commit(r->db) == -1) {
		rc = db_down(r);
		db_rollback(r->db);
		return rc;
	}
	log_info(r->rid, "password changed by user %lld; %lld other sessions "
	    "ended", u.id, ended);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "ended", (double)ended);
	return req_json(r, 200, o);
}
