/*
 * db_export: pages of the CSV exports; see db_export.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_export.h"

int
db_export_conversations(struct db *db, struct arena *a,
    long long campaign_id, long long after, long long limit,
    struct export_conversation **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_EXPORT_CONVERSATIONS, &res, DB_INT(campaign_id),
	    DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		struct export_conversation *c = &(*out)[i];

		c->id = db_cell_int(&res, i, 0);
		c->phone = db_cell(&res, i, 1);
		c->first_name = db_cell(&res, i, 2);
		c->last_name = db_cell(&res, i, 3);
		c->fields = db_cell(&res, i, 4);
		c->status = db_cell(&res, i, 5);
		c->texter_name = db_cell(&res, i, 6);
		c->texter_email = db_cell(&res, i, 7);
		c->tags = db_cell(&res, i, 8);
		c->opted_out = db_cell_int(&res, i, 9) != 0;
		c->escalated = db_cell_int(&res, i, 10) != 0;
		c->first_message_at = db_cell_time(a, &res, i, 11);
		c->last_message_at = db_cell_time(a, &res, i, 12);
	}
	*n = res.nrows;
	return 0;
}

int
db_export_answers(struct db *db, struct arena *a, long long campaign_id,
    long long after, long long upto, struct export_answer **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_EXPORT_ANSWERS, &res, DB_INT(after), DB_INT(upto),
	    DB_INT(campaign_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].conversation_id = db_cell_int(&res, i, 0);
		(*out)[i].question_id = db_cell_int(&res, i, 1);
		(*out)[i].label = db_cell(&res, i, 2);
	}
	*n = res.nrows;
	return 0;
}

int
db_export_messages(struct db *db, struct arena *a, long long campaign_id,
    long long after_conversation, long long after_message, long long limit,
    struct export_message **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_EXPORT_MESSAGES, &res, DB_INT(campaign_id),
	    DB_INT(after_conversation), DB_INT(after_conversation),
	    DB_INT(after_message), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		struct export_message *m = &(*out)[i];

		m->id = db_cell_int(&res, i, 0);
		m->conversation_id = db_cell_int(&res, i, 1);
		m->phone = db_cell(&res, i, 2);
		m->direction = db_cell(&res, i, 3);
		m->initial = db_cell_int(&res, i, 4) != 0;
		m->body = db_cell(&res, i, 5);
		m->status = db_cell(&res, i, 6);
		m->sender_name = db_cell(&res, i, 7);
		m->created_at = db_cell_time(a, &res, i, 8);
	}
	*n = res.nrows;
	return 0;
}

int
db_export_opt_outs(struct db *db, struct arena *a, long long org_id,
    const char *after, long long limit, struct export_opt_out **out,
    size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_EXPORT_OPT_OUTS, &res, DB_INT(org_id),
	    DB_STR(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].phone = db_cell(&res, i, 0);
		(*out)[i].source = db_cell(&res, i, 1);
		(*out)[i].created_at = db_cell_time(a, &res, i, 2);
	}
	*n = res.nrows;
	return 0;
}
