/*
 * db_review: typed queries of message review, the organizers' list of
 * every conversation of a campaign or of the organization, filtered, and
 * the ids a bulk move or close works on (db_sql_review.h, sql/023).
 * Strings point into the caller's arena. Actions 0 / -1.
 */
#ifndef LL_DB_REVIEW_H
#define LL_DB_REVIEW_H

#include <stddef.h>

#include "db.h"
#include "db_conversations.h"

/*
 * Ids a page reads at most (a primary-key range): a filter matching
 * nothing costs one window, and the page then answers with fewer rows
 * (maybe none) and a cursor past the window. Text search reads every
 * message of the window's conversations, so its window is smaller.
 * A selective filter (texter, escalated, tag, survey answer) reads the
 * window through its own index (db_sql_review.h, REVIEW_DRIVERS): the
 * same rows, touching only its matches.
 */
#define REVIEW_WINDOW		20000
#define REVIEW_SEARCH_WINDOW	5000

#define REVIEW_ANY		(-1)	/* escalated, opted_out: either */
#define REVIEW_UNASSIGNED	(-1)	/* texter: nobody */

/* What the organizer asked for; 0 / NULL / REVIEW_ANY: no filter. */
struct review_filter {
	long long	 campaign_id;
	const char	*status;
	long long	 texter;	/* user id, REVIEW_UNASSIGNED, 0 */
	long long	 tag_id;
	int		 escalated, opted_out;
	const char	*text;		/* searched in the messages' bodies */
	long long	 question_id;	/* answered this survey question */
	long long	 option_id;	/* gave this answer */
};

/* A conversation's id and campaign (bulk moves). */
struct review_id {
	long long	 id, campaign_id;
};

/*
 * The first and last conversation id of f's campaign (or of the whole
 * organization): 1, 0 when it has none.
 */
int	db_review_bounds(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long *lo, long long *hi);
/*
 * Matches of f with id in (after, upto], in id order, at most limit;
 * each with campaign_name and the assignee (id, name).
 */
int	db_review_list(struct db *, struct arena *, long long org_id,
	    const struct review_filter *, long long after, long long upto,
	    long long limit, struct conversation **, size_t *);
/* The same matches' ids and campaigns. */
int	db_review_match_ids(struct db *, struct arena *, long long org_id,
	    const struct review_filter *, long long after, long long upto,
	    long long limit, struct review_id **, size_t *);
/* Of ids (a JSON array), those of the organization (and of campaign_id
 * when not 0), in id order. */
int	db_review_own_ids(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *ids_json,
	    struct review_id **, size_t *);
/* Closes the conversations of ids (a JSON array of the organization's)
 * whose initial message went; *closed: how many changed. */
int	db_review_close(struct db *, struct arena *, const char *ids_json,
	    long long *closed);

#endif
