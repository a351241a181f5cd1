/*
 * db_exports: export jobs; see db_exports.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_exports.h"

#define EXPORT_COLUMN(m, k, s, j) COLUMN_OF(struct export_job, m, k, j)
const struct column export_columns[] = { EXPORT_TABLE(EXPORT_COLUMN) };
const size_t export_ncolumns = 0 EXPORT_TABLE(COL_COUNT);

int
db_export_insert(struct db *db, struct arena *a, long long org_id,
    const char *kind, long long campaign_id, long long user_id, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_INSERT, &res, DB_INT(org_id),
	    DB_STR(kind), campaign_id > 0 ? DB_INT(campaign_id) : DB_STR(NULL),
	    DB_INT(user_id)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_export_get(struct db *db, struct arena *a, long long org_id, long long id,
    struct export_job *x)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	memset(x, 0, sizeof(*x));
	db_fill(&res, 0, 1, export_columns, export_ncolumns, x);
	return 1;
}

int
db_exports_list(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *kind, long long limit,
    struct export_job **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_EXPORTS_LIST, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_INT(campaign_id), DB_STR(kind),
	    DB_STR(kind), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		memset(&(*out)[i], 0, sizeof(**out));
		db_fill(&res, i, 1, export_columns, export_ncolumns,
		    &(*out)[i]);
	}
	*n = res.nrows;
	return 0;
}

int
db_export_chunk(struct db *db, struct arena *a, long long export_id,
    long long seq, const char **data, size_t *len)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_CHUNK_GET, &res, DB_INT(export_id),
	    DB_INT(seq)) == -1)
		return -1;
	if (res.nrows == 0 || (*data = db_cell(&res, 0, 0)) == NULL)
		return 0;
	*len = strlen(*data);
	return 1;
}

int
db_export_claim(struct db *db, struct arena *a, const char *owner,
    long long lease_s, long long max_attempts, struct export_claim *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORTS_GIVE_UP, NULL,
	    DB_INT(max_attempts)) == -1 ||
	    DB_RUN(db, a, DB_EXPORT_CLAIM, &res, DB_STR(owner),
	    DB_INT(lease_s)) == -1)
		return -1;
	if (res.affected == 0)
		return 0;
	if (DB_RUN(db, a, DB_EXPORT_CLAIMED, &res, DB_STR(owner)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	memset(c, 0, sizeof(*c));
	c->id = db_cell_int(&res, 0, 0);
	c->org_id = db_cell_int(&res, 0, 1);
	c->kind = db_cell(&res, 0, 2);
	c->campaign_id = db_cell_int(&res, 0, 3);
	/* An earlier attempt's chunks, a few at a time (short undo). */
	do {
		if (DB_RUN(db, a, DB_EXPORT_CHUNKS_CLEAR, &res,
		    DB_INT(c->id)) == -1)
			return -1;
	} while (res.affected > 0);
	return 1;
}

/* The one cell of a COUNT(*). */
static int
count(struct db *db, struct arena *a, enum db_stmt q, long long id,
    long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, q, &res, DB_INT(id)) == -1)
		return -1;
	*n = res.nrows > 0 ? db_cell_int(&res, 0, 0) : 0;
	return 0;
}

int
db_export_count_messages(struct db *db, struct arena *a,
    long long campaign_id, long long *n)
{
	return count(db, a, DB_EXPORT_COUNT_MESSAGES, campaign_id, n);
}

int
db_export_count_opt_outs(struct db *db, struct arena *a, long long org_id,
    long long *n)
{
	return count(db, a, DB_EXPORT_COUNT_OPT_OUTS, org_id, n);
}

int
db_export_chunk_add(struct db *db, struct arena *a, long long id,
    const char *owner, long long seq, const char *data, bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_CHUNK_ADD, &res, DB_INT(seq),
	    DB_STR(data), DB_INT(id), DB_STR(owner)) == -1)
		return -1;
	*held = res.affected == 1;
	return 0;
}

int
db_export_progress(struct db *db, struct arena *a, long long id,
    const char *owner, long long rows_done, long long rows_total,
    long long lease_s, bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_PROGRESS, &res, DB_INT(rows_done),
	    DB_INT(rows_total), DB_INT(lease_s), DB_INT(id),
	    DB_STR(owner)) == -1)
		return -1;
	/* An UPDATE that changes nothing affects no row: ask again. */
	*held = true;
	if (res.affected == 0) {
		if (DB_RUN(db, a, DB_EXPORT_CLAIMED, &res, DB_STR(owner)) == -1)
			return -1;
		*held = res.nrows > 0;
	}
	return 0;
}

int
db_export_done(struct db *db, struct arena *a, long long id,
    const char *owner, long long rows, long long chunks, long long bytes,
    bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_EXPORT_DONE, &res, DB_INT(rows), DB_INT(rows),
	    DB_INT(chunks), DB_INT(bytes), DB_INT(id), DB_STR(owner)) == -1)
		return -1;
	*held = res.affected == 1;
	return 0;
}

int
db_export_failed(struct db *db, struct arena *a, long long id,
    const char *owner, const char *why)
{
	return DB_RUN(db, a, DB_EXPORT_FAILED, NULL, DB_STR(why), DB_INT(id),
	    DB_STR(owner));
}

int
db_export_release(struct db *db, struct arena *a, long long id,
    const char *owner)
{
	return DB_RUN(db, a, DB_EXPORT_RELEASE, NULL, DB_INT(id),
	    DB_STR(owner));
}
