/*
 * db_conversations: the messenger's conversations (with their campaign)
 * and opt-outs. Strings point into the caller's arena. Lookups
 * 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_CONVERSATIONS_H
#define LL_DB_CONVERSATIONS_H

#include <stdbool.h>

#include "db.h"
#include "db_campaigns.h"

struct conversation {
	long long	 id, campaign_id, assignee_id;
	bool		 opted_out, escalated;
	const char	*phone, *first_name, *last_name, *fields, *status;
	const char	*last_message_at, *assignee_name, *skipped_at;
	const char	*last_body, *campaign_name;	/* lists only */
	const char	*tags;		/* lists only: JSON [{id, name, escalate}] */
};

/* CONVERSATION_TABLE and CONVERSATION_BRIEF_TABLE (db_sql_texting.h) as
 * struct columns (columns.h). */
extern const struct column	conversation_columns[];
extern const size_t		conversation_ncolumns;
extern const struct column	conversation_brief_columns[];
extern const size_t		conversation_brief_ncolumns;

/* The messenger. */
/* A conversation of the organization, and (k not NULL) its campaign. */
int	db_conversation(struct db *, struct arena *, long long org_id,
	    long long id, struct conversation *, struct campaign *k);
/* The same, and (next not NULL) *next: the assignee's next conversation
 * waiting for its initial message, after this one or else before it
 * (wrapping around); 0 when none. What the messenger shows after an
 * initial send. */
int	db_conversation_next(struct db *, struct arena *, long long org_id,
	    long long id, struct conversation *, struct campaign *k,
	    long long *next);
int	db_my_conversations(struct db *, struct arena *,
	    long long campaign_id, long long user_id, const char *status,
	    long long after, long long limit, struct conversation **,
	    size_t *);
/* The caller's replies: not skipped first (id order), then skipped ones
 * in the order they were skipped; after: the last id of the page before. */
int	db_inbox(struct db *, struct arena *, long long org_id,
	    long long user_id, long long after, long long limit,
	    struct conversation **, size_t *);
/* The next conversation waiting for its initial message after `after`
 * (wrapping around); 0 when none. */
int	db_next_to_message(struct db *, struct arena *,
	    long long campaign_id, long long user_id, long long after,
	    long long *id);
/* Opts a phone out of the whole organization (source: keyword, texter,
 * provider_stop), in a transaction of its own or (_in) the caller's. */
int	db_opt_out(struct db *, struct arena *, long long org_id,
	    const char *phone, const char *source);
int	db_opt_out_in(struct db *, struct arena *, long long org_id,
	    const char *phone, const char *source);

#endif
