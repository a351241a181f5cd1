/*
 * db_messages: the messages of conversations: a texter's queued by
 * db_message_queue, the provider's webhooks moving them on, inbound
 * texts (the sender's queue is db_send.h). Lookups 1 / 0 / -1, actions
 * 0 / -1.
 */
#ifndef LL_DB_MESSAGES_H
#define LL_DB_MESSAGES_H

#include <stdbool.h>

#include "db.h"

struct message {
	long long	 id, conversation_id;
	bool		 initial;
	const char	*direction, *body, *status, *error, *created_at;
	const char	*status_at, *sender_name;
};

/* MESSAGE_TABLE (db_sql_texting.h) as struct columns (columns.h). */
extern const struct column	message_columns[];
extern const size_t		message_ncolumns;

int	db_messages(struct db *, struct arena *, long long conversation_id,
	    struct message **, size_t *);
/* One message of the organization. */
int	db_message(struct db *, struct arena *, long long org_id,
	    long long id, struct message *);
/* A message from a row whose columns from 1 on are MESSAGE_TABLE's
 * (db_sql_texting.h): "SELECT 0" MESSAGE_TABLE(COL_SQL) ... */
void	db_message_row(const struct db_res *, size_t row, struct message *);
/*
 * Queues an outbound message in the user's own conversation and moves the
 * conversation on (initial: needs_message -> messaged; reply: -> convo),
 * in one transaction. *message_id 0 (nothing written) when the
 * conversation was not in a state to take it. user_id sends; assignee_id
 * (0: Unassigned) is whose the caller saw it was: the user, or for an
 * organizer, whoever holds it (a move meanwhile writes nothing).
 */
int	db_message_queue(struct db *, struct arena *, bool initial,
	    long long campaign_id, long long conversation_id,
	    long long user_id, long long assignee_id, const char *body,
	    const char *from, const char *to, long long *message_id);
/* Webhooks. status: a provider status update (monotonic); bind: our
 * message found by its reference learns its provider id. */
int	db_message_status(struct db *, struct arena *, const char *provider_id,
	    const char *status, const char *error, bool *found);
int	db_message_bind(struct db *, struct arena *, long long message_id,
	    const char *provider_id);
/* An inbound text: stored on the right conversation, which then needs a
 * response; opt_out also opts the sender out of the organization.
 * *stored false when no conversation matches or it was seen before. */
int	db_message_inbound(struct db *, struct arena *, const char *from,
	    const char *to, const char *body, const char *provider_id,
	    bool opt_out, bool *stored, long long *conversation_id);

#endif
