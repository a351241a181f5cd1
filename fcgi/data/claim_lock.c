/*
 * claim_lock: the claim slots of a campaign; see claim_lock.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "claim_lock.h"
#include "log.h"

/* One claim slot of the campaign: 1 held, 0 timed out, -1 error. */
int
claim_slot_lock(struct db *db, struct arena *a, long long campaign_id, int slot,
    long long wait_s)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CLAIM_SLOT_LOCK, &res, DB_INT(campaign_id), DB_INT(slot),
	    DB_INT(wait_s)) == -1)
		return -1;
	return db_cell_int(&res, 0, 0) == 1 ? 1 : 0;
}

void
claim_slot_unlock(struct db *db, struct arena *a, long long campaign_id, int slot)
{
	if (DB_RUN(db, a, DB_CLAIM_SLOT_UNLOCK, NULL, DB_INT(campaign_id),
	    DB_INT(slot)) == -1)
		log_error(NULL, "campaign %lld: could not release claim slot %d",
		    campaign_id, slot);
}

/* A claimer's slot: its process's, so a host's workers spread out. */
int
claim_my_slot(void)
{
	return (int)(getpid() % CLAIM_SLOTS);
}

/* Every slot of the campaign (admin moves): 1, 0 timed out, -1 error. */
int
claim_lock(struct db *db, struct arena *a, long long campaign_id,
    long long wait_s)
{
	int slot, rc = 1;

	for (slot = 0; slot < CLAIM_SLOTS && rc == 1; slot++)
		rc = claim_slot_lock(db, a, campaign_id, slot, wait_s);
	if (rc != 1)
		for (slot -= 2; slot >= 0; slot--)
			claim_slot_unlock(db, a, campaign_id, slot);
	return rc;
}

void
claim_unlock(struct db *db, struct arena *a, long long campaign_id)
{
	int slot;

	for (slot = CLAIM_SLOTS - 1; slot >= 0; slot--)
		claim_slot_unlock(db, a, campaign_id, slot);
}
