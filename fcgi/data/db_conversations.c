/*
 * db_conversations: the messenger's conversations and opt-outs; see
 * db_conversations.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <string.h>

#include "arena.h"
#include "db_conversations.h"

#define CONV_COLUMN(m, k, s, j) COLUMN_OF(struct conversation, m, k, j)
#define BRIEF_COLUMN(m, k, s, j) COLUMN_OF(struct conversation, m, k, j)
const struct column conversation_columns[] = {
	CONVERSATION_TABLE(CONV_COLUMN)
};
const size_t conversation_ncolumns = 0 CONVERSATION_TABLE(COL_COUNT);
const struct column conversation_brief_columns[] = {
	CONVERSATION_BRIEF_TABLE(BRIEF_COLUMN)
};
const size_t conversation_brief_ncolumns =
    0 CONVERSATION_BRIEF_TABLE(COL_COUNT);

int
db_conversation_next(struct db *db, struct arena *a, long long org_id,
    long long id, struct conversation *c, struct campaign *k,
    long long *next)
{
	struct db_res res;

	if (DB_RUN(db, a, next != NULL ? DB_CONVERSATION_NEXT :
	    DB_CONVERSATION_GET, &res, DB_INT(id), DB_INT(org_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	memset(c, 0, sizeof(*c));
	db_fill(&res, 0, 1, conversation_columns, conversation_ncolumns, c);
	if (k != NULL) {
		memset(k, 0, sizeof(*k));
		db_fill(&res, 0, 1 + conversation_ncolumns, campaign_columns,
		    campaign_ncolumns, k);
	}
	if (next != NULL)	/* CONVERSATION_NEXT's last column */
		*next = db_cell_int(&res, 0, res.ncols - 1);
	return 1;
}

int
db_conversation(struct db *db, struct arena *a, long long org_id,
    long long id, struct conversation *c, struct campaign *k)
{
	return db_conversation_next(db, a, org_id, id, c, k, NULL);
}

/* A list's row (CONVERSATION_BRIEF [+ the campaign's name]). */
static void
brief_from(const struct db_res *res, size_t i, struct conversation *c)
{
	memset(c, 0, sizeof(*c));
	db_fill(res, i, 1, conversation_brief_columns,
	    conversation_brief_ncolumns, c);
	c->campaign_name = db_cell(res, i, 1 + conversation_brief_ncolumns);
}

/* Runs a list query of CONVERSATION_BRIEF rows into *out. */
static int
briefs(struct db *db, struct arena *a, enum db_stmt q,
    const struct db_arg *args, size_t nargs, struct conversation **out,
    size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, q, args, nargs, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		brief_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_my_conversations(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, const char *status, long long after, long long limit,
    struct conversation **out, size_t *n)
{
	const struct db_arg args[] = { DB_INT(campaign_id), DB_INT(user_id),
	    DB_STR(status), DB_INT(after), DB_INT(limit) };

	return briefs(db, a, DB_MY_CONVERSATIONS, args, 5, out, n);
}

int
db_inbox(struct db *db, struct arena *a, long long org_id,
    long long user_id, long long after, long long limit,
    struct conversation **out, size_t *n)
{
	const struct db_arg args[] = { DB_INT(user_id), DB_INT(org_id),
	    DB_INT(after), DB_INT(after), DB_INT(limit) };

	return briefs(db, a, DB_INBOX, args, 5, out, n);
}

int
db_next_to_message(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, long long after, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NEXT_TO_MESSAGE, &res, DB_INT(campaign_id),
	    DB_INT(user_id), DB_INT(after)) == -1)
		return -1;
	if (res.nrows == 0 && after > 0 && DB_RUN(db, a,
	    DB_NEXT_TO_MESSAGE, &res, DB_INT(campaign_id), DB_INT(user_id),
	    DB_INT(0)) == -1)
		return -1;
	*id = res.nrows ? db_cell_int(&res, 0, 0) : 0;
	return 0;
}

int
db_opt_out_in(struct db *db, struct arena *a, long long org_id,
    const char *phone, const char *source)
{
	assert(db->in_tx);
	return DB_RUN(db, a, DB_OPT_OUT, NULL, DB_INT(org_id),
	    DB_STR(phone), DB_STR(source)) == -1 || DB_RUN(db, a,
	    DB_OPT_OUT_SPREAD, NULL, DB_STR(phone), DB_INT(org_id)) == -1 ||
	    DB_RUN(db, a, DB_OPT_OUT_PLAN_STALE, NULL, DB_STR(phone),
	    DB_INT(org_id)) == -1 ? -1 : 0;
}

int
db_opt_out(struct db *db, struct arena *a, long long org_id,
    const char *phone, const char *source)
{
	if (db_begin(db) == -1)
		return -1;
	if (db_opt_out_in(db, a, org_id, phone, source) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
