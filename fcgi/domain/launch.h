/*
 * launch: launching a campaign, shared by POST .../launch and the
 * scheduled launch the provisioner role carries out (launch_at).
 *
 * Every check runs before anything is written: a script whose merge
 * fields the contacts have, at least one contact, a valid sending window,
 * and a number: a complete dedicated number, the parent's complete number
 * (followups), or for a single-use number an approved use case with room
 * under its 49 and 1-3 regions. Then, in the caller's transaction:
 * single-use: a phone_numbers row `initiated` (kind single_use, area codes
 * = the regions expanded in order: a state's codes from area_codes, the
 * country = all of them) for the provisioner, and the campaign Launching;
 * otherwise Active at once. In incident mode (provisioning_launch off)
 * every launch is Active at once with sending_opens_at = now + the wait,
 * and a single-use number is still ordered.
 */
#ifndef LL_LAUNCH_H
#define LL_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct campaign_ref;
struct db;

struct launch_result {
	int		 status;	/* 0: launched; else the HTTP status */
	const char	*code, *field, *message;
	const char	*new_status;
	long long	 number_id;	/* a single-use number made, else 0 */
};

/*
 * Launches campaign id of org_id as user `by`, inside the caller's
 * transaction with the campaign's row locked. 0 (see res->status for a
 * refusal), -1 when the database failed.
 */
int	launch_campaign(struct db *, struct arena *, long long org_id,
	    long long id, long long by, bool scheduled,
	    struct launch_result *res);
/*
 * The scheduled launches: takes one draft whose launch_at has come (FOR
 * UPDATE SKIP LOCKED, so any number of roles may run) and launches it, or
 * records why it could not (launch_error). 1 when it did something.
 */
int	launch_due(struct db *, struct arena *);
/*
 * What the end of a number's provisioning does to its campaigns cs (as
 * db_campaigns_lock_of_number locked them), inside number_end's
 * transaction: Launching -> Active / Failed (see campaign_state.c).
 * 0 / -1.
 */
int	launch_number_finished(struct db *, struct arena *, long long number_id,
	    const char *status, const struct campaign_ref *cs, size_t n);

#endif
