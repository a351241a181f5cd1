/*
 * db_claims: self assign (a texter's claim of a batch of Unassigned
 * conversations, alone or through the claim broker) and the batches
 * planned ahead. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_CLAIMS_H
#define LL_DB_CLAIMS_H

#include <stdbool.h>

#include "db.h"

/* The outcome of one self-assign request. */
enum claim_outcome { CLAIM_TAKEN, CLAIM_NONE_LEFT, CLAIM_BUSY, CLAIM_NOT_ON_CAMPAIGN,
	CLAIM_UNFINISHED, CLAIM_NO_CAMPAIGN, CLAIM_SELF_ASSIGN_OFF, CLAIM_NOT_ACTIVE };

struct claim {
	enum claim_outcome	 outcome;
	long long		 id, claimed, first_id, last_id;
	long long		 batch_size;	/* the campaign's (a group's) */
	char			 status[16];	/* the campaign's (a group's) */
};

/*
 * Self assign. db_claim: takes up to batch Unassigned conversations for
 * texter_id (one cursor row and one claim row written, whatever the
 * campaign's size), queued behind other claimers of the campaign up to
 * lock_wait_s. Under the campaign's lock it first checks that the texter
 * is on the campaign (else CLAIM_NOT_ON_CAMPAIGN) and has no initial message
 * left to send, pending batches included (else CLAIM_UNFINISHED).
 */
int	db_claim(struct db *, struct arena *, long long campaign_id,
	    long long texter_id, long long batch, long long lock_wait_s,
	    struct claim *);
/* Whether a campaign takes claims: CLAIM_TAKEN if so, else
 * CLAIM_SELF_ASSIGN_OFF or CLAIM_NOT_ACTIVE (not launching, active or paused). */
enum claim_outcome claim_open(bool self_assign, const char *status);
/* The claim broker's (claimer.c): the claims of many texters of one
 * campaign of org_id in one transaction, each answered in its ask's c;
 * batches (of the campaign's size) go in the order asked, one per texter
 * however often asked. The campaign is checked first: CLAIM_NO_CAMPAIGN,
 * CLAIM_SELF_ASSIGN_OFF, CLAIM_NOT_ACTIVE (c.status says what it is). */
struct claim_ask {
	long long	 texter_id;
	struct claim	 c;
};
int	db_claim_group(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long lock_wait_s,
	    struct claim_ask *, size_t n);
/* Sets the conversations of one batch; *applied = how many (0 if it was
 * already applied by someone else). */
int	db_claim_apply(struct db *, struct arena *, long long claim_id,
	    long long *applied);
/* Applies the pending batches of a texter (all campaigns), of a campaign,
 * or up to max of anyone's (oldest first); *n = batches applied. */
int	db_claims_apply_texter(struct db *, struct arena *, long long user_id);
int	db_claims_apply_campaign(struct db *, struct arena *,
	    long long campaign_id);
int	db_claims_apply_due(struct db *, struct arena *, long long max,
	    long long *n);

/*
 * Batches planned ahead (sql/013, the assigner role): plan_due finds a
 * campaign with batches of min_batch or more that is not planned to its
 * end (1, 0 none, -1); plan plans up to `rows` more of it, *planned how
 * many. plan_stale: the
 * Unassigned conversations ahead of the cursor changed (call it in the
 * transaction that changed them, or right after).
 */
int	db_plan_due(struct db *, struct arena *, long long min_batch,
	    long long *campaign_id);
int	db_plan(struct db *, struct arena *, long long campaign_id,
	    long long rows, long long *planned);
int	db_plan_stale(struct db *, struct arena *, long long campaign_id);

#endif
