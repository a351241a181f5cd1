/*
 * db_upkeep: the platform's upkeep; see db_upkeep.h.
 */
#include "db_upkeep.h"

#define PURGE_CHUNK	1000	/* rows a statement */
#define PURGE_FILE_CHUNKS 8	/* export chunks (1 MB each) a statement */

int
db_migration_applied(struct db *db, struct arena *a, const char *name,
    bool *applied)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_MIGRATION_APPLIED, &res, DB_STR(name)) == -1)
		return -1;
	*applied = res.nrows > 0;
	return 0;
}

int
db_migration_record(struct db *db, struct arena *a, const char *name)
{
	return DB_RUN(db, a, DB_MIGRATION_RECORD, NULL, DB_STR(name));
}

/* Runs a purge statement until it deletes less than a chunk. */
static int
purge(struct db *db, struct arena *a, enum db_stmt q, long long *n)
{
	struct db_res res;

	*n = 0;
	do {
		if (DB_RUN(db, a, q, &res, DB_INT(PURGE_CHUNK)) == -1)
			return -1;
		*n += (long long)res.affected;
	} while (res.affected == PURGE_CHUNK);
	return 0;
}

int
db_sessions_purge(struct db *db, struct arena *a, long long *n)
{
	return purge(db, a, DB_SESSIONS_PURGE, n);
}

int
db_login_failures_purge(struct db *db, struct arena *a, long long *n)
{
	return purge(db, a, DB_LOGIN_FAILURES_PURGE, n);
}

int
db_address_attempts_purge(struct db *db, struct arena *a, long long *n)
{
	return purge(db, a, DB_ADDRESS_ATTEMPTS_PURGE, n);
}

int
db_plans_purge(struct db *db, struct arena *a, long long *n)
{
	return purge(db, a, DB_PLAN_PURGE, n);
}

int
db_resets_purge(struct db *db, struct arena *a, long long *n)
{
	return purge(db, a, DB_RESETS_PURGE, n);
}

int
db_exports_purge(struct db *db, struct arena *a, long long *n)
{
	struct db_res res;
	long long rows;

	*n = 0;
	do {
		if (DB_RUN(db, a, DB_EXPORT_CHUNKS_PURGE, &res,
		    DB_INT(PURGE_FILE_CHUNKS)) == -1)
			return -1;
		*n += (long long)res.affected;
	} while (res.affected == PURGE_FILE_CHUNKS);
	return purge(db, a, DB_EXPORTS_PURGE, &rows);
}
