/*
 * db_provider: typed queries over the provisioner's work and what
 * Launchline keeps about the provider side (sql/015): this deployment's
 * identity, organizations' messaging profiles, use cases' campaign ids
 * and checks, numbers' leases, steps, references and releases, and the
 * webhooks that wake a number. Strings point into the caller's arena.
 * Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_PROVIDER_H
#define LL_DB_PROVIDER_H

#include "db.h"

/* This deployment's identity (read once per connection, then kept). */
int	db_deployment_id(struct db *, struct arena *, const char **id);
/* A new identity, for a copy of another deployment's database. */
int	db_deployment_renew(struct db *, struct arena *);

/* `launchline admin status`: name and value, one line each. */
struct status_line {
	const char	*name, *value;
};

int	db_status(struct db *, struct arena *, struct status_line **, size_t *);

/* What the provisioner holds while it owns a number's lease. */
struct number_work {
	long long	 id, org_id, use_case_id, order_attempts;
	long long	 poll_interval_s;
	const char	*step, *area_codes, *phone_number, *order_id;
	const char	*provider_number_id, *provider_ref;
	bool		 past_deadline, release;
	/* Its use case: the id as given, Telnyx's (NULL until looked up),
	 * status, detail, seconds since last checked (-1: never). */
	const char	*use_case_name, *campaign_given, *campaign_id;
	const char	*use_case_status, *use_case_detail;
	long long	 use_case_checked_s;
	const char	*profile_id;	/* the organization's; NULL: not yet */
};

/*
 * Claims one number due for work (provisioning first, then releases) for
 * lease_s seconds under owner and reads it: 1 with w filled, 0 none due.
 */
int	db_number_work_claim(struct db *, struct arena *, const char *owner,
	    long long lease_s, struct number_work *w);
/* Reads the number the caller holds again (after its use case changed). */
int	db_number_work_read(struct db *, struct arena *, const char *owner,
	    struct number_work *w);
/* Keeps what w learnt (number, order, resource id, reference), lease held. */
int	db_number_work_keep(struct db *, struct arena *, const char *owner,
	    const struct number_work *w);
/* Saves w's progress and gives the lease back: due again after delay_s. */
int	db_number_work_save(struct db *, struct arena *, const char *owner,
	    const struct number_work *w, const char *step, long long delay_s,
	    long long deadline_minutes);
/* Reserves e164 on the number: 0, or -1 (db_is_duplicate: taken). */
int	db_number_reserve(struct db *, struct arena *, const char *owner,
	    long long id, const char *e164);
int	db_number_ref_set(struct db *, struct arena *, const char *owner,
	    long long id, const char *ref);
/* The release ended: released at the provider (or nothing was held). */
int	db_number_released(struct db *, struct arena *, const char *owner,
	    long long id, const char *provider_number_id);
int	db_number_release_later(struct db *, struct arena *, const char *owner,
	    long long id, const char *provider_number_id, long long delay_s);
/* The provider refused it: listed as "release failed" with the answer. */
int	db_number_release_failed(struct db *, struct arena *,
	    const char *owner, long long id, const char *error);

/* A webhook delivery seen for the first time (1) or again (0)? */
int	db_webhook_first(struct db *, struct arena *, const char *event_id,
	    const char *event_type);
/* Webhooks: wake the number a 10DLC event names (and note it on its
 * timeline), or the number of an order. */
int	db_number_wake_by_e164(struct db *, struct arena *, const char *e164,
	    const char *note);
int	db_number_wake_by_order(struct db *, struct arena *,
	    const char *order_id);

/*
 * The organization's messaging profile: 1 with *profile_id when made;
 * else 0 with *lease true when the caller now holds the lease to make it
 * (then db_profile_set or db_profile_unlease), false when another does.
 */
int	db_profile_lease(struct db *, struct arena *, long long org_id,
	    const char *name, const char *owner, long long lease_s,
	    bool *lease);
int	db_profile_set(struct db *, struct arena *, long long org_id,
	    const char *owner, const char *profile_id);
int	db_profile_unlease(struct db *, struct arena *, long long org_id,
	    const char *owner);

struct profile_row {
	long long	 org_id;
	const char	*org_name, *profile_id, *name;
};

int	db_profiles_made(struct db *, struct arena *, struct profile_row **,
	    size_t *);

/* A use case to check: the id as given and Telnyx's (NULL until known). */
struct use_case_check {
	long long	 id;
	const char	*given, *campaign_id;
};

/* Those due a check: new, pending (each minute), others each interval. */
int	db_use_cases_to_check(struct db *, struct arena *, long long interval_s,
	    struct use_case_check **, size_t *);
int	db_use_case_for_check(struct db *, struct arena *, long long id,
	    struct use_case_check *);
int	db_use_case_resolved(struct db *, struct arena *, long long id,
	    const char *campaign_id, const char *tcr_id);
int	db_use_case_set_status(struct db *, struct arena *, long long id,
	    const char *status, const char *detail);
/* Checked, but the provider could not say: keep the status, note why. */
int	db_use_case_touch(struct db *, struct arena *, long long id,
	    const char *detail);

struct use_case_row {
	long long	 id;
	const char	*org_name, *name, *campaign_id;
};

int	db_use_cases_resolved(struct db *, struct arena *,
	    struct use_case_row **, size_t *);

/* Complete numbers that should be live at the provider. */
struct live_number {
	long long	 id;
	const char	*org_name, *phone_number, *provider_number_id;
	const char	*profile_id;
};

int	db_numbers_at_provider(struct db *, struct arena *,
	    struct live_number **, size_t *);

#endif
