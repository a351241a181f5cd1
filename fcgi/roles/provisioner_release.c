/*
 * provisioner_release: giving a number back to the provider; see
 * provisioner.h. A number is released when a person deleted it, or when
 * it failed once there may have been an order for it (the provider bills
 * a number every month, whether or not anyone can text from it).
 *
 * Only what is ours is released. Ours means: the provider's number
 * resource is the number we reserved, and it carries our reference (set
 * when it was bought), or, when we never got to set it, our own order (its
 * customer_reference exactly ours) bought it. Anything else (a number of
 * another deployment sharing the account, one moved by hand) is left
 * alone.
 *
 * Released means the provider said so. A 404 from DELETE /phone_numbers
 * is not a release: nothing was released, and the number may still be
 * billed somewhere we cannot see. Such a number, and one that is not ours,
 * stays listed as "release failed" with the provider's answer until an
 * admin deletes it again. Trouble that may pass (5xx, timeouts, 429) is
 * tried again later.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "provisioner.h"
#include "telnyx.h"

#define RELEASE_RETRY_S	60

/* Trouble that may pass: the release is tried again in a while. */
static int
later(struct provisioner *p, struct number_work *w, const char *what,
    const char *why)
{
	provisioner_event(p, w->id, "provider_error", "Releasing: %s: %s",
	    what, why);
	return db_number_release_later(&p->db, &p->a, p->owner, w->id,
	    w->provider_number_id, RELEASE_RETRY_S);
}

/*
 * Is the provider's number n ours to release? Our number, carrying our
 * reference, or bought by our own order before we could set it.
 */
static bool
is_ours(const struct telnyx_number *n, const struct number_work *w,
    bool by_order)
{
	bool unmarked = n->customer_reference == NULL ||
	    *n->customer_reference == '\0';

	if (n->phone_number == NULL || w->phone_number == NULL ||
	    strcmp(n->phone_number, w->phone_number) != 0)
		return false;
	if (!unmarked)
		return w->provider_ref != NULL &&
		    strcmp(n->customer_reference, w->provider_ref) == 0;
	return by_order;
}

static int
refused(struct provisioner *p, struct number_work *w, const char *why)
{
	provisioner_event(p, w->id, "release_failed", "%s", why);
	log_warn(NULL, "number %lld: release failed: %s", w->id, why);
	return db_number_release_failed(&p->db, &p->a, p->owner, w->id, why);
}

/* Nothing was bought: nothing to give back. */
static int
nothing_held(struct provisioner *p, struct number_work *w, const char *why)
{
	provisioner_event(p, w->id, "released", "%s", why);
	return db_number_released(&p->db, &p->a, p->owner, w->id, NULL);
}

/*
 * The number resource to release, when we never recorded its id: what
 * our order bought. 1 with *n; 0 handled (nothing bought, or later).
 */
static int
find_bought(struct provisioner *p, struct number_work *w,
    struct telnyx_number *n, bool *by_order, int *done)
{
	struct telnyx_order o;
	struct prov_res res;
	int rc;

	*done = 0;
	*by_order = false;
	if (w->phone_number == NULL) {
		*done = nothing_held(p, w, "Nothing to release: no number was "
		    "ordered.");
		return 0;
	}
	rc = telnyx_order_find(&p->prov, &p->a, w->provider_ref,
	    w->phone_number, &o, &res);
	if (rc == -1) {
		*done = later(p, w, "looking for our order", res.reason);
		return 0;
	}
	if (rc == 0 || (o.status != NULL && strcmp(o.status, "failure") == 0)) {
		*done = nothing_held(p, w, arena_printf(&p->a, "Nothing to "
		    "release: the provider %s.", rc == 0 ? "has no order of "
		    "ours for it" : "did not sell it to us"));
		return 0;
	}
	if (o.status == NULL || strcmp(o.status, "success") != 0) {
		*done = later(p, w, "our order", "still pending");
		return 0;
	}
	if ((rc = telnyx_number_find(&p->prov, &p->a, w->phone_number, n,
	    &res)) == 1) {
		*by_order = true;
		return 1;
	}
	*done = rc == 0 ? refused(p, w, arena_printf(&p->a, "Our order %s "
	    "bought %s, but the provider's account has no such number now: "
	    "nothing was released; look for it in the provider's portal.",
	    o.id, w->phone_number)) : later(p, w, "finding the number", res.reason);
	return 0;
}

int
provisioner_release(struct provisioner *p, struct number_work *w)
{
	struct telnyx_number n;
	struct prov_res res;
	bool by_order;
	int rc, done;

	if (w->provider_number_id == NULL) {
		if (find_bought(p, w, &n, &by_order, &done) == 0)
			return done;
		w->provider_number_id = n.id;
	} else if ((rc = telnyx_number_get(&p->prov, &p->a,
	    w->provider_number_id, &n, &res)) != 1)
		return rc == 0 ? refused(p, w, arena_printf(&p->a, "The "
		    "provider answered 404 for number id %s (%s): nothing was "
		    "released; look for %s in the provider's portal.",
		    w->provider_number_id, res.reason, w->phone_number ?
		    w->phone_number : "it")) :
		    later(p, w, "looking the number up", res.reason);
	else
		by_order = false;

	if (!is_ours(&n, w, by_order))
		return refused(p, w, arena_printf(&p->a, "The provider's "
		    "number %s (%s, reference %s) is not the one we bought "
		    "(%s, reference %s): Launchline leaves it alone.",
		    n.id, n.phone_number ? n.phone_number : "?",
		    n.customer_reference ? n.customer_reference : "none",
		    w->phone_number ? w->phone_number : "?",
		    w->provider_ref ? w->provider_ref : "none"));

	if (telnyx_assignment_delete(&p->prov, &p->a, n.phone_number,
	    &res) == -1) {
		if (prov_transient(res.status))
			return later(p, w, "removing its 10DLC assignment",
			    res.reason);
		provisioner_event(p, w->id, "provider_error", "Removing the "
		    "10DLC assignment: %s (going on)", res.reason);
	}
	rc = telnyx_number_delete(&p->prov, &p->a, n.id, &res);
	if (rc == 0)
		return refused(p, w, arena_printf(&p->a, "The provider answered "
		    "404 to releasing %s (%s): nothing was released.",
		    n.phone_number, res.reason));
	if (rc == -1)
		return prov_transient(res.status) ? later(p, w, "releasing the "
		    "number", res.reason) : refused(p, w, arena_printf(&p->a, "The "
		    "provider refused to release %s: %s", n.phone_number,
		    res.reason));
	provisioner_event(p, w->id, "released", "Released %s at the provider.",
	    n.phone_number);
	log_info(NULL, "number %lld: released %s", w->id, n.phone_number);
	return db_number_released(&p->db, &p->a, p->owner, w->id, n.id);
}
