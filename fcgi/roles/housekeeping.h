/*
 * housekeeping: deletes what has outlived its use, a chunk at a time:
 * sessions past their expiry, failed sign-ins and failed attempts per
 * client address older than a day (the rate limits look back minutes),
 * export files once they expire (a day after they finished) and their
 * rows an hour later.
 * The provisioner role runs it every purge_interval_s.
 */
#ifndef LL_HOUSEKEEPING_H
#define LL_HOUSEKEEPING_H

#include "arena.h"
#include "db.h"

/* Rows deleted, or -1 on a database error. */
long long	housekeeping_run(struct db *, struct arena *);

#endif
