/*
 * db_survey: typed queries of survey questions; see db_survey.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_survey.h"

#define QUESTION_COLUMN(m, k, s, j) \
	COLUMN_OF(struct survey_question, m, k, j)
const struct column survey_question_columns[] = {
	SURVEY_QUESTION_TABLE(QUESTION_COLUMN)
};
const size_t survey_question_ncolumns = 0 SURVEY_QUESTION_TABLE(COL_COUNT);

#define OPTION_COLUMN(m, k, s, j) COLUMN_OF(struct survey_option, m, k, j)
const struct column survey_option_columns[] = {
	SURVEY_OPTION_TABLE(OPTION_COLUMN)
};
const size_t survey_option_ncolumns = 0 SURVEY_OPTION_TABLE(COL_COUNT);

#define ANSWER_COLUMN(m, k, s, j) COLUMN_OF(struct survey_answer, m, k, j)
const struct column survey_answer_columns[] = {
	SURVEY_ANSWER_TABLE(ANSWER_COLUMN)
};
const size_t survey_answer_ncolumns = 0 SURVEY_ANSWER_TABLE(COL_COUNT);

/* Binds 0 as SQL NULL. */
static struct db_arg
id_or_null(long long id)
{
	return id > 0 ? DB_INT(id) : DB_STR(NULL);
}

/* Every row of res into an arena array of `size`-byte structs. */
static void *
rows(struct arena *a, const struct db_res *res, const struct column *cols,
    size_t ncols, size_t size)
{
	char *out = arena_alloc(a, (res->nrows + 1) * size);
	size_t i;

	for (i = 0; i < res->nrows; i++)
		db_fill(res, i, 1, cols, ncols, out + i * size);
	return out;
}

static int
count(struct db *db, struct arena *a, enum db_stmt q, long long id,
    long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, q, &res, DB_INT(id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_survey_questions(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, struct survey_question **out, size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_QUESTIONS, &res, DB_INT(org_id),
	    DB_INT(campaign_id)) == -1)
		return -1;
	*out = rows(a, &res, survey_question_columns,
	    survey_question_ncolumns, sizeof(**out));
	*n = res.nrows;
	return 0;
}

int
db_survey_options(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, struct survey_option **out, size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_OPTIONS, &res, DB_INT(org_id),
	    DB_INT(campaign_id)) == -1)
		return -1;
	*out = rows(a, &res, survey_option_columns, survey_option_ncolumns,
	    sizeof(**out));
	*n = res.nrows;
	return 0;
}

int
db_survey_question(struct db *db, struct arena *a, long long org_id,
    long long id, struct survey_question *out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_QUESTION_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_fill(&res, 0, 1, survey_question_columns, survey_question_ncolumns,
	    out);
	return 1;
}

int
db_survey_option(struct db *db, struct arena *a, long long org_id,
    long long id, struct survey_option *out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_OPTION_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_fill(&res, 0, 1, survey_option_columns, survey_option_ncolumns,
	    out);
	return 1;
}

int
db_survey_question_count(struct db *db, struct arena *a,
    long long campaign_id, long long *n)
{
	return count(db, a, DB_SURVEY_QUESTION_COUNT, campaign_id, n);
}

int
db_survey_option_count(struct db *db, struct arena *a,
    long long question_id, long long *n)
{
	return count(db, a, DB_SURVEY_OPTION_COUNT, question_id, n);
}

int
db_survey_question_answers(struct db *db, struct arena *a,
    long long question_id, long long *n)
{
	return count(db, a, DB_SURVEY_QUESTION_ANSWERS, question_id, n);
}

int
db_survey_question_insert(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *text, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_QUESTION_INSERT, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_STR(text)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_survey_question_update(struct db *db, struct arena *a, long long org_id,
    long long id, const char *text)
{
	struct survey_question q;

	if (DB_RUN(db, a, DB_SURVEY_QUESTION_UPDATE, NULL, DB_STR(text),
	    DB_INT(org_id), DB_INT(id)) == -1)
		return -1;
	/* An update that changes nothing affects no row: look. */
	return db_survey_question(db, a, org_id, id, &q);
}

int
db_survey_question_delete(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_QUESTION_DELETE, &res, DB_INT(org_id),
	    DB_INT(id), DB_INT(id)) == -1)
		return -1;
	return res.affected > 0 ? 1 : 0;
}

int
db_survey_option_insert(struct db *db, struct arena *a,
    long long question_id, const char *label, const char *reply,
    long long next_question_id, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_OPTION_INSERT, &res, DB_INT(question_id),
	    DB_STR(label), DB_STR(reply), id_or_null(next_question_id)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_survey_option_update(struct db *db, struct arena *a, long long org_id,
    long long id, const char *label, const char *reply,
    long long next_question_id)
{
	struct survey_option o;

	if (DB_RUN(db, a, DB_SURVEY_OPTION_UPDATE, NULL, DB_STR(label),
	    DB_STR(reply), id_or_null(next_question_id), DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	return db_survey_option(db, a, org_id, id, &o);
}

int
db_survey_option_delete(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_OPTION_DELETE, &res, DB_INT(org_id),
	    DB_INT(id), DB_INT(id)) == -1)
		return -1;
	return res.affected > 0 ? 1 : 0;
}

int
db_survey_answers(struct db *db, struct arena *a, long long conversation_id,
    struct survey_answer **out, size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_ANSWERS, &res,
	    DB_INT(conversation_id)) == -1)
		return -1;
	*out = rows(a, &res, survey_answer_columns, survey_answer_ncolumns,
	    sizeof(**out));
	*n = res.nrows;
	return 0;
}

int
db_survey_answer_set(struct db *db, struct arena *a,
    long long conversation_id, long long campaign_id,
    const struct survey_option *o, long long user_id)
{
	if (db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_SURVEY_ANSWER_SET, NULL, DB_INT(conversation_id),
	    DB_INT(o->question_id), DB_INT(o->id), DB_INT(campaign_id),
	    DB_INT(user_id)) == -1 ||
	    DB_RUN(db, a, DB_SURVEY_LOG_ADD, NULL, DB_INT(conversation_id),
	    DB_INT(o->question_id), DB_INT(o->id), DB_STR(o->label),
	    DB_INT(user_id)) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
db_survey_answer_clear(struct db *db, struct arena *a,
    long long conversation_id, long long question_id, long long user_id)
{
	struct db_res res;

	if (db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_SURVEY_ANSWER_CLEAR, &res, DB_INT(conversation_id),
	    DB_INT(question_id)) == -1)
		goto out_rollback;
	if (res.affected == 0) {
		db_rollback(db);
		return 0;
	}
	if (DB_RUN(db, a, DB_SURVEY_LOG_ADD, NULL, DB_INT(conversation_id),
	    DB_INT(question_id), DB_STR(NULL), DB_STR(NULL),
	    DB_INT(user_id)) == -1 || db_commit(db) == -1)
		goto out_rollback;
	return 1;
out_rollback:
	db_rollback(db);
	return -1;
}

int
db_survey_log(struct db *db, struct arena *a, long long conversation_id,
    struct survey_answer **out, size_t *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SURVEY_LOG, &res, DB_INT(conversation_id)) == -1)
		return -1;
	*out = rows(a, &res, survey_answer_columns, survey_answer_ncolumns,
	    sizeof(**out));
	*n = res.nrows;
	return 0;
}
