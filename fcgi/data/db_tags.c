/*
 * db_tags: tags, tags on conversations, closing, skipping and the review
 * queue; see db_tags.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_tags.h"

#define TAG_COLUMN(m, k, s, j) COLUMN_OF(struct tag, m, k, j)
const struct column tag_columns[] = { TAG_TABLE(TAG_COLUMN) };
const size_t tag_ncolumns = 0 TAG_TABLE(COL_COUNT);

/* Runs a query of TAG_SELECT rows into *out. */
static int
tag_rows(struct db *db, struct arena *a, enum db_stmt q,
    const struct db_arg *args, size_t nargs, struct tag **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, q, args, nargs, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		memset(&(*out)[i], 0, sizeof(**out));
		db_fill(&res, i, 1, tag_columns, tag_ncolumns, &(*out)[i]);
	}
	*n = res.nrows;
	return 0;
}

int
db_tags(struct db *db, struct arena *a, long long org_id, struct tag **out,
    size_t *n)
{
	const struct db_arg args[] = { DB_INT(org_id) };

	return tag_rows(db, a, DB_TAGS_LIST, args, 1, out, n);
}

int
db_tag(struct db *db, struct arena *a, long long org_id, long long id,
    struct tag *t)
{
	const struct db_arg args[] = { DB_INT(org_id), DB_INT(id) };
	struct tag *row;
	size_t n;

	if (tag_rows(db, a, DB_TAG_GET, args, 2, &row, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	*t = row[0];
	return 1;
}

int
db_tag_count(struct db *db, struct arena *a, long long org_id, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TAG_COUNT, &res, DB_INT(org_id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_tag_create(struct db *db, struct arena *a, long long org_id,
    const char *name, bool escalate, long long *id)
{
	struct db_res res;

	*id = 0;
	if (DB_RUN(db, a, DB_TAG_INSERT, &res, DB_INT(org_id), DB_STR(name),
	    DB_INT(escalate)) == -1)
		return db_is_duplicate(db) ? 0 : -1;
	*id = (long long)res.insert_id;
	return 1;
}

int
db_tag_update(struct db *db, struct arena *a, long long org_id,
    long long id, const char *name, int escalate)
{
	struct db_arg esc = escalate < 0 ? DB_STR(NULL) : DB_INT(escalate);

	if (DB_RUN(db, a, DB_TAG_UPDATE, NULL, DB_STR(name), esc,
	    DB_INT(org_id), DB_INT(id)) == -1)
		return db_is_duplicate(db) ? 0 : -1;
	return 1;
}

int
db_tag_delete(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TAG_DELETE, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	return res.affected > 0;
}

int
db_conversation_tags(struct db *db, struct arena *a,
    long long conversation_id, struct tag **out, size_t *n)
{
	const struct db_arg args[] = { DB_INT(conversation_id) };

	return tag_rows(db, a, DB_CONV_TAGS, args, 1, out, n);
}

int
db_conversation_tag_add(struct db *db, struct arena *a,
    long long conversation_id, const struct tag *t, long long user_id)
{
	if (db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_CONV_TAG_ADD, NULL, DB_INT(conversation_id),
	    DB_INT(t->id), DB_INT(user_id)) == -1 ||
	    (t->escalate && DB_RUN(db, a, DB_CONV_ESCALATE, NULL,
	    DB_INT(conversation_id)) == -1) || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
db_conversation_tag_remove(struct db *db, struct arena *a,
    long long conversation_id, long long tag_id)
{
	return DB_RUN(db, a, DB_CONV_TAG_REMOVE, NULL,
	    DB_INT(conversation_id), DB_INT(tag_id));
}

int
db_escalation_clear(struct db *db, struct arena *a,
    long long conversation_id)
{
	return DB_RUN(db, a, DB_CONV_ESCALATION_CLEAR, NULL,
	    DB_INT(conversation_id));
}

int
db_conversation_close(struct db *db, struct arena *a,
    long long conversation_id)
{
	return DB_RUN(db, a, DB_CONV_CLOSE, NULL, DB_INT(conversation_id));
}

int
db_conversation_skip(struct db *db, struct arena *a,
    long long conversation_id)
{
	return DB_RUN(db, a, DB_CONV_SKIP, NULL, DB_INT(conversation_id));
}

int
db_escalated(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long after, long long limit,
    struct conversation **out, size_t *n)
{
	struct db_res res;
	size_t i, at = 1 + conversation_brief_ncolumns;

	if (DB_RUN(db, a, DB_ESCALATED_LIST, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_INT(campaign_id), DB_INT(after),
	    DB_INT(limit)) == -1)
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

int
db_escalated_count(struct db *db, struct arena *a, long long campaign_id,
    long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_ESCALATED_COUNT, &res, DB_INT(campaign_id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_escalated_by_assignee(struct db *db, struct arena *a,
    long long campaign_id, struct escalated_count **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_ESCALATED_BY_ASSIGNEE, &res,
	    DB_INT(campaign_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].user_id = db_cell_int(&res, i, 0);
		(*out)[i].n = db_cell_int(&res, i, 1);
	}
	*n = res.nrows;
	return 0;
}
