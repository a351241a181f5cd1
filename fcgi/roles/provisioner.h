/*
 * provisioner: the pieces of the provisioner role (roles.h), one file a
 * job: provisioner.c (the loop and the steps of provisioning a number),
 * provisioner_release.c (releasing one), provisioner_profile.c (an
 * organization's messaging profile) and use_case_check.c (a use case's
 * 10DLC campaign: its ids and status). Internal to the role.
 */
#ifndef LL_PROVISIONER_H
#define LL_PROVISIONER_H

#include <time.h>

#include "arena.h"
#include "db_provider.h"
#include "prov.h"

struct app;

struct provisioner {
	const struct app	*app;
	struct db		 db;
	struct prov		 prov;
	struct arena		 a;
	char			 owner[96];	/* this claim's lease token */
	const char		*deployment;	/* sql/015's identity */
	time_t			 next_purge;	/* housekeeping's next run */
};

/* What a step decided: go on to a step later, or finish. */
struct outcome {
	const char	*step;		/* next step (when not finishing) */
	long long	 delay_s;
	const char	*finish;	/* "complete" / "failed" / NULL */
	const char	*reason;	/* for failed */
};

/* A line of the number's timeline. */
void	provisioner_event(struct provisioner *, long long id, const char *kind,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Releases the number w (deleted, or failed after an order): 0 / -1. */
int	provisioner_release(struct provisioner *, struct number_work *w);

/*
 * Makes sure the organization of w has its messaging profile at the
 * provider (w->profile_id set): 1 ready; 0 not yet (o says when to come
 * back, or why it failed).
 */
int	provisioner_profile(struct provisioner *, struct number_work *w,
	    struct outcome *o);

/*
 * Asks the provider about one use case: looks up its Telnyx campaign id
 * from the id its admin gave (or the other way round) and records the
 * campaign's status (approved, pending, suspended, rejected). Points the
 * campaign's 10DLC webhooks at us when it has none. 0 / -1.
 */
int	use_case_check(struct db *, struct prov *, struct arena *,
	    const struct app *, long long use_case_id);
/* The use cases due a check (new, pending, or past the interval). */
int	use_case_check_due(struct db *, struct prov *, struct arena *,
	    const struct app *);
/* Our status for a campaign: approved, pending, suspended or rejected. */
const char *use_case_status_of(const char *campaign_status,
	    bool tmobile_suspended);

#endif
