/*
 * db_resets: passwords forgotten and changed; see db_resets.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "arena.h"
#include "db_resets.h"

int
db_resets_recent(struct db *db, struct arena *a, long long user_id,
    long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_RESETS_RECENT, &res, DB_INT(user_id)) == -1)
		return -1;
	*n = res.nrows > 0 ? db_cell_int(&res, 0, 0) : 0;
	return 0;
}

int
db_reset_create(struct db *db, struct arena *a, long long user_id,
    const char *token_hash, long long ttl_s, const char *token)
{
	struct db_res res;
	long long id;

	if (DB_RUN(db, a, DB_RESET_INSERT, &res, DB_INT(user_id),
	    DB_STR(token_hash), DB_INT(ttl_s)) == -1)
		return -1;
	id = (long long)res.insert_id;
	return DB_RUN(db, a, DB_OUTBOX_RESET, NULL, DB_INT(id),
	    DB_INT(user_id), DB_INT(id), DB_STR(token));
}

int
db_reset_lock(struct db *db, struct arena *a, const char *token_hash,
    long long *user_id, const char **email)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_RESET_LOCK, &res, DB_STR(token_hash)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*user_id = db_cell_int(&res, 0, 0);
	*email = db_cell(&res, 0, 1);
	return 1;
}

int
db_resets_spend(struct db *db, struct arena *a, long long user_id)
{
	if (DB_RUN(db, a, DB_RESETS_SPEND, NULL, DB_INT(user_id)) == -1)
		return -1;
	return DB_RUN(db, a, DB_OUTBOX_RESETS_CANCEL, NULL,
	    DB_STR("Not sent: the password was set before it went out."),
	    DB_INT(user_id));
}

int
db_user_password_set(struct db *db, struct arena *a, long long user_id,
    const char *pw_hash)
{
	return DB_RUN(db, a, DB_USER_PASSWORD_SET, NULL, DB_STR(pw_hash),
	    DB_INT(user_id));
}

int
db_sessions_end_all(struct db *db, struct arena *a, long long user_id,
    long long *ended)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SESSIONS_END_ALL, &res, DB_INT(user_id)) == -1)
		return -1;
	*ended = (long long)res.affected;
	return 0;
}
