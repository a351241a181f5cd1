/*
 * number_end: the end of a number's provisioning; see number_end.h.
 *
 * Lock order (the whole rule is at the top of data/db_campaigns.c): the
 * number's campaigns, by primary key, before the number itself.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <string.h>

#include "db_campaigns.h"
#include "db_mail.h"
#include "db_numbers.h"
#include "launch.h"
#include "number_end.h"
#include "txn.h"

/* One try of the transaction. */
static int
end_once(struct db *db, struct arena *a, long long id, const char *owner,
    const char *status, const char *reason)
{
	struct campaign_ref *cs;
	long long single_use = 0;
	size_t i, n;
	bool done;

	if (db_begin(db) == -1)
		return -1;
	if (db_campaigns_lock_of_number(db, a, id, &cs, &n) == -1 ||
	    db_number_finish_row(db, a, id, owner, status, reason, &done) == -1)
		goto out_rollback;
	if (!done) {		/* lease lost: someone else finishes */
		db_rollback(db);
		return 0;
	}
	/* Campaigns (issue 4): a single-use campaign waiting for this
	 * number becomes Active, or Failed (campaign_state.c decides). */
	if (launch_number_finished(db, a, id, status, cs, n) == -1)
		goto out_rollback;
	/* Email (issue 5): to whoever asked for the number, about the
	 * campaign when it is a single-use campaign's number. */
	for (i = 0; i < n && single_use == 0; i++)
		if (cs[i].number_mode != NULL &&
		    strcmp(cs[i].number_mode, "single_use") == 0)
			single_use = cs[i].id;
	if (db_mail_number_event(db, a, id, single_use) == -1 ||
	    db_commit(db) == -1)
		goto out_rollback;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}

int
number_end(struct db *db, struct arena *a, long long id, const char *owner,
    const char *status, const char *reason)
{
	int attempt, rc;

	for (attempt = 1;; attempt++)
		if ((rc = end_once(db, a, id, owner, status, reason)) == 0 ||
		    !txn_again(db, attempt, NULL, "a number's end of provisioning"))
			return rc;
}
