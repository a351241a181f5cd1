/*
 * h_auth: signing in and out, the CSRF token for visitors, and "me".
 *
 * Failed logins are limited per account over a sliding window
 * (login_failures), and per client address by the distinct accounts that
 * failed from it (throttle.h), past which the address backs off; while
 * limited even the right password is refused, so guessing gains nothing.
 * The answer to a wrong password and to an unknown address is the same,
 * in words and in time.
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
#include "ua.h"

#define SESSION_ATTRS	"HttpOnly; SameSite=Lax"

static cJSON *
me_build(long long user_id, const char *email, const char *name,
    const char *csrf, const struct membership *m, size_t n, bool emails)
{
	cJSON *o, *u, *list, *item;
	size_t i;

	o = cJSON_CreateObject();
	u = cJSON_AddObjectToObject(o, "user");
	cJSON_AddNumberToObject(u, "id", (double)user_id);
	cJSON_AddStringToObject(u, "email", email);
	cJSON_AddStringToObject(u, "name", name);
	list = cJSON_AddArrayToObject(o, "memberships");
	for (i = 0; i < n; i++) {
		item = cJSON_CreateObject();
		cJSON_AddNumberToObject(item, "org_id", (double)m[i].org_id);
		cJSON_AddStringToObject(item, "org_name", m[i].org_name);
		cJSON_AddStringToObject(item, "role", m[i].role);
		cJSON_AddItemToArray(list, item);
	}
	cJSON_AddStringToObject(o, "csrf_token", csrf);
	cJSON_AddBoolToObject(o, "provisioning_emails", emails);
	return o;
}

/* Me, with the memberships and settings read afresh (they may have just
 * changed). */
static cJSON *
me_json(struct req *r, long long user_id, const char *email, const char *name,
    const char *csrf)
{
	struct membership *m;
	bool emails = true;
	size_t n;

	if (db_memberships_of(r->db, r->a, user_id, &m, &n) == -1 ||
	    db_user_emails_get(r->db, r->a, user_id, &emails) == -1)
		return NULL;
	return me_build(user_id, email, name, csrf, m, n, emails);
}

int
auth_answer_me_new_session(struct req *r, int status, long long user_id,
    const char *email, const char *name)
{
	const struct config *c = &r->app->cfg;
	char *token = auth_token(r->a, AUTH_SESSION_BYTES);
	char *csrf = auth_token(r->a, AUTH_SESSION_BYTES);
	cJSON *me;

	if (db_session_create(r->db, r->a, auth_token_hash(r->a, token),
	    user_id, csrf, ua_clean(r->a, r->user_agent),
	    c->session_ttl_hours) == -1)
		return db_down(r);
	if ((me = me_json(r, user_id, email, name, csrf)) == NULL)
		return db_down(r);
	req_cookie_set(r, "ll_session", token, SESSION_ATTRS,
	    c->session_ttl_hours * 3600);
	return req_json(r, status, me);
}

int
h_csrf(struct req *r)
{
	char *token = auth_token(r->a, AUTH_SESSION_BYTES);
	cJSON *o = cJSON_CreateObject();

	req_cookie_set(r, "ll_csrf", token, "SameSite=Strict", 86400);
	cJSON_AddStringToObject(o, "csrf_token", token);
	return req_json(r, 200, o);
}

/* The seconds until the account may be tried again: 0 when it may now,
 * -1 when the database did not answer. */
static long long
account_wait(struct req *r, const char *email)
{
	const struct config *c = &r->app->cfg;
	long long n, retry;

	if (db_login_failures(r->db, r->a, "account", email,
	    c->login_fail_window_minutes, &n, &retry) == -1)
		return -1;
	if (n < c->login_fail_limit_account)
		return 0;
	return retry > 1 ? retry : 1;
}

int
h_login(struct req *r)
{
	const char *password = req_str(r, "password");
	char *email = arena_strdup(r->a, req_str(r, "email"));
	struct user u;
	long long acct, addr;
	int found;

	ascii_lower(email, email);
	if ((acct = account_wait(r, email)) == -1 ||
	    (addr = throttle_wait(r, THROTTLE_LOGIN)) == -1)
		return db_down(r);
	if (acct > 0) {
		log_warn(r->rid, "login throttled for an account");
		req_header(r, "Retry-After: %lld", acct > addr ? acct : addr);
		return req_error(r, 429, "rate_limited", "Too many failed "
		    "sign-in attempts; wait a few minutes and try again.",
		    NULL);
	}
	if (addr > 0)
		return throttle_refuse(r, addr, "sign-ins");
	if ((found = db_user_by_email(r->db, r->a, email, &u)) == -1)
		return db_down(r);
	if (found == 0)
		auth_password_dummy(password);
	if (found == 0 || !auth_password_ok(u.pw_hash, password)) {
		if (db_login_failure_add(r->db, r->a, "account", email) == -1 ||
		    throttle_failed(r, THROTTLE_LOGIN, email) == -1)
			return db_down(r);
		log_info(r->rid, "login failed");
		return req_error(r, 401, "invalid_credentials",
		    "Email or password is incorrect.", NULL);
	}
	/* Their own mistakes are not held against their address. */
	if (db_login_failures_clear(r->db, r->a, email) == -1 ||
	    throttle_forget(r, THROTTLE_LOGIN, email) == -1)
		return db_down(r);
	log_info(r->rid, "login user=%lld", u.id);
	return auth_answer_me_new_session(r, 200, u.id, u.email, u.name);
}

int
h_logout(struct req *r)
{
	if (r->authed && db_session_delete(r->db, r->a, r->sess_hash) == -1)
		return db_down(r);
	req_cookie_set(r, "ll_session", "", SESSION_ATTRS, 0);
	return 204;
}

int
auth_answer_me(struct req *r, int status)
{
	cJSON *me = me_json(r, r->sess.user_id, r->sess.email, r->sess.name,
	    r->sess.csrf_token);

	return me ? req_json(r, status, me) : db_down(r);
}

/* GET /me: everything came with the session; no further query. */
int
h_me(struct req *r)
{
	const struct session *s = &r->sess;

	return req_json(r, 200, me_build(s->user_id, s->email, s->name,
	    s->csrf_token, s->memberships, s->nmemberships,
	    s->provisioning_emails));
}
