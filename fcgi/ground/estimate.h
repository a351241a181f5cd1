/*
 * estimate: how long provisioning is likely to take, from the durations
 * of earlier numbers (seconds, ascending): the median and the 90th
 * percentile (nearest rank), or a stated default while the history is
 * thin. Pure.
 */
#ifndef LL_ESTIMATE_H
#define LL_ESTIMATE_H

#include <stddef.h>

#define ESTIMATE_MIN_SAMPLES	5
#define ESTIMATE_DEFAULT_MEDIAN	(20 * 60)	/* PRODUCT.md: under 10 min */
#define ESTIMATE_DEFAULT_P90	(2 * 3600)	/* to several hours */

struct estimate {
	long long	 median, p90;
	size_t		 samples;
	const char	*basis;		/* "history" or "default" */
};

void	estimate_from(const long long *sorted_secs, size_t n, struct estimate *);
/* The nearest-rank percentile p (1-100) of n sorted values; n > 0. */
long long estimate_percentile(const long long *sorted, size_t n, int p);

#endif
