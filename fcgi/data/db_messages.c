/*
 * db_messages: the messages of conversations, queued by texters and moved
 * on by the provider's webhooks; see db_messages.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_conversations.h"
#include "db_messages.h"

#define MESSAGE_COLUMN(m, k, s, j) COLUMN_OF(struct message, m, k, j)
const struct column message_columns[] = { MESSAGE_TABLE(MESSAGE_COLUMN) };
const size_t message_ncolumns = 0 MESSAGE_TABLE(COL_COUNT);

void
db_message_row(const struct db_res *res, size_t i, struct message *m)
{
	memset(m, 0, sizeof(*m));
	db_fill(res, i, 1, message_columns, message_ncolumns, m);
}

int
db_message(struct db *db, struct arena *a, long long org_id, long long id,
    struct message *m)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_MESSAGE_GET, &res, DB_INT(id),
	    DB_INT(org_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_message_row(&res, 0, m);
	return 1;
}

/* Oldest first (the statement takes the newest 200). */
int
db_messages(struct db *db, struct arena *a, long long conversation_id,
    struct message **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_MESSAGES_OF, &res,
	    DB_INT(conversation_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_message_row(&res, res.nrows - 1 - i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_message_queue(struct db *db, struct arena *a, bool initial,
    long long campaign_id, long long conversation_id, long long user_id,
    long long assignee_id, const char *body, const char *from,
    const char *to, long long *message_id)
{
	struct db_res res;

	/* sql/016's queue_message: one round trip; a deadlock rolls it back
	 * whole and db_run runs it again. */
	if (DB_RUN(db, a, DB_QUEUE_CALL, &res, DB_INT(initial ? 1 : 0),
	    DB_INT(conversation_id), DB_INT(user_id), DB_STR(body),
	    DB_STR(from), DB_STR(to), DB_INT(campaign_id),
	    assignee_id > 0 ? DB_INT(assignee_id) : DB_STR(NULL)) == -1 ||
	    res.nrows != 1)
		return -1;
	*message_id = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_message_status(struct db *db, struct arena *a, const char *provider_id,
    const char *status, const char *error, bool *found)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_HOOK_STATUS, &res, DB_STR(status),
	    DB_STR(error), DB_STR(provider_id), DB_STR(status)) == -1)
		return -1;
	*found = res.affected > 0;
	return 0;
}

int
db_message_bind(struct db *db, struct arena *a, long long message_id,
    const char *provider_id)
{
	return DB_RUN(db, a, DB_HOOK_BIND, NULL, DB_STR(provider_id),
	    DB_INT(message_id));
}

int
db_message_inbound(struct db *db, struct arena *a, const char *from,
    const char *to, const char *body, const char *provider_id, bool opt_out,
    bool *stored, long long *conversation_id)
{
	struct db_res res, ins;
	long long org_id;

	*stored = false;
	*conversation_id = 0;
	if (DB_RUN(db, a, DB_INBOUND_FIND, &res, DB_STR(from),
	    DB_STR(to)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*conversation_id = db_cell_int(&res, 0, 0);
	org_id = db_cell_int(&res, 0, 1);
	if (db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_INBOUND_INSERT, &ins,
	    DB_INT(*conversation_id), DB_STR(body), DB_STR(from), DB_STR(to),
	    DB_STR(provider_id)) == -1)
		goto out_rollback;
	if (ins.affected == 0) {	/* delivered before */
		db_rollback(db);
		return 0;
	}
	if (opt_out) {
		if (db_opt_out_in(db, a, org_id, from, "keyword") == -1)
			goto out_rollback;
	} else if (DB_RUN(db, a, DB_INBOUND_MARK, NULL,
	    DB_INT(*conversation_id)) == -1)
		goto out_rollback;
	if (db_commit(db) == -1)
		goto out_rollback;
	*stored = true;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}
