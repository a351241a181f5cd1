/*
 * number_end: what the end of a number's provisioning does, in one
 * transaction with the status change: the number complete or failed, the
 * single-use campaign waiting for it Active or Failed (launch.c decides,
 * campaign_state.c's rules), and the provisioning email to whoever asked
 * for it, queued in the outbox. A crash can lose none of it and do none
 * of it twice.
 */
#ifndef LL_NUMBER_END_H
#define LL_NUMBER_END_H

struct arena;
struct db;

/*
 * Ends provisioning of a number the caller holds the lease on (owner):
 * status "complete" or "failed" (with reason). 0 / -1; 0 with nothing done
 * when the lease was lost (someone else finishes). A deadlock's victim
 * runs again, whole.
 */
int	number_end(struct db *, struct arena *, long long id, const char *owner,
	    const char *status, const char *reason);

#endif
