/*
 * claim_lock: the claim slots of a campaign, CLAIM_SLOTS named locks
 * (GET_LOCK) per campaign. A claimer takes its process's slot
 * (db_claims.c), so a host's workers spread over them and at most
 * CLAIM_SLOTS claimers of a campaign reach InnoDB at once; an admin move
 * (db_assign.c) takes every slot and so runs alone. Inside the data
 * layer only.
 */
#ifndef LL_CLAIM_LOCK_H
#define LL_CLAIM_LOCK_H

#include "db.h"

#define CLAIM_SLOTS	4	/* claimers of one campaign inside InnoDB */

/* One slot of the campaign: 1 held, 0 timed out after wait_s, -1 error. */
int	claim_slot_lock(struct db *, struct arena *, long long campaign_id,
	    int slot, long long wait_s);
void	claim_slot_unlock(struct db *, struct arena *, long long campaign_id,
	    int slot);
/* A claimer's slot: its process's, so a host's workers spread out. */
int	claim_my_slot(void);
/* Every slot of the campaign: 1, 0 timed out (none kept), -1 error. */
int	claim_lock(struct db *, struct arena *, long long campaign_id,
	    long long wait_s);
void	claim_unlock(struct db *, struct arena *, long long campaign_id);

#endif
