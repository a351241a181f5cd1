/*
 * provisioner_profile: each organization's own messaging profile at the
 * provider; see provisioner.h.
 *
 * Telnyx keeps a contact's STOP per messaging profile: with one profile
 * for everyone, a contact who stopped one organization's texts could not
 * be texted by any other. So every organization gets its own, made before
 * its first number is ordered, and all its numbers are ordered into it.
 * Its name names this deployment and the organization; a profile of that
 * name already at the provider (made by us before a crash) is taken, so
 * a crash between "made" and "recorded" never makes two. One provisioner
 * at a time makes it (a lease on the organization's row); the others wait.
 * Its webhooks point at our /hooks/telnyx (inbound texts arrive there).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "provisioner.h"
#include "refs.h"
#include "telnyx.h"

#define PROFILE_LEASE_S	60
#define PROFILE_WAIT_S	2	/* another provisioner is making it */

int
provisioner_profile(struct provisioner *p, struct number_work *w,
    struct outcome *o)
{
	const struct config *cfg = &p->app->cfg;
	struct telnyx_profile pr;
	struct prov_res res;
	char name[REFS_LEN];
	const char *hook;
	bool lease;
	int rc;

	if (w->profile_id != NULL)
		return 1;
	*o = (struct outcome){ w->step, PROFILE_WAIT_S, NULL, NULL };
	refs_profile_name(name, sizeof(name), p->deployment, w->org_id);
	if (db_profile_lease(&p->db, &p->a, w->org_id, name, p->owner,
	    PROFILE_LEASE_S, &lease) == -1 || !lease)
		return 0;	/* made meanwhile, or being made: come back */
	hook = arena_printf(&p->a, "%s/hooks/telnyx", cfg->public_url);
	if ((rc = telnyx_profile_find(&p->prov, &p->a, name, &pr, &res)) == 0)
		rc = telnyx_profile_create(&p->prov, &p->a, name, hook,
		    cfg->provider_webhook_failover_url, &pr, &res) == 0 ? 1 : -1;
	if (rc != 1) {
		(void)db_profile_unlease(&p->db, &p->a, w->org_id, p->owner);
		provisioner_event(p, w->id, "provider_error", "Making the "
		    "organization's messaging profile: %s", res.reason);
		o->delay_s = cfg->provisioning_first_poll_s;
		if (!prov_transient(res.status)) {
			o->finish = "failed";
			o->reason = arena_printf(&p->a, "The provider would not "
			    "make the organization's messaging profile: %s",
			    res.reason);
		}
		return 0;
	}
	if (db_profile_set(&p->db, &p->a, w->org_id, p->owner, pr.id) == -1)
		return 0;
	log_info(NULL, "org %lld: messaging profile %s (%s)", w->org_id, pr.id,
	    name);
	provisioner_event(p, w->id, "profile_made", "The organization's "
	    "messaging profile is %s.", pr.id);
	w->profile_id = pr.id;
	return 1;
}
