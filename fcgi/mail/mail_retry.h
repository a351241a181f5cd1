/*
 * mail_retry: what the mailer does after an attempt to send, as pure
 * functions (unit-tested): whether the server's answer is final, and how
 * long to wait before the next attempt (exponential back-off with
 * jitter, so mailers that failed together do not retry together).
 */
#ifndef LL_MAIL_RETRY_H
#define LL_MAIL_RETRY_H

#include <stdint.h>

enum mail_outcome {
	MAIL_SENT,	/* the server took it (2xx) */
	MAIL_RETRY,	/* temporary: 4xx, no answer, connection trouble */
	MAIL_FAIL,	/* final: 5xx, or attempts used up */
};

/*
 * The outcome of attempt number `attempts` (1 for the first) that ended
 * with SMTP reply code `code` (0 when the server gave none: refused,
 * dropped, timed out), given at most max_attempts.
 */
enum mail_outcome mail_retry_outcome(int code, long attempts,
	    long max_attempts);

/*
 * Milliseconds to wait after failed attempt number `attempts`: first_s
 * doubled per attempt, at most cap_s, then ±20% by rnd (uniform over
 * 0..UINT32_MAX).
 */
long long mail_retry_delay_ms(long attempts, long first_s, long cap_s,
	    uint32_t rnd);

#endif
