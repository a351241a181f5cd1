/*
 * mail_retry: back-off and the meaning of SMTP answers; see mail_retry.h.
 */
#include "mail_retry.h"

enum mail_outcome
mail_retry_outcome(int code, long attempts, long max_attempts)
{
	if (code >= 200 && code < 300)
		return MAIL_SENT;
	if (code >= 500 && code < 600)
		return MAIL_FAIL;	/* RFC 5321: do not repeat as is */
	return attempts >= max_attempts ? MAIL_FAIL : MAIL_RETRY;
}

long long
mail_retry_delay_ms(long attempts, long first_s, long cap_s, uint32_t rnd)
{
	long long ms = (long long)first_s * 1000, cap = (long long)cap_s * 1000;
	long n;

	if (cap < 1000)
		cap = 1000;
	for (n = 1; n < attempts && ms < cap; n++)
		ms *= 2;
	if (ms > cap)
		ms = cap;
	/* 0.8 .. 1.2 times, in thousandths */
	return ms * (800 + (long long)((uint64_t)rnd * 400 / UINT32_MAX)) /
	    1000;
}
