/*
 * db_counts: conversation counts and their snapshot; see db_counts.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_counts.h"

/* Rows of [assignee, status, opted_out, n] from column col on. */
static void
groups_from(struct arena *a, const struct db_res *res, size_t col,
    struct count_group **out, size_t *n)
{
	size_t i;

	*out = arena_alloc(a, (res->nrows + 1) * sizeof(**out));
	*n = 0;
	for (i = 0; i < res->nrows; i++) {
		if (db_cell(res, i, col + 1) == NULL)
			continue;	/* the LEFT JOIN's empty side */
		(*out)[*n].assignee_id = db_cell_int(res, i, col);
		(*out)[*n].status = db_cell(res, i, col + 1);
		(*out)[*n].opted_out = db_cell_int(res, i, col + 2) == 1;
		(*out)[*n].n = db_cell_int(res, i, col + 3);
		(*n)++;
	}
}

int
db_counts_live(struct db *db, struct arena *a, long long campaign_id,
    struct count_group **out, size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_COUNTS_LIVE, &res, DB_INT(campaign_id)) == -1)
		return -1;
	groups_from(a, &res, 0, out, n);
	return 0;
}

int
db_counts_snapshot(struct db *db, struct arena *a, long long campaign_id,
    long long max_age_s, struct count_snapshot *s)
{
	struct db_res res;

	memset(s, 0, sizeof(*s));
	if (DB_RUN(db, a, DB_COUNTS_SNAPSHOT, &res, DB_INT(max_age_s),
	    DB_INT(campaign_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	s->size = db_cell_int(&res, 0, 0);
	s->computed_at = db_cell(&res, 0, 1);
	s->at = db_cell_time(a, &res, 0, 1);
	s->too_old = db_cell(&res, 0, 2) == NULL || db_cell_int(&res, 0, 2);
	s->want_stale = db_cell_int(&res, 0, 3) == 1;
	groups_from(a, &res, 4, &s->groups, &s->ngroups);
	return 1;
}

int
db_counts_want(struct db *db, struct arena *a, long long campaign_id)
{
	return DB_RUN(db, a, DB_COUNTS_WANT, NULL, DB_INT(campaign_id));
}

int
db_counts_wanted(struct db *db, struct arena *a, long long campaign_id)
{
	return DB_RUN(db, a, DB_COUNTS_WANTED, NULL, DB_INT(campaign_id));
}

/* After a claim: which campaign the lease holds, and the clock. */
static int
claimed(struct db *db, struct arena *a, const char *owner,
    long long *campaign_id, const char **started)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_COUNTS_CLAIMED, &res, DB_STR(owner)) == -1)
		return -1;
	if (res.nrows != 1)
		return 0;
	*campaign_id = db_cell_int(&res, 0, 0);
	*started = db_cell(&res, 0, 1);
	return 1;
}

int
db_counts_claim_due(struct db *db, struct arena *a, const char *owner,
    long long lease_s, long long wanted_s, long long refresh_s,
    long long *campaign_id, const char **started)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_COUNTS_CLAIM_DUE, &res, DB_STR(owner),
	    DB_INT(lease_s), DB_INT(wanted_s), DB_INT(refresh_s)) == -1)
		return -1;
	if (res.affected == 0)
		return 0;
	return claimed(db, a, owner, campaign_id, started);
}

int
db_counts_claim_one(struct db *db, struct arena *a, const char *owner,
    long long lease_s, long long campaign_id, long long max_age_s,
    const char **started)
{
	struct db_res res;
	long long id;

	if (DB_RUN(db, a, DB_COUNTS_CLAIM_ONE, &res, DB_STR(owner),
	    DB_INT(lease_s), DB_INT(campaign_id), DB_INT(max_age_s)) == -1)
		return -1;
	if (res.affected == 0)
		return 0;
	return claimed(db, a, owner, &id, started);
}

int
db_counts_store(struct db *db, struct arena *a, long long campaign_id,
    const char *owner, const char *started)
{
	struct db_res res;

	if (db_run(db, a, DB_COUNTS_READ_COMMITTED, NULL, 0, NULL) == -1 ||
	    db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_COUNTS_ROWS_CLEAR, NULL,
	    DB_INT(campaign_id)) == -1 ||
	    DB_RUN(db, a, DB_COUNTS_ROWS_FILL, NULL, DB_INT(campaign_id),
	    DB_INT(campaign_id)) == -1 ||
	    DB_RUN(db, a, DB_COUNTS_DONE, &res, DB_STR(started),
	    DB_STR(started), DB_INT(campaign_id), DB_STR(owner)) == -1)
		goto out_rollback;
	if (res.affected != 1)	/* the lease ran out: someone else counts */
		goto out_rollback;
	if (db_commit(db) == -1)
		goto out_rollback;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}
