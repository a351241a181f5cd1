/*
 * housekeeping: see housekeeping.h.
 */
#include "db_upkeep.h"
#include "housekeeping.h"
#include "log.h"

long long
housekeeping_run(struct db *db, struct arena *a)
{
	long long sessions, failures, attempts, plans, resets, chunks;

	if (db_sessions_purge(db, a, &sessions) == -1 ||
	    db_login_failures_purge(db, a, &failures) == -1 ||
	    db_address_attempts_purge(db, a, &attempts) == -1 ||
	    db_plans_purge(db, a, &plans) == -1 ||
	    db_resets_purge(db, a, &resets) == -1 ||
	    db_exports_purge(db, a, &chunks) == -1)
		return -1;
	failures += attempts + resets;
	if (sessions + failures + plans > 0)
		log_info(NULL, "housekeeping: %lld expired sessions, %lld "
		    "old failed attempts or resets and %lld used planned batches deleted",
		    sessions, failures, plans);
	if (chunks > 0)
		log_info(NULL, "housekeeping: %lld chunks of expired export "
		    "files deleted", chunks);
	return sessions + failures + plans + chunks;
}
