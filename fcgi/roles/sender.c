/*
 * sender: the background role that drains the outbound message queue to
 * the provider (POST /messages), any number of them side by side, on any
 * number of hosts.
 *
 * Pacing. A sender claims due messages in one transaction that also gives
 * each message without one a slot on its use case and its number
 * (pacing.h; the limits live in MariaDB, so every sender shares them):
 * those whose slot is now are leased (status 'sending', its owner token,
 * a lease time) and posted in parallel over kept-alive connections; the
 * others wait with their slot as next_attempt_at and are taken then. The
 * messenger never waits for any of it: a send only queues.
 *
 * Each outcome is recorded fenced by the owner token:
 *   2xx            sent, with the provider's id;
 *   429, 40318     queued again after Retry-After / x-ratelimit-reset (or
 *                  the ordinary back-off), for a new slot: not processed;
 *   no connection  queued again with back-off (the request never left),
 *                  failed after sender_max_attempts;
 *   409 40300      the contact sent STOP to the organization's messaging
 *                  profile: opted out of the organization as an inbound
 *                  STOP is, and the message failed with that reason;
 *   other 4xx      failed, with the provider's reason;
 *   5xx, timeout,  its fate is unknown: the provider may have sent it.
 *   lost answer    It is NEVER posted again on its own (Telnyx ignores
 *                  Idempotency-Key on POST /messages: a second POST is a
 *                  second text). For sender_reconcile_s the provider's
 *                  webhook naming our reference (ref= in the webhook_url)
 *                  may settle it; then the provider's records do
 *                  (send_settle.h): a record of it binds it, none by
 *                  sender_records_wait_s after the first POST makes it
 *                  'unknown', which only an admin may send again.
 * A sender that dies holding messages leaves them 'sending' until their
 * lease passes: they are settled the same way. Our reference is
 * launchline-<deployment>-message-<id> (refs.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "db_provider.h"
#include "db_conversations.h"
#include "db_send.h"
#include "log.h"
#include "proc.h"
#include "prov.h"
#include "refs.h"
#include "role.h"
#include "roles.h"
#include "send_settle.h"

#define IDLE_NAP_MS	50
#define EARLY_US	(IDLE_NAP_MS * 1000LL)	/* slots this close go now */
#define SETTLE_LOOK_S	1	/* between looks for unanswered messages */
#define SETTLE_BATCH	16	/* messages settled per look */
#define SETTLE_SKEW_S	300	/* records searched around the first POST */
#define SETTLE_MAX_RECORDS 32
#define BACKOFF_BASE_MS	1000
#define BACKOFF_CAP_MS	60000

struct sender {
	const struct app	*app;
	struct db		 db;
	struct prov		 prov;
	struct arena		 a;
	char			 owner[96];
	const char		*deployment;	/* db_deployment_id() */
	long long		 lease_s;
	struct send_limits	 limits;
	time_t			 settle_at;	/* the next look for unsettled */
};

/* 1, 2, 4 ... seconds, capped, with full jitter. */
static long long
backoff_ms(long long attempts)
{
	return prov_backoff_ms(attempts > 30 ? 30 : (int)attempts,
	    BACKOFF_BASE_MS, BACKOFF_CAP_MS, randombytes_random());
}

/* Writes one outcome (see the table at the top); a "sent" one is added
 * to *sent ([[id, provider id], ...]), written for the batch at once. */
static int
record(struct sender *s, const struct send_out *o, const struct prov_msg *m,
    struct buf *sent)
{
	const struct config *c = &s->app->cfg;
	struct db *db = &s->db;
	struct arena *a = &s->a;

	if (m->status >= 200 && m->status <= 299) {
		buf_addf(sent, "%s[%lld,", sent->len > 1 ? "," : "", o->id);
		buf_add_json_str(sent, m->id);
		buf_adds(sent, "]");
		return 0;
	}
	if (m->status == 429)
		return db_send_retry(db, a, s->owner, o->id,
		    m->retry_after_s > 0 ? m->retry_after_s * 1000 :
		    backoff_ms(o->attempts), m->reason);
	if (m->status == 0 && m->not_sent && o->attempts >= c->sender_max_attempts) {
		log_warn(NULL, "message %lld failed after %lld attempts: %s",
		    o->id, o->attempts, m->reason);
		return db_send_failed(db, a, s->owner, o->id, arena_printf(a,
		    "Not sent: the provider could not be reached in %lld "
		    "attempts (%s).", o->attempts, m->reason));
	}
	if (m->status == 0 && m->not_sent)
		return db_send_retry(db, a, s->owner, o->id,
		    backoff_ms(o->attempts), m->reason);
	if (m->stop_blocked) {
		log_warn(NULL, "message %lld: the contact sent STOP to the "
		    "organization's messaging profile; opting them out",
		    o->id);
		if (o->org_id > 0 && db_opt_out_in(db, a, o->org_id, o->to,
		    "provider_stop") == -1)
			return -1;
		return db_send_failed(db, a, s->owner, o->id, arena_printf(a,
		    "Not sent: the contact had texted STOP to this "
		    "organization's number, so the provider refused it (%s). "
		    "They are now opted out of the organization.", m->reason));
	}
	if (m->status >= 400 && m->status < 500 && m->status != 408 &&
	    m->status != 409) {
		log_warn(NULL, "message %lld failed: %s", o->id, m->reason);
		return db_send_failed(db, a, s->owner, o->id, m->reason);
	}
	log_warn(NULL, "message %lld: %s; its fate is unknown: waiting %ld s "
	    "for its webhook, then the provider's records", o->id, m->reason,
	    c->sender_reconcile_s);
	return db_send_unsettled(db, a, s->owner, o->id, c->sender_reconcile_s,
	    m->reason);
}

static void
new_owner(struct sender *s)
{
	snprintf(s->owner, sizeof(s->owner), "%ld-%08x", (long)getpid(),
	    randombytes_random());
}

/* Claims and sends one batch; the number of messages it handled (sent,
 * or given a later slot). */
static size_t
send_batch(struct sender *s)
{
	const struct config *c = &s->app->cfg;
	struct send_out *o;
	struct prov_msg *m;
	struct buf sent;
	size_t i, n, slotted;
	char *ref;

	if (s->deployment == NULL &&
	    db_deployment_id(&s->db, &s->a, &s->deployment) == -1) {
		s->deployment = NULL;
		return 0;
	}
	new_owner(s);
	if (db_send_claim(&s->db, &s->a, &s->limits, s->owner, s->lease_s,
	    (size_t)c->sender_batch, &o, &n, &slotted) == -1 || n == 0)
		return slotted;
	m = arena_alloc(&s->a, n * sizeof(*m));
	memset(m, 0, n * sizeof(*m));
	for (i = 0; i < n; i++) {
		m[i].from = o[i].from;
		m[i].to = o[i].to;
		m[i].text = o[i].body;
		m[i].profile = o[i].profile_id;
		ref = arena_alloc(&s->a, REFS_LEN);
		refs_message(ref, REFS_LEN, s->deployment, o[i].id);
		m[i].ref = ref;
	}
	if (prov_send(&s->prov, m, n) == -1) {
		log_error(NULL, "could not start sending %zu messages", n);
		return n;	/* their lease runs out; settled then */
	}
	/* One transaction for the batch's outcomes; one statement for all
	 * those sent. */
	buf_init(&sent, 1 << 20);
	buf_adds(&sent, "[");
	if (db_begin(&s->db) == -1) {
		buf_free(&sent);
		return n;
	}
	for (i = 0; i < n; i++)
		if (record(s, &o[i], &m[i], &sent) == -1)
			break;
	buf_adds(&sent, "]");
	if (i < n || sent.failed || (sent.len > 2 && db_send_sent(&s->db,
	    &s->a, s->owner, buf_str(&sent)) == -1) ||
	    db_commit(&s->db) == -1) {
		db_rollback(&s->db);
		log_error(NULL, "could not record %zu outcomes; the "
		    "messages are settled after their lease", n);
	}
	buf_free(&sent);
	log_debug(NULL, "sent a batch of %zu (%zu more given a later slot)",
	    n, slotted);
	return n + slotted;
}

/* GET /reports/mdrs for u: its records from our number to the contact
 * around its first POST (one attempt: the next look is the retry). */
static void
records_of(struct sender *s, const struct send_unsettled *u,
    struct prov_res *res)
{
	char from[64], to[64], since[64], until[64];
	char *path;

	prov_query_escape(u->from, from, sizeof(from));
	prov_query_escape(u->to, to, sizeof(to));
	prov_query_escape(u->since, since, sizeof(since));
	prov_query_escape(u->until, until, sizeof(until));
	path = arena_printf(&s->a, "/reports/mdrs?direction=OUTBOUND&cli=%s&"
	    "cld=%s&start_date=%s&end_date=%s", from, to, since, until);
	(void)prov_call_once(&s->prov, "GET", path, NULL, res);
}

/* Settles one message (send_settle.h) from the provider's records. */
static int
settle_one(struct sender *s, const struct send_unsettled *u)
{
	const struct config *c = &s->app->cfg;
	struct settle_record cand[SETTLE_MAX_RECORDS];
	const char *ids[SETTLE_MAX_RECORDS];
	bool known[SETTLE_MAX_RECORDS];
	struct settle_decision d;
	struct prov_res res;
	size_t i, n = 0;
	int rc = 0;

	records_of(s, u, &res);
	if (res.status >= 200 && res.status <= 299) {
		n = settle_candidates(res.json, u->from, u->to, cand,
		    SETTLE_MAX_RECORDS);
		for (i = 0; i < n; i++)
			ids[i] = cand[i].id;
		if (db_send_known_ids(&s->db, &s->a, ids, n, known) == -1) {
			prov_res_free(&res);
			return -1;
		}
	}
	settle_decide(res.status, res.reason, cand, known, n, u->waited_s,
	    c->sender_records_wait_s, &d);
	switch (d.action) {
	case SETTLE_BIND:
		log_info(NULL, "message %lld: found in the provider's records "
		    "as %s (%s)", u->id, d.provider_id, d.status);
		if (db_send_bind(&s->db, &s->a, s->owner, u->id, d.provider_id,
		    d.status, d.reason[0] != '\0' ? d.reason : NULL) == -1)
			rc = db_send_unsettled(&s->db, &s->a, s->owner, u->id,
			    c->sender_reconcile_s, "Its record was claimed by "
			    "another message meanwhile; looking again.");
		break;
	case SETTLE_LATER:
		log_info(NULL, "message %lld: %s", u->id, d.reason);
		rc = db_send_unsettled(&s->db, &s->a, s->owner, u->id,
		    c->sender_reconcile_s, d.reason);
		break;
	case SETTLE_UNKNOWN:
		log_warn(NULL, "message %lld is unknown: %s", u->id, d.reason);
		rc = db_send_unknown(&s->db, &s->a, s->owner, u->id, d.reason);
		break;
	}
	prov_res_free(&res);
	return rc;
}

/* Messages whose wait for an answer or a webhook is over: their fate from
 * the provider's records. The number looked at. */
static size_t
settle_batch(struct sender *s)
{
	struct send_unsettled *u;
	size_t i, n;

	new_owner(s);
	if (db_send_settle_claim(&s->db, &s->a, s->owner, s->lease_s,
	    SETTLE_SKEW_S, SETTLE_BATCH, &u, &n) == -1)
		return 0;
	for (i = 0; i < n && !proc_stopping; i++)
		if (settle_one(s, &u[i]) == -1)
			log_error(NULL, "message %lld: could not record what "
			    "its records say; looked at again after its lease",
			    u[i].id);
	return n;
}

static int
sender_start(void *self, const struct app *app)
{
	struct sender *s = self;

	s->app = app;
	/* Past the slowest POST, so a live sender never loses its lease. */
	s->lease_s = app->cfg.provider_timeout_ms / 1000 * 2 + 10;
	s->limits.use_case_per_minute = app->cfg.sender_use_case_per_minute;
	s->limits.number_per_minute = app->cfg.sender_number_per_minute;
	s->limits.early_us = EARLY_US;
	db_init(&s->db, &app->cfg);
	arena_init(&s->a, 256 * 1024);
	return prov_init(&s->prov, &app->cfg);
}

/* A batch of due messages; those whose answer never came, once their
 * wait is over (looking once a second is enough). */
static long
sender_round(void *self)
{
	struct sender *s = self;
	size_t n;

	n = send_batch(s);
	arena_reset(&s->a);
	if (time(NULL) >= s->settle_at) {
		n += settle_batch(s);
		arena_reset(&s->a);
		s->settle_at = time(NULL) + SETTLE_LOOK_S;
	}
	return n == 0 ? IDLE_NAP_MS : 0;
}

static void
sender_end(void *self)
{
	struct sender *s = self;

	prov_free(&s->prov);
	db_close(&s->db);
	arena_free(&s->a);
}

int
role_sender_run(const struct app *app)
{
	static const struct role_ops ops = { "sender", sender_start,
	    sender_round, sender_end };
	struct sender s;

	memset(&s, 0, sizeof(s));
	return role_run(app, &ops, &s);
}
