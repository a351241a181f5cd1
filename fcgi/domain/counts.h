/*
 * counts: how many conversations a campaign has per status, assignee and
 * opted_out, as the campaign page (GET campaigns/{id}) and the texting
 * page (GET campaigns/{id}/assignments) show them, polled by every viewer.
 *
 * Counting scans the campaign's assignment index: ~0.2-0.5 s at 1,000,000
 * conversations. So campaigns above counts_live_max conversations are
 * answered from a snapshot (sql/008_counts.sql): each answer reads its
 * rows (a few dozen; ~1 ms whatever the campaign's size and however many
 * pages poll), and the assigner role counts a campaign again once its
 * snapshot is counts_refresh_s old and a page asked within the last
 * minute, one process at a time (a lease). Should no refresher keep up
 * (none running, or the page was closed for a while), the request that
 * finds the snapshot older than COUNTS_TAKEOVER_S counts it itself, the
 * others still answer at once. Every answer says as of when (counts_at).
 * No write ever happens on the send path.
 */
#ifndef LL_COUNTS_H
#define LL_COUNTS_H

#include <stddef.h>

#include "db_texters.h"

struct arena;
struct config;
struct db;

/* The longest a snapshot is answered without counting (a refresher, if
 * any runs, keeps it within counts_refresh_s plus one count). */
#define COUNTS_TAKEOVER_S	30

struct counts {
	struct texter_counts	*by;	/* per assignee; user_id 0: Unassigned */
	size_t			 n;
	struct conv_counts	 all, unassigned;
	const char		*at;	/* RFC 3339 UTC: as of then */
};

/* The counts of campaign_id; 1, 0 when there is no such campaign, -1. */
int	counts_get(struct db *, struct arena *, const struct config *,
	    long long campaign_id, struct counts *);
/* The refresher (the assigner role): counts one watched campaign whose
 * snapshot is due; 1 when it did. */
int	counts_refresh_due(struct db *, struct arena *, const struct config *);

#endif
