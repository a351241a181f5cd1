/*
 * db_counts: typed queries over conversation counts (db_sql_counts.h):
 * counting a campaign now, and the snapshot of large campaigns with the
 * lease of whoever refreshes it. counts.c decides which to use. Times are
 * MariaDB DATETIME(3) text in UTC. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_COUNTS_H
#define LL_DB_COUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* How many conversations have one assignee (0: Unassigned), status and
 * opted_out. */
struct count_group {
	long long	 assignee_id, n;
	const char	*status;
	bool		 opted_out;
};

struct count_snapshot {
	long long		 size;		/* the campaign's contact_count */
	const char		*computed_at;	/* NULL: no snapshot yet */
	const char		*at;		/* the same, RFC 3339 */
	bool			 too_old;	/* none, or older than asked */
	bool			 want_stale;	/* last asked for 10+ s ago */
	struct count_group	*groups;
	size_t			 ngroups;
};

/* The campaign's groups, counted now (one pass over its index). */
int	db_counts_live(struct db *, struct arena *, long long campaign_id,
	    struct count_group **, size_t *);
/* The campaign's size and last snapshot; too_old past max_age_s. */
int	db_counts_snapshot(struct db *, struct arena *, long long campaign_id,
	    long long max_age_s, struct count_snapshot *);
/* A page looks at the campaign: the first time (a row) and again. */
int	db_counts_want(struct db *, struct arena *, long long campaign_id);
int	db_counts_wanted(struct db *, struct arena *, long long campaign_id);
/*
 * Leases a snapshot to refresh for lease_s: the stalest one older than
 * refresh_s that a page asked for within wanted_s (claim_due), or this
 * campaign's when older than max_age_s (claim_one). 1 with *campaign_id
 * and *started (the database's clock: the counts will be as of then), 0
 * when there is none to take.
 */
int	db_counts_claim_due(struct db *, struct arena *, const char *owner,
	    long long lease_s, long long wanted_s, long long refresh_s,
	    long long *campaign_id, const char **started);
int	db_counts_claim_one(struct db *, struct arena *, const char *owner,
	    long long lease_s, long long campaign_id, long long max_age_s,
	    const char **started);
/*
 * Counts the campaign into its snapshot, leased by owner: one
 * transaction at READ COMMITTED (no row of conversations is locked), the
 * groups replaced and computed_at = started, the lease given back.
 */
int	db_counts_store(struct db *, struct arena *, long long campaign_id,
	    const char *owner, const char *started);

#endif
