/*
 * telnyx: the Telnyx API v2 operations Launchline uses, one typed function
 * each, on top of prov.c's HTTP client. Each builds its request as the
 * published API reference has it (team-telnyx/openapi; the subset we use
 * is tests/provider-sim/telnyx-openapi-subset.json) and reads the answer
 * into a small struct whose strings live in the caller's arena. The
 * prov_res passed in tells the HTTP status and a readable reason when a
 * call fails; its JSON is already freed.
 *
 * Lookups return 1 (found), 0 (the provider answered 404, or found
 * nothing) or -1 (any other failure: res says what). Actions 0 / -1.
 *
 * Ids: an order's phone_numbers[].id names the order item, not the number;
 * everything under /phone_numbers/{id} takes the number resource's own id
 * (telnyx_number_find). 10DLC calls take Telnyx's campaign id, not the
 * registry's TCR id (telnyx_campaign_find_tcr looks one up from the other).
 */
#ifndef LL_TELNYX_H
#define LL_TELNYX_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct prov;
struct prov_res;

/* A 10DLC campaign (our use case). */
struct telnyx_campaign {
	const char	*id, *tcr_id, *status, *failure_reasons;
	const char	*webhook_url, *webhook_failover_url;
	bool		 tmobile_suspended;
};

int	telnyx_campaign_get(struct prov *, struct arena *, const char *id,
	    struct telnyx_campaign *, struct prov_res *);
/* Looks through every brand's campaigns for the one with this TCR id. */
int	telnyx_campaign_find_tcr(struct prov *, struct arena *,
	    const char *tcr_id, struct telnyx_campaign *, struct prov_res *);
/* Where the provider sends the campaign's 10DLC events. */
int	telnyx_campaign_set_webhooks(struct prov *, struct arena *,
	    const char *id, const char *url, const char *failover_url,
	    struct prov_res *);

/* A messaging profile (one per organization). */
struct telnyx_profile {
	const char	*id, *name, *webhook_url, *webhook_failover_url;
	const char	*webhook_api_version;
	bool		 enabled, us_allowed;
};

/* The profile with exactly this name (ours name the deployment). */
int	telnyx_profile_find(struct prov *, struct arena *, const char *name,
	    struct telnyx_profile *, struct prov_res *);
int	telnyx_profile_create(struct prov *, struct arena *, const char *name,
	    const char *url, const char *failover_url,
	    struct telnyx_profile *, struct prov_res *);
int	telnyx_profile_get(struct prov *, struct arena *, const char *id,
	    struct telnyx_profile *, struct prov_res *);
int	telnyx_profile_set_webhooks(struct prov *, struct arena *,
	    const char *id, const char *url, const char *failover_url,
	    struct prov_res *);

/*
 * Numbers offered in one area code: only exact matches. Best-effort
 * results (another area code, best_effort true) are dropped and counted.
 */
struct telnyx_offer {
	const char	**numbers;
	size_t		  n, dropped;
};

int	telnyx_search(struct prov *, struct arena *, const char *area_code,
	    int limit, struct telnyx_offer *, struct prov_res *);

/* A number order of one number. */
struct telnyx_order {
	const char	*id, *status, *customer_reference;
	const char	*phone_number, *item_status;
	int		 count;		/* its phone numbers */
};

/*
 * Our earlier order: one whose customer_reference is exactly ref and whose
 * only number is phone_number. Look-alikes (another deployment's, a
 * reference that merely contains ours) are never taken for ours.
 */
int	telnyx_order_find(struct prov *, struct arena *, const char *ref,
	    const char *phone_number, struct telnyx_order *, struct prov_res *);
int	telnyx_order_create(struct prov *, struct arena *,
	    const char *phone_number, const char *profile_id, const char *ref,
	    struct telnyx_order *, struct prov_res *);
int	telnyx_order_get(struct prov *, struct arena *, const char *id,
	    struct telnyx_order *, struct prov_res *);

/* A phone number resource of the account. */
struct telnyx_number {
	const char	*id, *phone_number, *status, *customer_reference;
	const char	*messaging_profile_id;
};

/* The account's number resource for an E.164 number. */
int	telnyx_number_find(struct prov *, struct arena *, const char *e164,
	    struct telnyx_number *, struct prov_res *);
int	telnyx_number_get(struct prov *, struct arena *, const char *id,
	    struct telnyx_number *, struct prov_res *);
int	telnyx_number_set_reference(struct prov *, struct arena *,
	    const char *id, const char *ref, struct prov_res *);
int	telnyx_number_set_profile(struct prov *, struct arena *,
	    const char *id, const char *profile_id, struct prov_res *);
/* Messaging settings: the profile and whether it can send SMS. */
int	telnyx_number_messaging(struct prov *, struct arena *, const char *id,
	    const char **profile_id, bool *sms, struct prov_res *);
/* Releases it: 1 released, 0 the provider answered 404, -1 otherwise. */
int	telnyx_number_delete(struct prov *, struct arena *, const char *id,
	    struct prov_res *);

/* A number's 10DLC assignment (provisioning with the carriers). */
struct telnyx_assignment {
	const char	*status, *failure_reasons, *campaign_id;
};

int	telnyx_assignment_get(struct prov *, struct arena *, const char *e164,
	    struct telnyx_assignment *, struct prov_res *);
int	telnyx_assignment_create(struct prov *, struct arena *,
	    const char *e164, const char *campaign_id, struct prov_res *);
/* 1 removed, 0 there was none (404), -1 otherwise. */
int	telnyx_assignment_delete(struct prov *, struct arena *,
	    const char *e164, struct prov_res *);

/* Pure helpers, unit-tested. */
/* Is s a registry (TCR) campaign id: "C" and six upper-case alphanumerics? */
bool	telnyx_is_tcr_id(const char *s);
/* Is the offered e164 an exact match for a search in area_code? */
bool	telnyx_offer_matches(const char *e164, bool best_effort,
	    const char *area_code);

#endif
