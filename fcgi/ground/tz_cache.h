/*
 * tz_cache: the time zones this process read lately. Every send passes
 * the open-hours gate in its campaign's zone; reading and parsing the
 * TZif file each time cost a fopen, a 256 kB buffer and the parse per
 * request. A few zones are kept per process, each read again once it is
 * TZ_CACHE_S old, so an updated tzdata shows within that.
 */
#ifndef LL_TZ_CACHE_H
#define LL_TZ_CACHE_H

#include "tz.h"

#define TZ_CACHE_N	8	/* zones kept per process */
#define TZ_CACHE_S	3600	/* a zone is read again after this */

/* As tz_load (dir NULL: TZ_DIR), from the cache when it can. */
int	tz_load_cached(struct tz *, const char *dir, const char *name);

#endif
