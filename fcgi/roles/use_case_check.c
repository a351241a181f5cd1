/*
 * use_case_check: what the provider says of a use case's 10DLC campaign;
 * see provisioner.h. Used by the provisioner on a schedule and before it
 * buys a number, and by `launchline admin provider-check`.
 *
 * An admin registers a use case with the id they have in hand: Telnyx's
 * campaign id (what every 10DLC call takes) or the registry's TCR id
 * ("C" and six letters or digits, what the brand's paperwork shows). The
 * first check looks up the other one and keeps both.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "proc.h"
#include "provisioner.h"
#include "telnyx.h"

const char *
use_case_status_of(const char *st, bool tmobile_suspended)
{
	if (st == NULL)
		return "pending";
	if (strstr(st, "SUSPEND") != NULL || strstr(st, "EXPIRED") != NULL)
		return "suspended";
	if (strstr(st, "FAIL") != NULL || strstr(st, "REJECT") != NULL)
		return "rejected";
	if (strcmp(st, "MNO_PROVISIONED") == 0)
		return tmobile_suspended ? "suspended" : "approved";
	return "pending";
}

/* Finds the campaign from the id its admin gave: 1, 0 unknown, -1. */
static int
find_campaign(struct prov *p, struct arena *a, const char *given,
    struct telnyx_campaign *c, struct prov_res *res)
{
	int rc;

	if (telnyx_is_tcr_id(given))
		return telnyx_campaign_find_tcr(p, a, given, c, res);
	if ((rc = telnyx_campaign_get(p, a, given, c, res)) != 0)
		return rc;
	/* Not a Telnyx id: a registry id written another way? */
	return telnyx_campaign_find_tcr(p, a, given, c, res);
}

int
use_case_check(struct db *db, struct prov *p, struct arena *a,
    const struct app *app, long long id)
{
	const struct config *cfg = &app->cfg;
	struct use_case_check uc;
	struct telnyx_campaign c;
	struct prov_res res;
	const char *status, *detail, *hook;
	int rc;

	if ((rc = db_use_case_for_check(db, a, id, &uc)) != 1)
		return rc == 0 ? 0 : -1;
	rc = uc.campaign_id != NULL ?
	    telnyx_campaign_get(p, a, uc.campaign_id, &c, &res) :
	    find_campaign(p, a, uc.given, &c, &res);
	if (rc == -1) {		/* the provider could not say: ask later */
		log_warn(NULL, "use case %lld: %s", id, res.reason);
		return db_use_case_touch(db, a, id, arena_printf(a, "Could not "
		    "ask the provider: %s", res.reason));
	}
	if (rc == 0)
		return db_use_case_set_status(db, a, id, "rejected",
		    uc.campaign_id != NULL ? arena_printf(a, "The provider no "
		    "longer knows the 10DLC campaign %s.", uc.campaign_id) :
		    arena_printf(a, "The provider knows no 10DLC campaign "
		    "%s: give Telnyx's campaign id or the registry's TCR id.",
		    uc.given));
	if (uc.campaign_id == NULL && db_use_case_resolved(db, a, id, c.id,
	    c.tcr_id) == -1) {
		(void)db_use_case_touch(db, a, id, "Could not record the "
		    "campaign's ids; asking again later.");
		return -1;
	}
	status = use_case_status_of(c.status, c.tmobile_suspended);
	detail = c.status ? c.status : "no status";
	if (c.tmobile_suspended)
		detail = arena_printf(a, "%s, suspended by T-Mobile", detail);
	if (strcmp(status, "approved") != 0 && c.failure_reasons != NULL &&
	    *c.failure_reasons != '\0')
		detail = arena_printf(a, "%s: %s", detail, c.failure_reasons);
	/* 10DLC events go to the campaign's own URL: point a campaign that
	 * has none at us (provider-check --fix changes one set elsewhere). */
	hook = arena_printf(a, "%s/hooks/telnyx", cfg->public_url);
	if ((c.webhook_url == NULL || *c.webhook_url == '\0') &&
	    telnyx_campaign_set_webhooks(p, a, c.id, hook,
	    cfg->provider_webhook_failover_url, &res) == 0)
		log_info(NULL, "use case %lld: campaign %s now sends its 10DLC "
		    "events to %s", id, c.id, hook);
	log_info(NULL, "use case %lld: %s (%s)", id, status, detail);
	return db_use_case_set_status(db, a, id, status, detail);
}

int
use_case_check_due(struct db *db, struct prov *p, struct arena *a,
    const struct app *app)
{
	struct use_case_check *due;
	size_t i, n, done = 0;

	if (db_use_cases_to_check(db, a, app->cfg.use_case_check_interval_s,
	    &due, &n) == -1)
		return 0;
	for (i = 0; i < n && !proc_stopping; i++)
		if (use_case_check(db, p, a, app, due[i].id) == 0)
			done++;
	return done > 0;	/* failures wait for the next round */
}
