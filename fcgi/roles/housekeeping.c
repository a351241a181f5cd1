/*
 * housekeeping: see housekeeping.h.
 */
#include "housekeeping.h"
#include "log.h"

#define CHUNK	1000	/* rows a statement: short locks, short undo */

/* Runs a purge statement until it deletes less than a chunk. */
static long long
purge(struct db *db, struct arena *a, enum db_stmt q)
{
	struct db_res res;
	long long n = 0;

	do {
		if (DB_RUN(db, a, q, &res, DB_INT(CHUNK)) == -1)
			return -1;
		n += (long long)res.affected;
	} while (res.affected == CHUNK);
	return n;
}

long long
housekeeping_run(struct db *db, struct arena *a)
{
	long long sessions, failures, attempts, plans;

	if ((sessions = purge(db, a, DB_SESSIONS_PURGE)) == -1 ||
	    (failures = purge(db, a, DB_LOGIN_FAILURES_PURGE)) == -1 ||
	    (attempts = purge(db, a, DB_ADDRESS_ATTEMPTS_PURGE)) == -1 ||
	    (plans = purge(db, a, DB_PLAN_PURGE)) == -1)
		return -1;
	failures += attempts;
	if (sessions + failures + plans > 0)
		log_info(NULL, "housekeeping: %lld expired sessions, %lld "
		    "old failed attempts and %lld used planned batches deleted",
		    sessions, failures, plans);
	return sessions + failures + plans;
}
