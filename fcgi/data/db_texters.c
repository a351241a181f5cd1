/*
 * db_texters: typed queries of texters on campaigns, the conversation
 * statuses and a texter's counts, and invite links; see db_texters.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_texters.h"

#define TEXTER_COLUMN(m, k, s, j) COLUMN_OF(struct texter, m, k, j)
const struct column texter_columns[] = { TEXTER_TABLE(TEXTER_COLUMN) };
const size_t texter_ncolumns = 0 TEXTER_TABLE(COL_COUNT);

const char *const conv_statuses[CONV_NSTATUS] = {
	"needs_message", "messaged", "needs_response", "convo", "closed",
};

int
conv_status_index(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < CONV_NSTATUS; i++)
		if (strcmp(s, conv_statuses[i]) == 0)
			return i;
	return -1;
}

int
db_member_role(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char **role)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_MEMBER_ROLE, &res, DB_INT(org_id),
	    DB_INT(user_id)) == -1)
		return -1;
	*role = res.nrows ? db_cell(&res, 0, 0) : NULL;
	return res.nrows ? 1 : 0;
}

int
db_is_texter(struct db *db, struct arena *a, long long campaign_id,
    long long user_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_IS_TEXTER, &res, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1)
		return -1;
	return res.nrows ? 1 : 0;
}

int
db_texters(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long after, long long limit,
    struct texter **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_TEXTERS_LIST, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, texter_columns, texter_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_texter_add(struct db *db, struct arena *a, long long campaign_id,
    long long user_id)
{
	return DB_RUN(db, a, DB_TEXTER_ADD, NULL, DB_INT(campaign_id),
	    DB_INT(user_id));
}

void
conv_counts_add(struct conv_counts *c, const char *status, bool opted_out,
    long long n)
{
	int i = conv_status_index(status);

	if (i >= 0)
		c->status[i] += n;
	if (opted_out)
		c->opted_out += n;
	c->total += n;
}

int
db_my_counts(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, struct conv_counts *c)
{
	struct db_res res;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (DB_RUN(db, a, DB_MY_COUNTS, &res, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1)
		return -1;
	for (i = 0; i < res.nrows; i++)
		conv_counts_add(c, db_cell(&res, i, 0),
		    db_cell_int(&res, i, 1) == 1, db_cell_int(&res, i, 2));
	return 0;
}

int
db_my_campaigns(struct db *db, struct arena *a, long long user_id,
    long long org_id, long long **ids, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_MY_CAMPAIGNS, &res, DB_INT(user_id),
	    DB_INT(org_id)) == -1)
		return -1;
	*ids = arena_alloc(a, (res.nrows + 1) * sizeof(**ids));
	for (i = 0; i < res.nrows; i++)
		(*ids)[i] = db_cell_int(&res, i, 0);
	*n = res.nrows;
	return 0;
}

int
db_invite_set(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *token)
{
	return token != NULL ? DB_RUN(db, a, DB_INVITE_SET, NULL,
	    DB_STR(token), DB_INT(org_id), DB_INT(campaign_id)) :
	    DB_RUN(db, a, DB_INVITE_CLEAR, NULL, DB_INT(org_id),
	    DB_INT(campaign_id));
}
