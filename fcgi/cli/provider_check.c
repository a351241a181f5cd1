/*
 * provider_check: `launchline admin provider-check [--fix]`: every setting
 * Launchline needs at the provider, read from the live account, with what
 * is wrong; --fix sets what the API allows.
 *
 *   the API key           the provider answers with it
 *   the webhook key       provider_webhook_public_key is set (signatures)
 *   messaging profiles    one per organization: enabled, allowed to send
 *                         to the US, webhook_url = public_url/hooks/telnyx,
 *                         webhook_failover_url = provider_webhook_failover_url,
 *                         webhook API version 2 (inbound texts and message
 *                         events arrive there)
 *   use cases             the 10DLC campaign's status, and its webhookURL /
 *                         webhookFailoverURL (10DLC events go there)
 *   numbers               each complete number is in its organization's
 *                         profile and has SMS
 *
 * Prints one line a check ("ok", "WRONG", "fixed") and a summary; exits 0
 * when nothing is left wrong. --org NAME checks one organization's
 * profile, use cases and numbers only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "db_provider.h"
#include "prov.h"
#include "provider_check.h"
#include "provisioner.h"
#include "telnyx.h"

struct check {
	const struct config	*cfg;
	struct db		*db;
	struct prov		*prov;
	struct arena		*a;
	bool			 fix;
	const char		*org;		/* NULL: every organization */
	const char		*hook, *failover;
	int			 wrong, fixed;
};

static bool
same(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

/* One line: ok, or what is wrong (and whether it was fixed). */
static void
report(struct check *k, bool ok, bool fixed, const char *what)
{
	if (ok)
		printf("  ok     %s\n", what);
	else if (fixed) {
		printf("  fixed  %s\n", what);
		k->fixed++;
	} else {
		printf("  WRONG  %s\n", what);
		k->wrong++;
	}
}

static bool
wanted(const struct check *k, const char *org_name)
{
	return k->org == NULL || strcmp(k->org, org_name) == 0;
}

static const char *
or_none(const char *s)
{
	return s != NULL && *s != '\0' ? s : "(none)";
}

static void
check_profiles(struct check *k)
{
	struct telnyx_profile pr;
	struct profile_row *rows;
	struct prov_res res;
	bool hooks_ok, fixed;
	size_t i, n;
	int rc;

	if (db_profiles_made(k->db, k->a, &rows, &n) == -1) {
		printf("database error reading the messaging profiles\n");
		k->wrong++;
		return;
	}
	if (n == 0)
		printf("Messaging profiles: none yet (each organization's is "
		    "made before its first number is ordered).\n");
	for (i = 0; i < n; i++) {
		if (!wanted(k, rows[i].org_name))
			continue;
		printf("Organization \"%s\": messaging profile %s (\"%s\")\n",
		    rows[i].org_name, rows[i].profile_id, rows[i].name);
		if ((rc = telnyx_profile_get(k->prov, k->a, rows[i].profile_id,
		    &pr, &res)) != 1) {
			report(k, false, false, arena_printf(k->a, "the "
			    "provider %s", rc == 0 ? "has no such profile" :
			    arena_printf(k->a, "could not be asked: %s",
			    res.reason)));
			continue;
		}
		report(k, pr.enabled, false, pr.enabled ? "enabled" :
		    "disabled: enable it in the provider's portal");
		report(k, pr.us_allowed, false, pr.us_allowed ? "may send to "
		    "the US" : "may not send to the US (whitelisted "
		    "destinations): add US in the provider's portal");
		hooks_ok = same(pr.webhook_url, k->hook) &&
		    same(pr.webhook_failover_url, k->failover) &&
		    same(pr.webhook_api_version, "2");
		fixed = !hooks_ok && k->fix && telnyx_profile_set_webhooks(
		    k->prov, k->a, pr.id, k->hook, k->failover, &res) == 0;
		report(k, hooks_ok, fixed, hooks_ok ? arena_printf(k->a,
		    "webhooks go to %s (failover %s), API v2", k->hook,
		    or_none(k->failover)) : arena_printf(k->a, "webhooks go to "
		    "%s (failover %s, API v%s); they must go to %s (failover "
		    "%s, API v2)", or_none(pr.webhook_url),
		    or_none(pr.webhook_failover_url),
		    or_none(pr.webhook_api_version), k->hook,
		    or_none(k->failover)));
	}
}

static void
check_use_cases(struct check *k)
{
	struct telnyx_campaign c;
	struct use_case_row *rows;
	struct prov_res res;
	const char *status;
	bool hooks_ok, fixed;
	size_t i, n;
	int rc;

	if (db_use_cases_resolved(k->db, k->a, &rows, &n) == -1) {
		printf("database error reading the use cases\n");
		k->wrong++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (!wanted(k, rows[i].org_name))
			continue;
		printf("Use case \"%s\" of \"%s\": 10DLC campaign %s\n",
		    rows[i].name, rows[i].org_name, rows[i].campaign_id);
		if ((rc = telnyx_campaign_get(k->prov, k->a,
		    rows[i].campaign_id, &c, &res)) != 1) {
			report(k, false, false, arena_printf(k->a, "the "
			    "provider %s", rc == 0 ? "has no such campaign" :
			    arena_printf(k->a, "could not be asked: %s",
			    res.reason)));
			continue;
		}
		status = use_case_status_of(c.status, c.tmobile_suspended);
		report(k, strcmp(status, "approved") == 0, false,
		    arena_printf(k->a, "%s (%s%s%s)", status,
		    or_none(c.status), c.tmobile_suspended ? ", suspended by "
		    "T-Mobile" : "", c.tcr_id ? arena_printf(k->a, ", TCR id "
		    "%s", c.tcr_id) : ""));
		hooks_ok = same(c.webhook_url, k->hook) &&
		    same(c.webhook_failover_url, k->failover);
		fixed = !hooks_ok && k->fix && telnyx_campaign_set_webhooks(
		    k->prov, k->a, c.id, k->hook, k->failover, &res) == 0;
		report(k, hooks_ok, fixed, hooks_ok ? arena_printf(k->a,
		    "10DLC events go to %s (failover %s)", k->hook,
		    or_none(k->failover)) : arena_printf(k->a, "10DLC events "
		    "go to %s (failover %s); they must go to %s (failover %s)",
		    or_none(c.webhook_url), or_none(c.webhook_failover_url),
		    k->hook, or_none(k->failover)));
	}
}

static void
check_numbers(struct check *k)
{
	struct live_number *rows;
	struct prov_res res;
	const char *profile;
	bool sms, in_profile, fixed;
	size_t i, n;
	int rc;

	if (db_numbers_at_provider(k->db, k->a, &rows, &n) == -1) {
		printf("database error reading the numbers\n");
		k->wrong++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (!wanted(k, rows[i].org_name))
			continue;
		printf("Number %s of \"%s\" (provider id %s)\n",
		    rows[i].phone_number, rows[i].org_name,
		    rows[i].provider_number_id);
		if ((rc = telnyx_number_messaging(k->prov, k->a,
		    rows[i].provider_number_id, &profile, &sms, &res)) != 1) {
			report(k, false, false, arena_printf(k->a, "the "
			    "provider %s", rc == 0 ? "has no such number" :
			    arena_printf(k->a, "could not be asked: %s",
			    res.reason)));
			continue;
		}
		report(k, sms, false, sms ? "SMS enabled" : "no SMS feature");
		in_profile = rows[i].profile_id != NULL &&
		    same(profile, rows[i].profile_id);
		fixed = !in_profile && k->fix && rows[i].profile_id != NULL &&
		    telnyx_number_set_profile(k->prov, k->a,
		    rows[i].provider_number_id, rows[i].profile_id, &res) == 0;
		report(k, in_profile, fixed, in_profile ? "in the "
		    "organization's messaging profile" : arena_printf(k->a,
		    "in messaging profile %s, not the organization's (%s)",
		    or_none(profile), or_none(rows[i].profile_id)));
	}
}

int
provider_check_run(const struct config *cfg, struct db *db, struct arena *a,
    bool fix, const char *org)
{
	struct telnyx_profile pr;
	struct prov_res res;
	struct check k;
	struct prov p;
	const char *dep;
	int rc;

	memset(&k, 0, sizeof(k));
	k.cfg = cfg;
	k.db = db;
	k.a = a;
	k.prov = &p;
	k.fix = fix;
	k.org = org;
	k.hook = arena_printf(a, "%s/hooks/telnyx", cfg->public_url);
	k.failover = cfg->provider_webhook_failover_url;
	if (db_deployment_id(db, a, &dep) == -1) {
		fprintf(stderr, "launchline: no deployment identity (run "
		    "launchline migrate)\n");
		return 1;
	}
	if (prov_init(&p, cfg) == -1)
		return 1;
	printf("Provider %s, deployment %s, webhooks to %s\n",
	    cfg->provider_base_url, dep, k.hook);
	printf("Account\n");
	/* Any answer but 401/403 says the key is good. */
	rc = telnyx_profile_find(&p, a, "launchline-provider-check", &pr, &res);
	report(&k, rc != -1, false, rc != -1 ? "the API key is accepted" :
	    arena_printf(a, "the API key: %s", res.reason));
	report(&k, cfg->provider_webhook_public_key != NULL, false,
	    cfg->provider_webhook_public_key != NULL ? "the webhook public key "
	    "is configured (signatures are checked)" : "no "
	    "provider_webhook_public_key: every webhook is refused");
	if (rc != -1) {
		check_profiles(&k);
		check_use_cases(&k);
		check_numbers(&k);
	}
	prov_free(&p);
	printf("%d wrong, %d fixed%s\n", k.wrong, k.fixed, !fix && k.wrong > 0 ?
	    " (--fix sets what the API allows)" : "");
	return k.wrong > 0 ? 1 : 0;
}
