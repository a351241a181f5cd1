/*
 * db_review: message review's list and the ids of its bulk actions; see
 * db_review.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_review.h"

int
db_review_bounds(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long *lo, long long *hi)
{
	struct db_res res;

	*lo = *hi = 0;
	if (DB_RUN(db, a, DB_REVIEW_BOUNDS, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_INT(campaign_id)) == -1)
		return -1;
	if (res.nrows == 0 || db_cell(&res, 0, 0) == NULL)
		return 0;
	*lo = db_cell_int(&res, 0, 0);
	*hi = db_cell_int(&res, 0, 1);
	return 1;
}

/* "%text%" for LIKE, text's own % _ and \ taken literally. */
static const char *
like_pattern(struct arena *a, const char *text)
{
	char *p = arena_alloc(a, strlen(text) * 2 + 3), *o = p;

	*o++ = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*o++ = '\\';
		*o++ = *text;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

/* Runs q with f's placeholders (REVIEW_WHERE's order) and a limit. */
static int
run_filtered(struct db *db, struct arena *a, enum db_stmt q,
    long long org_id, const struct review_filter *f, long long after,
    long long upto, long long limit, struct db_res *res)
{
	const char *like = NULL;

	if (f->text != NULL)
		like = like_pattern(a, f->text);
	return DB_RUN(db, a, q, res, DB_INT(org_id), DB_INT(after),
	    DB_INT(upto), DB_INT(f->campaign_id), DB_INT(f->campaign_id),
	    DB_STR(f->status), DB_STR(f->status), DB_INT(f->texter),
	    DB_INT(f->texter), DB_INT(f->texter), DB_INT(f->tag_id),
	    DB_INT(f->tag_id), DB_INT(f->escalated), DB_INT(f->escalated),
	    DB_INT(f->opted_out), DB_INT(f->opted_out), DB_STR(like),
	    DB_STR(like), DB_INT(limit));
}

int
db_review_list(struct db *db, struct arena *a, long long org_id,
    const struct review_filter *f, long long after, long long upto,
    long long limit, struct conversation **out, size_t *n)
{
	struct db_res res;
	size_t i, at = 1 + conversation_brief_ncolumns;

	if (run_filtered(db, a, DB_REVIEW_LIST, org_id, f, after, upto,
	    limit, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		struct conversation *c = &(*out)[i];

		memset(c, 0, sizeof(*c));
		db_fill(&res, i, 1, conversation_brief_columns,
		    conversation_brief_ncolumns, c);
		c->campaign_name = db_cell(&res, i, at);
		c->assignee_name = db_cell(&res, i, at + 1);
		c->assignee_id = db_cell_int(&res, i, at + 2);
	}
	*n = res.nrows;
	return 0;
}

/* res's (id, campaign_id) rows into *out. */
static void
id_rows(struct arena *a, const struct db_res *res, struct review_id **out,
    size_t *n)
{
	size_t i;

	*out = arena_alloc(a, (res->nrows + 1) * sizeof(**out));
	for (i = 0; i < res->nrows; i++) {
		(*out)[i].id = db_cell_int(res, i, 0);
		(*out)[i].campaign_id = db_cell_int(res, i, 1);
	}
	*n = res->nrows;
}

int
db_review_match_ids(struct db *db, struct arena *a, long long org_id,
    const struct review_filter *f, long long after, long long upto,
    long long limit, struct review_id **out, size_t *n)
{
	struct db_res res;

	if (run_filtered(db, a, DB_REVIEW_MATCH_IDS, org_id, f, after, upto,
	    limit, &res) == -1)
		return -1;
	id_rows(a, &res, out, n);
	return 0;
}

int
db_review_own_ids(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *ids_json, struct review_id **out,
    size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_REVIEW_OWN_IDS, &res, DB_STR(ids_json),
	    DB_INT(org_id), DB_INT(campaign_id), DB_INT(campaign_id)) == -1)
		return -1;
	id_rows(a, &res, out, n);
	return 0;
}

int
db_review_close(struct db *db, struct arena *a, const char *ids_json,
    long long *closed)
{
	struct db_res res;

	*closed = 0;
	if (DB_RUN(db, a, DB_REVIEW_CLOSE, &res, DB_STR(ids_json)) == -1)
		return -1;
	*closed = (long long)res.affected;
	return 0;
}
