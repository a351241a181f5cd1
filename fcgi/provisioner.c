/*
 * provisioner: the background role that turns an 'initiated' number into
 * a provisioned one, and releases deleted ones and those that failed
 * after we bought them (release_due, sql/011). See issue 3 and
 * ../shared/provider/README.md for the provider's side.
 *
 * A number moves through steps, each one provider call or a few:
 *   search → order → wait_order → profile → assign → poll → complete/failed
 * Work is claimed by lease (NUMBER_CLAIM, then NUMBER_CLAIM_RELEASE, with a
 * fresh owner token), every
 * write afterwards is fenced by that token, so two provisioners, or one
 * restarted mid-step, never act on a number at once. The order carries our
 * id as customer_reference and is looked up before any purchase, so a
 * crash between "bought" and "recorded" never buys twice. Polling backs
 * off from provisioning_first_poll_s to provisioning_poll_cap_s with
 * jitter; webhooks only wake a number early. Every step and every provider
 * answer is written to the number's timeline.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "db_numbers.h"
#include "housekeeping.h"
#include "launch.h"
#include "log.h"
#include "proc.h"
#include "prov.h"
#include "roles.h"

#define MAX_ORDER_ATTEMPTS	3

struct provisioner {
	const struct app	*app;
	struct db		 db;
	struct prov		 prov;
	struct arena		 a;
	char			 owner[96];
};

/* What a step decided: go on to a step later, or finish. */
struct outcome {
	const char	*step;		/* next step (when not finishing) */
	long long	 delay_s;
	const char	*finish;	/* "complete" / "failed" / NULL */
	const char	*reason;	/* for failed */
};

static void
event(struct provisioner *p, long long id, const char *kind,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
event(struct provisioner *p, long long id, const char *kind,
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

static const cJSON *
data_of(const struct prov_res *res)
{
	return cJSON_GetObjectItemCaseSensitive(res->json, "data");
}

static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

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

/*
 * Takes one of the numbers offered, starting at a random one (concurrent
 * searches see the same list), and reserves it on our row: the unique
 * live_phone_number index refuses one another live row holds. NULL when
 * every offered number is taken (or the database failed).
 */
static const char *
reserve_one(struct provisioner *p, struct number_work *w, const cJSON *list)
{
	int n = cJSON_GetArraySize(list), start, i;
	const char *e164;

	if (n < 1)
		return NULL;
	start = (int)randombytes_uniform((uint32_t)n);
	for (i = 0; i < n; i++) {
		e164 = jstr(cJSON_GetArrayItem(list, (start + i) % n),
		    "phone_number");
		if (e164 == NULL)
			continue;
		if (DB_RUN(&p->db, &p->a, DB_NUMBER_RESERVE, NULL,
		    DB_STR(e164), DB_INT(w->id), DB_STR(p->owner)) == 0)
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
	char query[512], code[8], *path;
	const char *c = w->area_codes, *comma, *found;
	const cJSON *list;
	struct prov_res res;

	while (c != NULL && *c != '\0') {
		comma = strchr(c, ',');
		snprintf(code, sizeof(code), "%.*s",
		    (int)(comma ? (size_t)(comma - c) : strlen(c)), c);
		c = comma ? comma + 1 : NULL;
		snprintf(query, sizeof(query), "filter[country_code]=US&"
		    "filter[national_destination_code]=%s&"
		    "filter[features][]=sms&filter[phone_number_type]=local&"
		    "filter[limit]=20", code);
		path = arena_alloc(&p->a, 1024);
		memcpy(path, "/available_phone_numbers?", 26);
		prov_query_escape(query, path + 25, 1024 - 25);
		if (prov_call(&p->prov, "GET", path, NULL, &res) == -1) {
			o = provider_trouble(p, w, "Searching for numbers",
			    &res);
			prov_res_free(&res);
			return o;
		}
		list = data_of(&res);
		if ((found = reserve_one(p, w, list)) != NULL) {
			w->phone_number = arena_strdup(&p->a, found);
			event(p, w->id, "number_chosen", "Chose %s in area "
			    "code %s (%d available).", found, code,
			    cJSON_GetArraySize(list));
			prov_res_free(&res);
			return o;
		}
		event(p, w->id, "search", "No numbers available in area code "
		    "%s.", code);
		prov_res_free(&res);
	}
	o.finish = "failed";
	o.reason = strchr(w->area_codes, ',') ? arena_printf(&p->a,
	    "No numbers available in area codes %s.", w->area_codes) :
	    arena_printf(&p->a, "No numbers available in area code %s.",
	    w->area_codes);
	return o;
}

/* Applies an order's status (from creating it, or from reading it). */
static struct outcome
order_status(struct provisioner *p, struct number_work *w, const cJSON *order)
{
	struct outcome o = { "wait_order", 2, NULL, NULL };
	const char *status = jstr(order, "status");
	const cJSON *pn = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(order, "phone_numbers"), 0);

	if (status != NULL && strcmp(status, "success") == 0) {
		if (jstr(pn, "id") != NULL)
			w->provider_number_id = arena_strdup(&p->a,
			    jstr(pn, "id"));
		event(p, w->id, "order_complete", "The provider sold us %s.",
		    w->phone_number);
		o.step = "profile";
		o.delay_s = 0;
	} else if (status != NULL && strcmp(status, "failure") == 0) {
		event(p, w->id, "order_failed", "The order for %s failed (%s).",
		    w->phone_number, jstr(pn, "status") ? jstr(pn, "status") :
		    "failure");
		if (w->order_attempts >= MAX_ORDER_ATTEMPTS) {
			o.finish = "failed";
			o.reason = arena_printf(&p->a, "The provider would not "
			    "sell us a number after %lld tries.",
			    w->order_attempts);
		} else {
			o.step = "search";	/* another number */
			o.delay_s = 0;
			w->phone_number = NULL;
			w->order_id = NULL;
		}
	}
	return o;
}

static struct outcome
step_order(struct provisioner *p, struct number_work *w)
{
	const struct config *c = &p->app->cfg;
	char ref[64], query[128], path[256];
	struct prov_res res;
	struct outcome o;
	const cJSON *order;
	cJSON *body, *nums, *one;

	/* Our id and attempt: the same after a crash, so we find it again. */
	snprintf(ref, sizeof(ref), "launchline-number-%lld-%lld", w->id,
	    w->order_attempts + 1);
	snprintf(query, sizeof(query), "filter[customer_reference]=%s", ref);
	memcpy(path, "/number_orders?", 16);
	prov_query_escape(query, path + 15, sizeof(path) - 15);
	if (prov_call(&p->prov, "GET", path, NULL, &res) == -1) {
		o = provider_trouble(p, w, "Looking for an earlier order", &res);
		prov_res_free(&res);
		return o;
	}
	order = cJSON_GetArrayItem(data_of(&res), 0);
	if (order != NULL) {
		event(p, w->id, "order_found", "Found our earlier order %s.",
		    jstr(order, "id") ? jstr(order, "id") : "?");
	} else {
		prov_res_free(&res);
		body = cJSON_CreateObject();
		nums = cJSON_AddArrayToObject(body, "phone_numbers");
		one = cJSON_CreateObject();
		cJSON_AddStringToObject(one, "phone_number", w->phone_number);
		cJSON_AddItemToArray(nums, one);
		if (c->provider_messaging_profile_id != NULL)
			cJSON_AddStringToObject(body, "messaging_profile_id",
			    c->provider_messaging_profile_id);
		cJSON_AddStringToObject(body, "customer_reference", ref);
		if (prov_call(&p->prov, "POST", "/number_orders", body,
		    &res) == -1) {
			cJSON_Delete(body);
			/* Refused (e.g. sold meanwhile): choose another. */
			if (!prov_transient(res.status) &&
			    ++w->order_attempts < MAX_ORDER_ATTEMPTS) {
				event(p, w->id, "order_failed", "Ordering %s "
				    "was refused: %s", w->phone_number,
				    res.reason);
				prov_res_free(&res);
				w->phone_number = NULL;
				return (struct outcome){ "search", 0, NULL,
				    NULL };
			}
			o = provider_trouble(p, w, "Ordering the number", &res);
			prov_res_free(&res);
			return o;
		}
		cJSON_Delete(body);
		order = data_of(&res);
		event(p, w->id, "ordered", "Ordered %s (order %s, %s).",
		    w->phone_number, jstr(order, "id") ? jstr(order, "id") :
		    "?", jstr(order, "status") ? jstr(order, "status") : "?");
	}
	w->order_attempts++;
	if (jstr(order, "id") != NULL)
		w->order_id = arena_strdup(&p->a, jstr(order, "id"));
	o = order_status(p, w, order);
	prov_res_free(&res);
	return o;
}

static struct outcome
step_wait_order(struct provisioner *p, struct number_work *w)
{
	struct prov_res res;
	struct outcome o;
	char path[256];

	snprintf(path, sizeof(path), "/number_orders/%s", w->order_id);
	if (prov_call(&p->prov, "GET", path, NULL, &res) == -1) {
		o = provider_trouble(p, w, "Checking the order", &res);
		prov_res_free(&res);
		return o;
	}
	o = order_status(p, w, data_of(&res));
	prov_res_free(&res);
	return o;
}

static struct outcome
step_profile(struct provisioner *p, struct number_work *w)
{
	const char *profile = p->app->cfg.provider_messaging_profile_id;
	struct outcome o = { "assign", 0, NULL, NULL };
	struct prov_res res;
	char path[256];
	cJSON *body;

	if (profile == NULL || w->provider_number_id == NULL)
		return o;
	snprintf(path, sizeof(path), "/phone_numbers/%s/messaging",
	    w->provider_number_id);
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "messaging_profile_id", profile);
	if (prov_call(&p->prov, "PATCH", path, body, &res) == -1)
		o = provider_trouble(p, w, "Setting the messaging profile",
		    &res);
	else
		event(p, w->id, "profile_set", "Messaging profile set.");
	cJSON_Delete(body);
	prov_res_free(&res);
	return o;
}

static char *
assignment_path(struct provisioner *p, const char *e164)
{
	char esc[64];

	prov_query_escape(e164, esc, sizeof(esc));
	return arena_printf(&p->a, "/10dlc/phone_number_campaigns/%s", esc);
}

static struct outcome
step_assign(struct provisioner *p, struct number_work *w)
{
	long long first = p->app->cfg.provisioning_first_poll_s;
	struct outcome o = { "poll", first, NULL, NULL };
	struct prov_res res;
	cJSON *body;

	w->poll_interval_s = first;
	/* Already asked (a crash after the POST)? Then only wait. */
	if (prov_call(&p->prov, "GET", assignment_path(p, w->phone_number),
	    NULL, &res) == 0) {
		event(p, w->id, "assignment_found", "The assignment to %s "
		    "exists (%s).", w->campaign_id,
		    jstr(res.json, "assignmentStatus") ?
		    jstr(res.json, "assignmentStatus") : "?");
		prov_res_free(&res);
		return o;
	}
	if (res.status != 404) {	/* unknown: ask again later */
		o = provider_trouble(p, w, "Checking for an assignment", &res);
		prov_res_free(&res);
		return o;
	}
	prov_res_free(&res);
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "phoneNumber", w->phone_number);
	cJSON_AddStringToObject(body, "campaignId", w->campaign_id);
	if (prov_call(&p->prov, "POST", "/10dlc/phone_number_campaigns", body,
	    &res) == -1)
		o = provider_trouble(p, w, "Assigning the number to the use "
		    "case", &res);
	else
		event(p, w->id, "assignment_requested", "Asked the carriers to "
		    "provision %s for campaign %s.", w->phone_number,
		    w->campaign_id);
	cJSON_Delete(body);
	prov_res_free(&res);
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

static struct outcome
step_poll(struct provisioner *p, struct number_work *w)
{
	struct outcome o = { "poll", 0, NULL, NULL };
	const char *status, *why;
	struct prov_res res;

	if (prov_call(&p->prov, "GET", assignment_path(p, w->phone_number),
	    NULL, &res) == -1) {
		if (res.status == 404) {
			event(p, w->id, "assignment_missing", "The provider "
			    "has no assignment for %s; asking again.",
			    w->phone_number);
			prov_res_free(&res);
			return (struct outcome){ "assign", 0, NULL, NULL };
		}
		o = provider_trouble(p, w, "Checking provisioning", &res);
		prov_res_free(&res);
		return o;
	}
	status = jstr(res.json, "assignmentStatus");
	if (status == NULL)
		status = "unknown";
	if (strcmp(status, "ASSIGNED") == 0) {
		event(p, w->id, "assigned", "The carriers confirmed %s.",
		    w->phone_number);
		o.finish = "complete";
	} else if (strcmp(status, "FAILED_ASSIGNMENT") == 0) {
		why = jstr(res.json, "failureReasons");
		o.finish = "failed";
		o.reason = arena_printf(&p->a, "The carriers refused the "
		    "number: %s", why && *why ? why : "no reason given");
		event(p, w->id, "assignment_failed", "%s", o.reason);
	} else {
		o.delay_s = next_poll(p, w);
		event(p, w->id, "assignment_status", "%s; next check in "
		    "%lld s.", status, o.delay_s);
	}
	prov_res_free(&res);
	return o;
}

static int
release(struct provisioner *p, struct number_work *w)
{
	struct prov_res res;
	char path[256];
	int rc = 0;

	if (w->phone_number != NULL && prov_call(&p->prov, "DELETE",
	    assignment_path(p, w->phone_number), NULL, &res) == -1 &&
	    res.status != 404)
		rc = -1;
	prov_res_free(&res);
	snprintf(path, sizeof(path), "/phone_numbers/%s",
	    w->provider_number_id);
	if (rc == 0 && prov_call(&p->prov, "DELETE", path, NULL, &res) == -1 &&
	    res.status != 404)
		rc = -1;
	if (rc == -1) {
		event(p, w->id, "provider_error", "Releasing: %s", res.reason);
		prov_res_free(&res);
		return DB_RUN(&p->db, &p->a, DB_NUMBER_SAVE, NULL,
		    DB_STR(w->step), DB_STR(w->phone_number),
		    DB_STR(w->order_id), DB_STR(w->provider_number_id),
		    DB_INT(w->order_attempts), DB_INT(w->poll_interval_s),
		    DB_INT(p->app->cfg.provisioning_first_poll_s),
		    DB_INT(p->app->cfg.provisioning_deadline_minutes),
		    DB_INT(w->id), DB_STR(p->owner));
	}
	prov_res_free(&res);
	event(p, w->id, "released", "Released %s at the provider.",
	    w->phone_number ? w->phone_number : "the number");
	return DB_RUN(&p->db, &p->a, DB_NUMBER_RELEASED, NULL, DB_INT(w->id),
	    DB_STR(p->owner));
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
		return db_number_finish(&p->db, &p->a, w->id, p->owner,
		    o->finish, o->reason);
	}
	return DB_RUN(&p->db, &p->a, DB_NUMBER_SAVE, NULL, DB_STR(o->step),
	    DB_STR(w->phone_number), DB_STR(w->order_id),
	    DB_STR(w->provider_number_id), DB_INT(w->order_attempts),
	    DB_INT(w->poll_interval_s), DB_INT(o->delay_s),
	    DB_INT(p->app->cfg.provisioning_deadline_minutes), DB_INT(w->id),
	    DB_STR(p->owner));
}

/* Claims one number due for work and takes one step; 1 if it did. */
static int
work_one(struct provisioner *p)
{
	struct number_work w;
	struct outcome o;
	struct db_res res;

	snprintf(p->owner, sizeof(p->owner), "%ld-%08x", (long)getpid(),
	    randombytes_random());
	/* Provisioning first (served by an index), then releases. */
	if (DB_RUN(&p->db, &p->a, DB_NUMBER_CLAIM, &res, DB_STR(p->owner),
	    DB_INT(p->app->cfg.provisioning_lease_s)) == -1)
		return 0;
	if (res.affected == 0 && (DB_RUN(&p->db, &p->a, DB_NUMBER_CLAIM_RELEASE,
	    &res, DB_STR(p->owner), DB_INT(p->app->cfg.provisioning_lease_s)) ==
	    -1 || res.affected == 0))
		return 0;
	if (DB_RUN(&p->db, &p->a, DB_NUMBER_CLAIMED, &res,
	    DB_STR(p->owner)) == -1 || res.nrows != 1)
		return 0;
	memset(&w, 0, sizeof(w));
	w.id = db_cell_int(&res, 0, 0);
	w.step = db_cell(&res, 0, 1);
	w.area_codes = db_cell(&res, 0, 2);
	w.phone_number = db_cell(&res, 0, 3);
	w.order_id = db_cell(&res, 0, 4);
	w.provider_number_id = db_cell(&res, 0, 5);
	w.order_attempts = db_cell_int(&res, 0, 6);
	w.poll_interval_s = db_cell_int(&res, 0, 7);
	w.past_deadline = db_cell_int(&res, 0, 8) == 1;
	w.campaign_id = db_cell(&res, 0, 9);
	w.release = db_cell_int(&res, 0, 10) == 1;

	if (w.release)
		return release(p, &w) == 0;
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

/* Asks the provider for the status of new or pending use cases. */
static int
refresh_use_cases(struct provisioner *p)
{
	struct db_res res;
	struct prov_res pr;
	const char *id, *st, *status;
	char esc[128], *path;
	long long uc;
	size_t i;

	if (db_run(&p->db, &p->a, DB_USE_CASES_TO_CHECK, NULL, 0, &res) == -1)
		return 0;
	for (i = 0; i < res.nrows && !proc_stopping; i++) {
		uc = db_cell_int(&res, i, 0);
		id = db_cell(&res, i, 1);
		prov_query_escape(id, esc, sizeof(esc));
		path = arena_printf(&p->a, "/10dlc/campaign/%s", esc);
		if (prov_call(&p->prov, "GET", path, NULL, &pr) == -1) {
			if (pr.status == 404)
				(void)DB_RUN(&p->db, &p->a,
				    DB_USE_CASE_SET_STATUS, NULL,
				    DB_STR("rejected"), DB_STR("The provider "
				    "does not know this campaign id."),
				    DB_INT(uc));
			else
				(void)DB_RUN(&p->db, &p->a, DB_USE_CASE_TOUCH,
				    NULL, DB_STR(pr.reason), DB_INT(uc));
			prov_res_free(&pr);
			continue;
		}
		st = jstr(pr.json, "campaignStatus");
		if (st == NULL)
			st = "UNKNOWN";
		if (strcmp(st, "MNO_PROVISIONED") == 0)
			status = "approved";
		else if (strstr(st, "FAIL") || strstr(st, "REJECT") ||
		    strstr(st, "EXPIRED") || strstr(st, "SUSPEND"))
			status = "rejected";
		else
			status = "pending";
		(void)DB_RUN(&p->db, &p->a, DB_USE_CASE_SET_STATUS, NULL,
		    DB_STR(status), DB_STR(st), DB_INT(uc));
		log_info(NULL, "use case %lld: %s (%s)", uc, status, st);
		prov_res_free(&pr);
	}
	return res.nrows > 0;
}

int
role_provisioner_run(const struct app *app)
{
	struct provisioner p;
	time_t next_purge = 0;
	int busy;

	proc_signals(NULL);
	memset(&p, 0, sizeof(p));
	p.app = app;
	db_init(&p.db, &app->cfg);
	arena_init(&p.a, 65536);
	if (prov_init(&p.prov, &app->cfg) == -1)
		return 1;
	log_info(NULL, "provisioner started");
	while (!proc_stopping) {
		busy = refresh_use_cases(&p);
		busy |= work_one(&p);
		/* Scheduled campaign launches (launch.c): a launch mostly
		 * means ordering a number, so the role that orders them
		 * carries it out; claimed with SKIP LOCKED, any number of
		 * provisioners may run. */
		busy |= launch_due(&p.db, &p.a);
		/* Expired sessions and old failed sign-ins (any provisioner;
		 * the deletes are idempotent). */
		if (time(NULL) >= next_purge) {
			(void)housekeeping_run(&p.db, &p.a);
			next_purge = time(NULL) + app->cfg.purge_interval_s;
		}
		arena_reset(&p.a);
		if (!busy)	/* short: a woken number waits at most this */
			proc_nap(100);
	}
	prov_free(&p.prov);
	db_close(&p.db);
	arena_free(&p.a);
	log_info(NULL, "provisioner stopped");
	return 0;
}
