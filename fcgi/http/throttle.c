/*
 * throttle: failed attempts per client address; see throttle.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "arena.h"
#include "auth.h"
#include "backoff.h"
#include "log.h"
#include "throttle.h"

static const char *const kind_names[] = {
	[THROTTLE_LOGIN] = "login",
	[THROTTLE_INVITATION] = "invitation",
	[THROTTLE_JOIN] = "join",
	[THROTTLE_RESET] = "reset",
};

/* The client's address as stored (address_attempts.address). */
static const char *
address(struct req *r)
{
	return arena_strndup(r->a, r->addr, 64);
}

/* The kind's limit of distinct subjects and its window, from the config. */
static void
kind_limits(const struct config *c, enum throttle_kind k, long long *limit,
    long long *window_s)
{
	if (k == THROTTLE_LOGIN) {
		*limit = c->login_fail_limit_address;
		*window_s = c->login_fail_window_minutes * 60LL;
	} else {
		*limit = c->token_fail_limit_address;
		*window_s = c->token_fail_window_minutes * 60LL;
	}
}

long long
throttle_wait(struct req *r, enum throttle_kind k)
{
	const struct config *c = &r->app->cfg;
	long long first_ms = c->address_backoff_s * 1000LL;
	long long limit, window_s, distinct, since_ms, wait_ms, cap_ms;

	kind_limits(c, k, &limit, &window_s);
	if (db_address_attempts(r->db, r->a, kind_names[k], address(r),
	    window_s, &distinct, &since_ms) == -1)
		return -1;
	/* Never longer than the window: by then the failures are gone. */
	cap_ms = window_s * 1000 > first_ms ? window_s * 1000 : first_ms;
	wait_ms = backoff_wait_ms(distinct, limit, first_ms, cap_ms, since_ms);
	if (wait_ms == 0)
		return 0;
	log_warn(r->rid, "%s attempts from %s held back %lld ms (%lld "
	    "distinct failures)", kind_names[k], r->addr, wait_ms, distinct);
	return (wait_ms + 999) / 1000;
}

int
throttle_refuse(struct req *r, long long wait, const char *what)
{
	const char *when;

	if (wait == -1)
		return db_down(r);
	if (wait < 1)
		wait = 1;
	if (wait == 1)
		when = "a second";
	else if (wait < 120)
		when = arena_printf(r->a, "%lld seconds", wait);
	else
		when = arena_printf(r->a, "%lld minutes", (wait + 59) / 60);
	req_header(r, "Retry-After: %lld", wait);
	return req_error(r, 429, "rate_limited", arena_printf(r->a, "Too many "
	    "failed %s from your address; try again in %s.", what, when),
	    NULL);
}

int
throttle_failed(struct req *r, enum throttle_kind k, const char *subject)
{
	return db_address_attempt_add(r->db, r->a, kind_names[k], address(r),
	    auth_token_hash(r->a, subject));
}

int
throttle_forget(struct req *r, enum throttle_kind k, const char *subject)
{
	return db_address_attempts_forget(r->db, r->a, kind_names[k],
	    address(r), auth_token_hash(r->a, subject));
}
