/*
 * backoff: see backoff.h.
 */
#include <assert.h>

#include "backoff.h"

long long
backoff_wait_ms(long long distinct, long long limit, long long first_ms,
    long long cap_ms, long long since_last_ms)
{
	long long delay = first_ms, wait;
	long long over;

	assert(limit >= 1 && first_ms >= 0 && cap_ms >= first_ms);
	if (distinct < limit)
		return 0;
	for (over = distinct - limit; over > 0 && delay > 0 && delay < cap_ms;
	    over--)
		delay *= 2;
	if (delay > cap_ms)
		delay = cap_ms;
	wait = delay - (since_last_ms > 0 ? since_last_ms : 0);
	return wait > 0 ? wait : 0;
}
