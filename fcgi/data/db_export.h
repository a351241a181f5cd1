/*
 * db_export: the pages of the admins' CSV exports (db_sql_review.h), in
 * key order after a cursor, so an export reads a campaign of any size a
 * page at a time. Strings point into the caller's arena (a page's own,
 * reset between pages). Actions 0 / -1.
 */
#ifndef LL_DB_EXPORT_H
#define LL_DB_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

struct export_conversation {
	long long	 id;
	bool		 opted_out, escalated;
	const char	*phone, *first_name, *last_name, *fields, *status;
	const char	*texter_name, *texter_email, *tags;	/* "a; b" */
	const char	*first_message_at, *last_message_at;
};

/* A conversation's current answer to a survey question. */
struct export_answer {
	long long	 conversation_id, question_id;
	const char	*label;
};

struct export_message {
	long long	 id, conversation_id;
	bool		 initial;
	const char	*phone, *direction, *body, *status, *sender_name;
	const char	*created_at;
};

struct export_opt_out {
	const char	*phone, *source, *created_at;
};

/* A campaign's conversations after id `after`, in id order. */
int	db_export_conversations(struct db *, struct arena *,
	    long long campaign_id, long long after, long long limit,
	    struct export_conversation **, size_t *);
/* The survey answers of a campaign's conversations with id in
 * (after, upto], by conversation then question. */
int	db_export_answers(struct db *, struct arena *, long long campaign_id,
	    long long after, long long upto, struct export_answer **,
	    size_t *);
/* A campaign's messages after (conversation, message), in that order. */
int	db_export_messages(struct db *, struct arena *, long long campaign_id,
	    long long after_conversation, long long after_message,
	    long long limit, struct export_message **, size_t *);
/* The organization's opt-outs after phone `after` ("" first). */
int	db_export_opt_outs(struct db *, struct arena *, long long org_id,
	    const char *after, long long limit, struct export_opt_out **,
	    size_t *);

#endif
