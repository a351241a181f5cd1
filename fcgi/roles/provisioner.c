/*
 * provisioner: the background role that turns an 'initiated' number into
 * a provisioned one, and releases deleted ones and those that failed once
 * there may have been an order (provisioner_release.c). See issues 3 and
 * 15 and ../shared/provider/README.md for the provider's side.
 *
 * A number moves through steps, each one provider call or a few:
 *   search      the use case still approved (asked again when older than
 *               use_case_recheck_s), the organization's messaging profile
 *               made (provisioner_profile.c), then numbers offered in the
 *               area codes in order; best-effort offers from other area
 *               codes are never taken: the next region is tried instead
 *   order       our earlier order looked up first (exact reference, our
 *               number: a crash between "bought" and "recorded" never
 *               buys twice), else POST /number_orders into the profile
 *   wait_order  the order polled with back-off while pending
 *   profile     the number's own resource id looked up (an order's
 *               phone_numbers[].id is the order item's), marked with our
 *               reference, its messaging profile set if it is not ours
 *   assign      the 10DLC assignment to the use case's Telnyx campaign
 *   poll        with back-off until ASSIGNED, FAILED_ASSIGNMENT or the
 *               deadline (provisioning_deadline_minutes, 72 h)
 * Work is claimed by lease (a fresh owner token; every later write is
 * fenced by it), so two provisioners, or one restarted mid-step, never act
 * on a number at once. Webhooks only wake a number early: the provider's
 * answer to the next poll decides. Every step and every provider answer is
 * written to the number's timeline.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "db_numbers.h"
#include "housekeeping.h"
#include "launch.h"
#include "number_end.h"
#include "log.h"
#include "proc.h"
#include "provisioner.h"
#include "refs.h"
#include "role.h"
#include "roles.h"
#include "telnyx.h"

#define MAX_ORDER_ATTEMPTS	3
#define SEARCH_LIMIT		20

void
provisioner_event(struct provisioner *p, long long id, const char *kind,
    const char *fmt, ...)
{
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = arena_vprintf(&p->a, fmt, ap);
	va_end(ap);
	if (db_number_event(&p->db, &p->a, id, kind, detail) == -1)
		log_error(NULL, "number %lld: timeline write failed", id);
}

#define event provisioner_event

/* A provider call that failed: try later when it may pass, else fail. */
static struct outcome
provider_trouble(struct provisioner *p, struct number_work *w,
    const char *what, const struct prov_res *res)
{
	struct outcome o = { w->step, p->app->cfg.provisioning_first_poll_s,
	    NULL, NULL };

	event(p, w->id, "provider_error", "%s: %s", what, res->reason);
	if (!prov_transient(res->status)) {
		o.finish = "failed";
		o.reason = arena_printf(&p->a, "%s: %s", what, res->reason);
	}
	return o;
}

/* The next wait: doubled up to the cap, then ±20% jitter. */
static long long
next_poll(struct provisioner *p, struct number_work *w)
{
	long long cap = p->app->cfg.provisioning_poll_cap_s, i;

	i = w->poll_interval_s * 2;
	if (i < 1)
		i = 1;
	if (i > cap)
		i = cap;
	w->poll_interval_s = i;
	return i - i / 5 + (long long)randombytes_uniform(
	    (uint32_t)(i * 2 / 5 + 1));
}

/*
 * Is the use case still approved? Asked again when the last answer is
 * older than use_case_recheck_s: a campaign suspended meanwhile must not
 * cost a number. 1 yes; 0 no, with o failing the number (or, when the
 * provider could not be asked, coming back later).
 */
static int
use_case_ready(struct provisioner *p, struct number_work *w,
    struct outcome *o)
{
	const struct config *c = &p->app->cfg;
	struct number_work fresh;

	if (w->use_case_checked_s < 0 ||
	    w->use_case_checked_s > c->use_case_recheck_s) {
		if (use_case_check(&p->db, &p->prov, &p->a, p->app,
		    w->use_case_id) == -1 || db_number_work_read(&p->db,
		    &p->a, p->owner, &fresh) != 1) {
			*o = (struct outcome){ w->step, c->provisioning_first_poll_s,
			    NULL, NULL };
			return 0;
		}
		w->campaign_id = fresh.campaign_id;
		w->use_case_status = fresh.use_case_status;
		w->use_case_detail = fresh.use_case_detail;
	}
	if (strcmp(w->use_case_status, "approved") == 0 &&
	    w->campaign_id != NULL)
		return 1;
	*o = (struct outcome){ NULL, 0, "failed", arena_printf(&p->a,
	    "The use case \"%s\" is %s at the provider (%s); nothing was "
	    "bought for it.", w->use_case_name, w->use_case_status,
	    w->use_case_detail ? w->use_case_detail : "no detail") };
	event(p, w->id, "use_case_not_approved", "%s", o->reason);
	return 0;
}

/*
 * Takes one of the numbers offered, starting at a random one (concurrent
 * searches see the same list), and reserves it on our row: the unique
 * live_phone_number index refuses one another live row holds. NULL when
 * every offered number is taken (or the database failed).
 */
static const char *
reserve_one(struct provisioner *p, struct number_work *w,
    const struct telnyx_offer *offer)
{
	size_t start, i;
	const char *e164;

	if (offer->n == 0)
		return NULL;
	start = randombytes_uniform((uint32_t)offer->n);
	for (i = 0; i < offer->n; i++) {
		e164 = offer->numbers[(start + i) % offer->n];
		if (db_number_reserve(&p->db, &p->a, p->owner, w->id,
		    e164) == 0)
			return e164;
		if (!db_is_duplicate(&p->db))
			return NULL;
	}
	return NULL;
}

static struct outcome
step_search(struct provisioner *p, struct number_work *w)
{
	struct outcome o = { "order", 0, NULL, NULL };
	const char *c = w->area_codes, *comma, *found;
	struct telnyx_offer offer;
	struct prov_res res;
	char code[8];

	if (use_case_ready(p, w, &o) != 1 || provisioner_profile(p, w, &o) != 1)
		return o;
	o = (struct outcome){ "order", 0, NULL, NULL };
	while (c != NULL && *c != '\0') {
		comma = strchr(c, ',');
		snprintf(code, sizeof(code), "%.*s",
		    (int)(comma ? (size_t)(comma - c) : strlen(c)), c);
		c = comma ? comma + 1 : NULL;
		if (telnyx_search(&p->prov, &p->a, code, SEARCH_LIMIT, &offer,
		    &res) == -1)
			return provider_trouble(p, w, "Searching for numbers",
			    &res);
		if ((found = reserve_one(p, w, &offer)) != NULL) {
			w->phone_number = found;
			event(p, w->id, "number_chosen", "Chose %s in area "
			    "code %s (%zu available).", found, code, offer.n);
			return o;
		}
		event(p, w->id, "search", "No numbers available in area code "
		    "%s%s%s.", code, offer.n > 0 ? arena_printf(&p->a,
		    " (the %zu offered are held by other numbers of ours)",
		    offer.n) : "", offer.dropped > 0 ? arena_printf(&p->a,
		    " (the provider offered %zu from other area codes, which "
		    "are never bought)", offer.dropped) : "");
	}
	o.step = NULL;
	o.finish = "failed";
	o.reason = strchr(w->area_codes, ',') ? arena_printf(&p->a,
	    "No numbers available in area codes %s.", w->area_codes) :
	    arena_printf(&p->a, "No numbers available in area code %s.",
	    w->area_codes);
	return o;
}

/* Applies an order's status (from creating it, or from reading it). */
static struct outcome
order_status(struct provisioner *p, struct number_work *w,
    const struct telnyx_order *ord)
{
	struct outcome o = { "wait_order", 0, NULL, NULL };

	if (ord->status != NULL && strcmp(ord->status, "success") == 0) {
		event(p, w->id, "order_complete", "The provider sold us %s.",
		    w->phone_number);
		o.step = "profile";
		w->poll_interval_s = 0;
	} else if (ord->status != NULL && strcmp(ord->status, "failure") == 0) {
		event(p, w->id, "order_failed", "The order for %s failed (%s).",
		    w->phone_number, ord->item_status ? ord->item_status :
		    "failure");
		if (w->order_attempts >= MAX_ORDER_ATTEMPTS) {
			o.step = NULL;
			o.finish = "failed";
			o.reason = arena_printf(&p->a, "The provider would not "
			    "sell us a number after %lld tries.",
			    w->order_attempts);
		} else {
			o.step = "search";	/* another number */
			w->phone_number = NULL;
			w->order_id = NULL;
		}
	} else			/* pending: the same back-off as polls */
		o.delay_s = next_poll(p, w);
	return o;
}

static struct outcome
step_order(struct provisioner *p, struct number_work *w)
{
	struct telnyx_order ord;
	struct prov_res res;
	struct outcome o;
	char ref[REFS_LEN];
	int rc;

	if (use_case_ready(p, w, &o) != 1 || provisioner_profile(p, w, &o) != 1)
		return o;
	/* Our id and attempt: the same after a crash, so we find it again;
	 * recorded before the order goes out, so a failed number is
	 * released even if we never heard the answer. */
	refs_number(ref, sizeof(ref), p->deployment, w->id,
	    w->order_attempts + 1);
	w->provider_ref = arena_strdup(&p->a, ref);
	if (db_number_ref_set(&p->db, &p->a, p->owner, w->id, ref) == -1)
		return (struct outcome){ w->step,
		    p->app->cfg.provisioning_first_poll_s, NULL, NULL };
	if ((rc = telnyx_order_find(&p->prov, &p->a, ref, w->phone_number,
	    &ord, &res)) == -1)
		return provider_trouble(p, w, "Looking for an earlier order",
		    &res);
	if (rc == 1) {
		event(p, w->id, "order_found", "Found our earlier order %s.",
		    ord.id);
	} else if (telnyx_order_create(&p->prov, &p->a, w->phone_number,
	    w->profile_id, ref, &ord, &res) == -1) {
		/* Refused (e.g. sold meanwhile): choose another. */
		if (!prov_transient(res.status) &&
		    ++w->order_attempts < MAX_ORDER_ATTEMPTS) {
			event(p, w->id, "order_failed", "Ordering %s was "
			    "refused: %s", w->phone_number, res.reason);
			w->phone_number = NULL;
			return (struct outcome){ "search", 0, NULL, NULL };
		}
		return provider_trouble(p, w, "Ordering the number", &res);
	} else
		event(p, w->id, "ordered", "Ordered %s (order %s, %s).",
		    w->phone_number, ord.id ? ord.id : "?",
		    ord.status ? ord.status : "?");
	w->order_attempts++;
	w->order_id = ord.id;
	/* A pending order is polled like an assignment: from
	 * provisioning_first_poll_s, doubling. */
	w->poll_interval_s = p->app->cfg.provisioning_first_poll_s / 2;
	return order_status(p, w, &ord);
}

static struct outcome
step_wait_order(struct provisioner *p, struct number_work *w)
{
	struct telnyx_order ord;
	struct prov_res res;
	int rc;

	if ((rc = telnyx_order_get(&p->prov, &p->a, w->order_id, &ord,
	    &res)) != 1)
		return provider_trouble(p, w, "Checking the order", &res);
	return order_status(p, w, &ord);
}

/*
 * The number is bought: find its own resource (the order named its order
 * item), mark it with our reference, put it into the organization's
 * messaging profile if the order did not.
 */
static struct outcome
step_profile(struct provisioner *p, struct number_work *w)
{
	struct outcome o = { "assign", 0, NULL, NULL };
	struct telnyx_number n;
	struct prov_res res;
	int rc;

	if (provisioner_profile(p, w, &o) != 1)
		return o;
	o = (struct outcome){ "assign", 0, NULL, NULL };
	if ((rc = telnyx_number_find(&p->prov, &p->a, w->phone_number, &n,
	    &res)) == -1)
		return provider_trouble(p, w, "Finding the bought number", &res);
	if (rc == 0) {		/* not listed yet: ask again soon */
		event(p, w->id, "number_not_listed", "The provider does not "
		    "list %s in the account yet.", w->phone_number);
		return (struct outcome){ "profile", next_poll(p, w), NULL,
		    NULL };
	}
	if (n.customer_reference != NULL && *n.customer_reference != '\0' &&
	    strcmp(n.customer_reference, w->provider_ref) != 0) {
		o = (struct outcome){ NULL, 0, "failed", arena_printf(&p->a,
		    "The provider's number %s carries another reference (%s), "
		    "not ours (%s): Launchline leaves it alone.",
		    w->phone_number, n.customer_reference, w->provider_ref) };
		event(p, w->id, "not_ours", "%s", o.reason);
		return o;
	}
	w->provider_number_id = n.id;
	if ((n.customer_reference == NULL || *n.customer_reference == '\0') &&
	    telnyx_number_set_reference(&p->prov, &p->a, n.id,
	    w->provider_ref, &res) == -1)
		return provider_trouble(p, w, "Marking the number with our "
		    "reference", &res);
	if ((n.messaging_profile_id == NULL ||
	    strcmp(n.messaging_profile_id, w->profile_id) != 0) &&
	    telnyx_number_set_profile(&p->prov, &p->a, n.id, w->profile_id,
	    &res) == -1)
		return provider_trouble(p, w, "Setting the messaging profile",
		    &res);
	event(p, w->id, "profile_set", "Number %s (id %s) is ours and in the "
	    "organization's messaging profile.", w->phone_number, n.id);
	return o;
}

static struct outcome
step_assign(struct provisioner *p, struct number_work *w)
{
	long long first = p->app->cfg.provisioning_first_poll_s;
	struct outcome o = { "poll", first, NULL, NULL };
	struct telnyx_assignment as;
	struct prov_res res;
	int rc;

	if (use_case_ready(p, w, &o) != 1)
		return o;
	o = (struct outcome){ "poll", first, NULL, NULL };
	w->poll_interval_s = first;
	/* Already asked (a crash after the POST)? Then only wait. */
	if ((rc = telnyx_assignment_get(&p->prov, &p->a, w->phone_number, &as,
	    &res)) == 1) {
		event(p, w->id, "assignment_found", "The assignment to %s "
		    "exists (%s).", w->campaign_id, as.status ? as.status : "?");
		return o;
	}
	if (rc == -1)		/* unknown: ask again later */
		return provider_trouble(p, w, "Checking for an assignment",
		    &res);
	if (telnyx_assignment_create(&p->prov, &p->a, w->phone_number,
	    w->campaign_id, &res) == -1)
		return provider_trouble(p, w, "Assigning the number to the use "
		    "case", &res);
	event(p, w->id, "assignment_requested", "Asked the carriers to "
	    "provision %s for campaign %s.", w->phone_number, w->campaign_id);
	return o;
}

static struct outcome
step_poll(struct provisioner *p, struct number_work *w)
{
	struct outcome o = { "poll", 0, NULL, NULL };
	struct telnyx_assignment as;
	struct prov_res res;
	const char *status;
	int rc;

	if ((rc = telnyx_assignment_get(&p->prov, &p->a, w->phone_number, &as,
	    &res)) == 0) {
		event(p, w->id, "assignment_missing", "The provider has no "
		    "assignment for %s; asking again.", w->phone_number);
		return (struct outcome){ "assign", 0, NULL, NULL };
	}
	if (rc == -1)
		return provider_trouble(p, w, "Checking provisioning", &res);
	status = as.status ? as.status : "unknown";
	if (strcmp(status, "ASSIGNED") == 0) {
		event(p, w->id, "assigned", "The carriers confirmed %s.",
		    w->phone_number);
		o.finish = "complete";
	} else if (strcmp(status, "FAILED_ASSIGNMENT") == 0) {
		o.finish = "failed";
		/* The carriers' own words say what happened ("Carrier
		 * rejected the number: ..."): shown as they are, not behind
		 * a prefix of ours that says it again. */
		o.reason = as.failure_reasons && *as.failure_reasons ?
		    arena_strdup(&p->a, as.failure_reasons) :
		    "The carriers refused the number and gave no reason.";
		event(p, w->id, "assignment_failed", "%s", o.reason);
	} else {
		o.delay_s = next_poll(p, w);
		event(p, w->id, "assignment_status", "%s; next check in "
		    "%lld s.", status, o.delay_s);
	}
	return o;
}

static int
save(struct provisioner *p, struct number_work *w, const struct outcome *o)
{
	if (o->finish != NULL) {
		if (strcmp(o->finish, "failed") == 0)
			log_warn(NULL, "number %lld failed: %s", w->id,
			    o->reason);
		else
			log_info(NULL, "number %lld complete: %s", w->id,
			    w->phone_number);
		/* What it learnt stays: the release of a failed number
		 * starts from it. */
		if (db_number_work_keep(&p->db, &p->a, p->owner, w) == -1)
			return -1;
		return number_end(&p->db, &p->a, w->id, p->owner,
		    o->finish, o->reason);
	}
	return db_number_work_save(&p->db, &p->a, p->owner, w, o->step,
	    o->delay_s, p->app->cfg.provisioning_deadline_minutes);
}

/* Claims one number due for work and takes one step; 1 if it did. */
static int
work_one(struct provisioner *p)
{
	struct number_work w;
	struct outcome o;

	snprintf(p->owner, sizeof(p->owner), "%ld-%08x", (long)getpid(),
	    randombytes_random());
	if (db_number_work_claim(&p->db, &p->a, p->owner,
	    p->app->cfg.provisioning_lease_s, &w) != 1)
		return 0;
	if (w.release) {
		if (provisioner_release(p, &w) == -1)
			log_error(NULL, "number %lld: could not record its "
			    "release", w.id);
		return 1;
	}
	if (w.past_deadline) {
		o = (struct outcome){ NULL, 0, "failed", arena_printf(&p->a,
		    "Provisioning timed out after %ld minutes.",
		    p->app->cfg.provisioning_deadline_minutes) };
		event(p, w.id, "timed_out", "%s", o.reason);
	} else if (strcmp(w.step, "search") == 0)
		o = step_search(p, &w);
	else if (strcmp(w.step, "order") == 0)
		o = step_order(p, &w);
	else if (strcmp(w.step, "wait_order") == 0)
		o = step_wait_order(p, &w);
	else if (strcmp(w.step, "profile") == 0)
		o = step_profile(p, &w);
	else if (strcmp(w.step, "assign") == 0)
		o = step_assign(p, &w);
	else
		o = step_poll(p, &w);
	if (o.finish != NULL)
		event(p, w.id, o.finish, "%s", strcmp(o.finish, "complete") ==
		    0 ? "Provisioning complete." : o.reason);
	if (save(p, &w, &o) == -1)
		log_error(NULL, "number %lld: could not save its step", w.id);
	return 1;
}

static int
provisioner_start(void *self, const struct app *app)
{
	struct provisioner *p = self;

	p->app = app;
	db_init(&p->db, &app->cfg);
	arena_init(&p->a, 65536);
	if (prov_init(&p->prov, &app->cfg) == -1)
		return -1;
	while (!proc_stopping && db_deployment_id(&p->db, &p->a,
	    &p->deployment) == -1) {
		log_error(NULL, "provisioner: no deployment identity yet "
		    "(launchline migrate makes it)");
		proc_nap(1000);
	}
	log_info(NULL, "provisioner: deployment %s",
	    p->deployment ? p->deployment : "?");
	return 0;
}

/* Use cases due a check, one number's step, scheduled launches and, now
 * and then, housekeeping. A short rest when idle: a woken number waits at
 * most this. */
static long
provisioner_round(void *self)
{
	struct provisioner *p = self;
	int busy;

	busy = use_case_check_due(&p->db, &p->prov, &p->a, p->app);
	busy |= work_one(p);
	/* Scheduled campaign launches (launch.c): a launch mostly means
	 * ordering a number, so the role that orders them carries it out;
	 * claimed with SKIP LOCKED, any number of provisioners may run. */
	busy |= launch_due(&p->db, &p->a);
	/* Expired sessions and old failed sign-ins (any provisioner; the
	 * deletes are idempotent). */
	if (time(NULL) >= p->next_purge) {
		(void)housekeeping_run(&p->db, &p->a);
		p->next_purge = time(NULL) + p->app->cfg.purge_interval_s;
	}
	arena_reset(&p->a);
	return busy ? 0 : 100;
}

static void
provisioner_end(void *self)
{
	struct provisioner *p = self;

	prov_free(&p->prov);
	db_close(&p->db);
	arena_free(&p->a);
}

int
role_provisioner_run(const struct app *app)
{
	static const struct role_ops ops = { "provisioner", provisioner_start,
	    provisioner_round, provisioner_end };
	struct provisioner p;

	memset(&p, 0, sizeof(p));
	return role_run(app, &ops, &p);
}
