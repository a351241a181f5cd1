/*
 * sender: the background role that drains the outbound message queue to
 * the provider (POST /messages), any number of them side by side.
 *
 * A sender leases due messages (SELECT ... FOR UPDATE SKIP LOCKED, then
 * status 'sending' with its owner token and a lease time: two statements
 * a batch), posts them in parallel over kept-alive connections, and
 * records each outcome fenced by its token:
 *   2xx            sent, with the provider's id;
 *   429            queued again after Retry-After (it was not processed);
 *   no connection  queued again with back-off (the request never left);
 *   other 4xx      failed, with the provider's reason;
 *   5xx, timeout,  the fate is unknown: the provider may have taken it.
 *   lost answer    It stays 'sending' for sender_reconcile_s, during which
 *                  the provider's webhook naming our reference (ref= in
 *                  the webhook_url we gave) settles it; only then is it
 *                  posted again, with the same Idempotency-Key, so the
 *                  provider answers with the first result instead of
 *                  sending twice.
 * A sender that dies holding messages leaves them 'sending' until their
 * lease passes: the same reconciliation then applies. Every message
 * carries our reference launchline-message-<id>.
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
#include "db_texting.h"
#include "log.h"
#include "proc.h"
#include "prov.h"
#include "roles.h"

#define IDLE_NAP_MS	50
#define RECONCILE_LOOK_S	1	/* between looks for unanswered messages */
#define BACKOFF_CAP_S	60

struct sender {
	const struct app	*app;
	struct db		 db;
	struct prov		 prov;
	struct arena		 a;
	char			 owner[96];
	long long		 lease_s;
};

/* 1, 2, 4 ... seconds, capped. */
static long long
backoff_s(long long attempts)
{
	long long s = 1;

	while (attempts-- > 1 && s < BACKOFF_CAP_S)
		s *= 2;
	return s > BACKOFF_CAP_S ? BACKOFF_CAP_S : s;
}

/* Writes one outcome (see the table at the top); a "sent" one is added
 * to *sent ([[id, provider id], ...]), written for the batch at once. */
static int
record(struct sender *s, const struct tx_outgoing *o, const struct prov_msg *m,
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
		return db_tx_send_retry(db, a, s->owner, o->id, "queued",
		    m->retry_after_s > 0 ? m->retry_after_s : 1, m->reason);
	if (m->status == 0 && m->not_sent)
		return db_tx_send_retry(db, a, s->owner, o->id, "queued",
		    backoff_s(o->attempts), m->reason);
	if (m->status >= 400 && m->status < 500 && m->status != 408 &&
	    m->status != 409) {
		log_warn(NULL, "message %lld failed: %s", o->id, m->reason);
		return db_tx_send_failed(db, a, s->owner, o->id, m->reason);
	}
	if (o->attempts >= c->sender_max_attempts) {
		log_warn(NULL, "message %lld failed after %lld attempts: %s",
		    o->id, o->attempts, m->reason);
		return db_tx_send_failed(db, a, s->owner, o->id, arena_printf(a,
		    "No answer from the provider after %lld attempts (%s).",
		    o->attempts, m->reason));
	}
	log_warn(NULL, "message %lld: %s; reconciling in %ld s", o->id,
	    m->reason, c->sender_reconcile_s);
	return db_tx_send_retry(db, a, s->owner, o->id, "sending",
	    c->sender_reconcile_s, m->reason);
}

/* Claims and sends one batch; the number of messages it handled. */
static size_t
send_batch(struct sender *s, const char *status)
{
	const struct config *c = &s->app->cfg;
	struct tx_outgoing *o;
	struct prov_msg *m;
	struct buf sent;
	size_t i, n;

	snprintf(s->owner, sizeof(s->owner), "%ld-%08x", (long)getpid(),
	    randombytes_random());
	if (db_tx_send_claim(&s->db, &s->a, s->owner, status, s->lease_s,
	    (size_t)c->sender_batch, &o, &n) == -1 || n == 0)
		return 0;
	m = arena_alloc(&s->a, n * sizeof(*m));
	memset(m, 0, n * sizeof(*m));
	for (i = 0; i < n; i++) {
		m[i].from = o[i].from;
		m[i].to = o[i].to;
		m[i].text = o[i].body;
		m[i].ref = arena_printf(&s->a, "launchline-message-%lld",
		    o[i].id);
	}
	if (prov_send(&s->prov, m, n) == -1) {
		log_error(NULL, "could not start sending %zu messages", n);
		return n;	/* their lease runs out; reconciled then */
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
	if (i < n || sent.failed || (sent.len > 2 && db_tx_send_sent(&s->db,
	    &s->a, s->owner, buf_str(&sent)) == -1) ||
	    db_commit(&s->db) == -1) {
		db_rollback(&s->db);
		log_error(NULL, "could not record %zu outcomes; the "
		    "messages are reconciled after their lease", n);
	}
	buf_free(&sent);
	log_debug(NULL, "sent a batch of %zu (%s)", n, status);
	return n;
}

int
role_sender_run(const struct app *app)
{
	struct sender s;
	time_t reconcile_at = 0;
	size_t n;

	proc_signals(NULL);
	memset(&s, 0, sizeof(s));
	s.app = app;
	/* Past the slowest POST, so a live sender never loses its lease. */
	s.lease_s = app->cfg.provider_timeout_ms / 1000 * 2 + 10;
	db_init(&s.db, &app->cfg);
	arena_init(&s.a, 256 * 1024);
	if (prov_init(&s.prov, &app->cfg) == -1)
		return 1;
	log_info(NULL, "sender started");
	while (!proc_stopping) {
		n = send_batch(&s, "queued");
		arena_reset(&s.a);
		/* Those whose answer never came, once their wait is over
		 * (sender_reconcile_s): looking once a second is enough. */
		if (time(NULL) >= reconcile_at) {
			n += send_batch(&s, "sending");
			arena_reset(&s.a);
			reconcile_at = time(NULL) + RECONCILE_LOOK_S;
		}
		if (n == 0)
			proc_nap(IDLE_NAP_MS);
	}
	prov_free(&s.prov);
	db_close(&s.db);
	arena_free(&s.a);
	log_info(NULL, "sender stopped");
	return 0;
}
