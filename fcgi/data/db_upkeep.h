/*
 * db_upkeep: typed queries of the platform's upkeep: which migrations are
 * applied (cli/migrate.c), and the rows that have outlived their use
 * (roles/housekeeping.c), deleted a chunk at a time (short locks, short
 * undo). Actions 0 / -1.
 */
#ifndef LL_DB_UPKEEP_H
#define LL_DB_UPKEEP_H

#include "db.h"

int	db_migration_applied(struct db *, struct arena *, const char *name,
	    bool *applied);
int	db_migration_record(struct db *, struct arena *, const char *name);

/* Each deletes until less than a chunk is left; *n: rows deleted. */
int	db_sessions_purge(struct db *, struct arena *, long long *n);
int	db_login_failures_purge(struct db *, struct arena *, long long *n);
/* Failed attempts per client address older than a day (http/throttle.c). */
int	db_address_attempts_purge(struct db *, struct arena *, long long *n);
/* Self assign's planned batches the cursor passed, of a plan that no
 * longer holds, or of a campaign that is over. */
int	db_plans_purge(struct db *, struct arena *, long long *n);
/* Password resets a day past their expiry (sql/018). */
int	db_resets_purge(struct db *, struct arena *, long long *n);
/* Export files once they expire (a day after they finished), a few
 * chunks a statement; their rows an hour later (sql/025). *n: chunks. */
int	db_exports_purge(struct db *, struct arena *, long long *n);

#endif
