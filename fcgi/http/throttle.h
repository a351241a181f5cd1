/*
 * throttle: failed attempts per client address, one mechanism for every
 * guess a visitor can make: a sign-in, an invitation token, a campaign
 * link token, a password reset (asked for, or its token).
 *
 * Each failure is a row of address_attempts (sql/017): the kind, the
 * address nginx saw (REMOTE_ADDR), a hash of what was tried. A kind
 * allows its limit of DISTINCT subjects within its window from one
 * address; past it the address backs off (backoff.h: a wait after its
 * last failure that doubles with each further subject) and every attempt
 * of that kind, right or wrong, is answered 429 with Retry-After in the
 * one error shape, so guessing on gains nothing. One person retrying
 * their own account, or an office following one dead link, stays below
 * the limit; walking through accounts or tokens does not.
 *
 * A handler asks first (throttle_wait, throttle_refuse), records a miss
 * (throttle_failed) and may forget a subject that proved right
 * (throttle_forget: a sign-in).
 */
#ifndef LL_THROTTLE_H
#define LL_THROTTLE_H

#include "req.h"

enum throttle_kind {
	THROTTLE_LOGIN,		/* login_fail_limit_address, _window_minutes */
	THROTTLE_INVITATION,	/* token_fail_limit_address, _window_minutes */
	THROTTLE_JOIN,		/* the same */
	THROTTLE_RESET,		/* the same: each address a reset is asked
				 * for, each dead reset token */
};

/* Seconds the client's address must wait before trying kind again: 0 to
 * go on, -1 when the database did not answer. */
long long	throttle_wait(struct req *, enum throttle_kind);
/* The answer for a non-zero wait: 429 with Retry-After (or 503 for -1),
 * saying "Too many failed <what> from your address; try again in ...". */
int		throttle_refuse(struct req *, long long wait, const char *what);
/* Records a failed attempt at subject (a token, an email; only its hash
 * is kept) from the client's address: 0 / -1. */
int		throttle_failed(struct req *, enum throttle_kind,
		    const char *subject);
/* Forgets the address's failures at subject, which proved right: 0 / -1. */
int		throttle_forget(struct req *, enum throttle_kind,
		    const char *subject);

#endif
