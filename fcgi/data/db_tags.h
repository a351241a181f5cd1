/*
 * db_tags: typed queries of an organization's tags, tags on
 * conversations, closing and skipping a conversation, and the organizers'
 * review queue of escalated conversations (db_sql_tags.h, sql/020).
 * Strings point into the caller's arena. Lookups 1 / 0 / -1, actions
 * 0 / -1.
 */
#ifndef LL_DB_TAGS_H
#define LL_DB_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "db_conversations.h"

/* A row of TAG_TABLE. */
struct tag {
	long long	 id;
	bool		 escalate;
	const char	*name, *created_at;
};

/* TAG_TABLE as struct columns (columns.h), for the Tag object. */
extern const struct column	tag_columns[];
extern const size_t		tag_ncolumns;

/* The organization's tags, by name (TAGS_MAX at most). */
#define TAGS_MAX	100
int	db_tags(struct db *, struct arena *, long long org_id,
	    struct tag **, size_t *);
int	db_tag(struct db *, struct arena *, long long org_id, long long id,
	    struct tag *);
int	db_tag_count(struct db *, struct arena *, long long org_id,
	    long long *n);
/*
 * A new tag: 1 with *id, 0 when the organization has one of that name
 * already (the collation's case rules).
 */
int	db_tag_create(struct db *, struct arena *, long long org_id,
	    const char *name, bool escalate, long long *id);
/* Renames and/or marks a tag (name NULL, escalate -1: unchanged): 1, 0
 * when the name is another tag's. */
int	db_tag_update(struct db *, struct arena *, long long org_id,
	    long long id, const char *name, int escalate);
/* Deletes a tag, off every conversation too: 1, 0 when none. */
int	db_tag_delete(struct db *, struct arena *, long long org_id,
	    long long id);

/* A conversation's tags, by name. */
int	db_conversation_tags(struct db *, struct arena *,
	    long long conversation_id, struct tag **, size_t *);
/*
 * Puts tag t on a conversation (again is no change) and, when t escalates,
 * the conversation into the review queue, in one transaction.
 */
int	db_conversation_tag_add(struct db *, struct arena *,
	    long long conversation_id, const struct tag *t, long long user_id);
/* Takes a tag off (the queue is left as it is: organizers clear it). */
int	db_conversation_tag_remove(struct db *, struct arena *,
	    long long conversation_id, long long tag_id);
/* Out of the review queue. */
int	db_escalation_clear(struct db *, struct arena *,
	    long long conversation_id);
/* Closes a conversation whose initial message went (one that waits for
 * it, needs_message, is left as it is). */
int	db_conversation_close(struct db *, struct arena *,
	    long long conversation_id);
/* Puts the reply behind the assignee's other replies in the inbox. */
int	db_conversation_skip(struct db *, struct arena *,
	    long long conversation_id);

/* The review queue: escalated conversations of the organization (or of
 * campaign_id when not 0) after id `after`, in id order; each with
 * campaign_name and the assignee (id, name). */
int	db_escalated(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long after, long long limit,
	    struct conversation **, size_t *);
/* How many of a campaign's conversations are escalated. */
int	db_escalated_count(struct db *, struct arena *, long long campaign_id,
	    long long *n);
/* How many of a campaign's conversations are escalated, per assignee
 * (user_id 0: Unassigned); assignees with none are left out. */
struct escalated_count {
	long long	 user_id, n;
};
int	db_escalated_by_assignee(struct db *, struct arena *,
	    long long campaign_id, struct escalated_count **, size_t *);

#endif
