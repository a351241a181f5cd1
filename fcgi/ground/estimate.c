/*
 * estimate: provisioning time estimates; see estimate.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "estimate.h"

long long
estimate_percentile(const long long *sorted, size_t n, int p)
{
	size_t rank = (n * (size_t)p + 99) / 100;	/* ceil(n * p / 100) */

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

void
estimate_from(const long long *secs, size_t n, struct estimate *e)
{
	e->samples = n;
	if (n < ESTIMATE_MIN_SAMPLES) {
		e->median = ESTIMATE_DEFAULT_MEDIAN;
		e->p90 = ESTIMATE_DEFAULT_P90;
		e->basis = "default";
		return;
	}
	e->median = estimate_percentile(secs, n, 50);
	e->p90 = estimate_percentile(secs, n, 90);
	e->basis = "history";
}
