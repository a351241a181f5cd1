/*
 * db_review: message review's list and the ids of its bulk actions; see
 * db_review.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
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

/* The ways a page reads its window (REVIEW_DRIVERS). */
enum driver {
	BY_ID, BY_TEXTER, BY_ESCALATED, BY_TAG, BY_OPTION, BY_QUESTION
};

#define DRIVER_LIST(X, name, from, key, order) DB_REVIEW_LIST_##name,
#define DRIVER_IDS(X, name, from, key, order) DB_REVIEW_IDS_##name,
static const enum db_stmt list_stmt[] = { REVIEW_DRIVERS(DRIVER_LIST, _) };
static const enum db_stmt ids_stmt[] = { REVIEW_DRIVERS(DRIVER_IDS, _) };
#undef DRIVER_LIST
#undef DRIVER_IDS

/*
 * The index f reads best: the most selective of its filters that has
 * one, guessing from what campaigns look like (a survey option or a
 * tag marks few conversations, escalation fewer than one in a hundred,
 * a texter holds a share); the primary key when none applies. Escalated
 * = false and Unassigned are not selective, but their index still
 * touches only matches.
 */
static enum driver
driver_for(const struct review_filter *f)
{
	if (f->option_id > 0)
		return BY_OPTION;
	if (f->tag_id > 0)
		return BY_TAG;
	if (f->escalated == 1)
		return BY_ESCALATED;
	if (f->question_id > 0)
		return BY_QUESTION;
	if (f->texter != 0)
		return BY_TEXTER;
	return BY_ID;
}

#define FILTER_ARGS	32

/* Runs q (the list's or the ids') with f's placeholders: the driver's
 * key, then REVIEW_COND's order, then the limit. */
static int
run_filtered(struct db *db, struct arena *a, const enum db_stmt *q,
    long long org_id, const struct review_filter *f, long long after,
    long long upto, long long limit, struct db_res *res)
{
	struct db_arg args[FILTER_ARGS];
	const char *like = NULL;
	enum driver d = driver_for(f);
	size_t n = 0;

	if (f->text != NULL)
		like = like_pattern(a, f->text);
	switch (d) {
	case BY_ID:
		break;
	case BY_TEXTER:
		args[n++] = f->texter == REVIEW_UNASSIGNED ? DB_STR(NULL) :
		    DB_INT(f->texter);
		break;
	case BY_ESCALATED:
		args[n++] = DB_INT(f->escalated);
		break;
	case BY_TAG:
	case BY_OPTION:
	case BY_QUESTION:
		args[n++] = DB_INT(d == BY_TAG ? f->tag_id : d == BY_OPTION ?
		    f->option_id : f->question_id);
		args[n++] = DB_INT(after);
		args[n++] = DB_INT(upto);
		break;
	}
	args[n++] = DB_INT(org_id);
	args[n++] = DB_INT(after);
	args[n++] = DB_INT(upto);
	args[n++] = DB_INT(f->campaign_id);
	args[n++] = DB_INT(f->campaign_id);
	args[n++] = DB_STR(f->status);
	args[n++] = DB_STR(f->status);
	args[n++] = DB_INT(f->texter);
	args[n++] = DB_INT(f->texter);
	args[n++] = DB_INT(f->texter);
	args[n++] = DB_INT(f->tag_id);
	args[n++] = DB_INT(f->tag_id);
	args[n++] = DB_INT(f->escalated);
	args[n++] = DB_INT(f->escalated);
	args[n++] = DB_INT(f->opted_out);
	args[n++] = DB_INT(f->opted_out);
	args[n++] = DB_STR(like);
	args[n++] = DB_STR(like);
	args[n++] = DB_INT(f->question_id);
	args[n++] = DB_INT(f->question_id);
	args[n++] = DB_INT(f->option_id);
	args[n++] = DB_INT(f->option_id);
	args[n++] = DB_INT(limit);
	assert(n <= FILTER_ARGS);
	return db_run(db, a, q[d], args, n, res);
}

int
db_review_list(struct db *db, struct arena *a, long long org_id,
    const struct review_filter *f, long long after, long long upto,
    long long limit, struct conversation **out, size_t *n)
{
	struct db_res res;
	size_t i, at = 1 + conversation_brief_ncolumns;

	if (run_filtered(db, a, list_stmt, org_id, f, after, upto,
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

	if (run_filtered(db, a, ids_stmt, org_id, f, after, upto,
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
