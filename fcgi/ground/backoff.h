/*
 * backoff: how long a client address waits before its next attempt of
 * one kind (a sign-in, an invitation or campaign link token), given the
 * distinct subjects (accounts, tokens) it failed on within the window.
 * Pure: no I/O, no clock.
 *
 * Below the limit it never waits: people mistype, and a whole office
 * behind one address is many people. From the limit on it backs off
 * instead of locking out: first_ms after its last failure, doubling with
 * each further distinct subject, up to cap_ms. Retrying one subject
 * (one's own account, one dead link) does not make it grow; walking
 * through subjects does.
 */
#ifndef LL_BACKOFF_H
#define LL_BACKOFF_H

/* Milliseconds still to wait (0: it may try now). */
long long	backoff_wait_ms(long long distinct, long long limit,
		    long long first_ms, long long cap_ms,
		    long long since_last_ms);

#endif
