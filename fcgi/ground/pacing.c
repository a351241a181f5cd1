/*
 * pacing: the sender's throughput limits as arithmetic; see pacing.h.
 */
#include <assert.h>

#include "pacing.h"

#define US_PER_MINUTE	60000000LL

long long
pacing_interval_us(long long per_minute)
{
	if (per_minute <= 0)
		return 0;
	return (US_PER_MINUTE + per_minute - 1) / per_minute;
}

long long
pacing_reserve(struct pacing_scope *const *s, size_t n, long long now_us)
{
	long long slot = now_us;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != NULL && s[i]->interval_us > 0 &&
		    s[i]->tat_us > slot)
			slot = s[i]->tat_us;
	for (i = 0; i < n; i++)
		if (s[i] != NULL && s[i]->interval_us > 0)
			s[i]->tat_us = slot + s[i]->interval_us;
	return slot;
}

bool
pacing_due(long long slot_us, long long now_us, long long early_us)
{
	assert(early_us >= 0);
	return slot_us <= now_us + early_us;
}

long long
pacing_drain_s(long long now_us, long long last_slot_us, long long unslotted,
    long long tat_us, long long interval_us)
{
	long long end = last_slot_us > now_us ? last_slot_us : now_us;
	long long start;

	if (unslotted > 0) {
		start = tat_us > end ? tat_us : end;
		/* the first takes the slot at start, each next one later */
		if (interval_us > 0)
			start += (unslotted - 1) * interval_us;
		end = start;
	}
	return (end - now_us + 999999) / 1000000;
}

long long
pacing_per_minute(long long use_case_per_minute, long long number_per_minute)
{
	if (use_case_per_minute <= 0)
		return number_per_minute > 0 ? number_per_minute : 0;
	if (number_per_minute <= 0)
		return use_case_per_minute;
	return use_case_per_minute < number_per_minute ?
	    use_case_per_minute : number_per_minute;
}
