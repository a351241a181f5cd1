/*
 * mailer: the background role that drains the email outbox (sql/006)
 * through the SMTP relay of the configuration, with libesmtp. See issue 5.
 *
 * An email is claimed by lease (db_mail_claim, a fresh owner token each
 * time), composed (mail_content, mail_msg) and sent in a session of its
 * own. Every later write is fenced by the token, so several mailers, or
 * a restarted one, never work on one row at once. The outcome:
 *
 *  - The server answers the message's data with 2xx: the row is marked
 *    sent from libesmtp's event callback, at once, before QUIT. That
 *    keeps the one window where a crash makes a duplicate (the server has
 *    the message, our row does not say so yet) as small as SMTP allows:
 *    the time of one UPDATE after the 250 arrives.
 *  - No answer (refused, dropped, timed out) or 4xx: queued again after
 *    a back-off (mail_retry), until mail_max_attempts; then failed.
 *  - 5xx: failed at once, with the server's answer for the admins.
 *
 * STARTTLS (smtp_starttls) and the certificate checks are mail_tls's; a
 * session that TLS stops sends nothing and counts as a temporary failure
 * with the reason in last_error (a relay's TLS is fixed by its operator,
 * and the email should still go once it is).
 *
 * A session may never outlive the lease: an alarm set just short of it
 * ends the process (the master starts a new one), so no other mailer can
 * take the row over while this one still sends it. libesmtp connects
 * without a timeout of its own, so this also bounds a stuck connect.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>	/* libesmtp.h is not self-contained */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>	/* before libesmtp.h: smtp_starttls_set_ctx */
#include <auth-client.h>
#include <libesmtp.h>
#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "db_mail.h"
#include "log.h"
#include "mail_content.h"
#include "mail_msg.h"
#include "mailbox.h"
#include "mail_retry.h"
#include "mail_tls.h"
#include "proc.h"
#include "role.h"
#include "roles.h"

#define MESSAGE_LIMIT	(1 << 20)
#define IDLE_MS		500

struct mailer {
	const struct app	*app;
	struct db		 db;
	struct arena		 a;
	auth_context_t		 auth;		/* NULL without smtp_user */
	SSL_CTX			*tls_ctx;	/* NULL with smtp_starttls off */
	char			 helo[256];
	char			 from_addr[256], domain[256];
	char			 server[300];	/* host:port */
	/* The email in flight. */
	char			 owner[64];
	long long		 id;
	bool			 server_took;	/* 2xx to the message data */
	bool			 recorded;	/* ... and the row says sent */
	struct mail_tls_note	 tls;
};

/* libesmtp asks for the AUTH user and password here. */
static int
auth_interact(auth_client_request_t req, char **result, int fields,
    void *arg)
{
	const struct config *c = arg;
	int i;

	for (i = 0; i < fields; i++) {
		if (req[i].flags & AUTH_USER)
			result[i] = c->smtp_user;
		else if (req[i].flags & AUTH_PASS)
			result[i] = c->smtp_password;
		else
			result[i] = (char *)(uintptr_t)"";
		if (result[i] == NULL)
			return 0;
	}
	return 1;
}

/* No client certificates with passwords: never prompt on a terminal. */
static int
tls_password(char *buf, int buflen, int rwflag, void *arg)
{
	(void)buf;
	(void)buflen;
	(void)rwflag;
	(void)arg;
	return 0;
}

static void
record_sent(struct mailer *m)
{
	bool held = false;

	if (db_mail_sent(&m->db, &m->a, m->id, m->owner, &held) == -1)
		return;
	m->recorded = true;
	if (!held)
		log_warn(NULL, "email %lld: sent, but its lease was lost "
		    "meanwhile", m->id);
}

/*
 * libesmtp's events. SMTP_EV_MESSAGESENT comes as soon as the server has
 * answered the message's data, before QUIT: a 2xx is recorded right here.
 * The TLS events (certificates, STARTTLS missing) go to mail_tls.
 */
static void
on_event(smtp_session_t session, int event, void *arg, ...)
{
	struct mailer *m = arg;
	const smtp_status_t *st;
	smtp_message_t msg;
	va_list ap;

	(void)session;
	va_start(ap, arg);
	if (event != SMTP_EV_MESSAGESENT) {
		(void)mail_tls_event(&m->tls, event, ap);
		va_end(ap);
		return;
	}
	msg = va_arg(ap, smtp_message_t);
	va_end(ap);
	st = smtp_message_transfer_status(msg);
	if (st == NULL || st->code < 200 || st->code > 299)
		return;
	m->server_took = true;
	record_sent(m);
}

/* "451 4.3.0 text" on one line, from a status of the server. */
static const char *
status_text(struct arena *a, const smtp_status_t *st)
{
	const char *text = st->text != NULL ? st->text : "";
	char *s;
	size_t n;

	if (st->enh_class > 0)
		s = mail_one_line(a, arena_printf(a, "%d %d.%d.%d %s",
		    st->code, st->enh_class, st->enh_subject, st->enh_detail,
		    text));
	else
		s = mail_one_line(a, arena_printf(a, "%d %s", st->code, text));
	for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		s[n - 1] = '\0';	/* the answer's CRLF */
	return s;
}

/*
 * Why a session did not deliver: what stopped TLS, else the first refusal
 * of the server (MAIL, RCPT, then the data), else what went wrong on the
 * connection. Returns the reply code, 0 when there was none.
 */
static int
why_not(struct mailer *m, int ok, smtp_message_t msg, smtp_recipient_t rcpt,
    const char **why)
{
	const smtp_status_t *st[3];
	char err[256];
	size_t i;

	if (m->tls.why[0] != '\0' ||
	    (!ok && !m->tls.on && mail_tls_handshake_error(&m->tls))) {
		*why = arena_strdup(&m->a, m->tls.why);
		return 0;
	}
	st[0] = smtp_reverse_path_status(msg);
	st[1] = smtp_recipient_status(rcpt);
	st[2] = smtp_message_transfer_status(msg);
	for (i = 0; i < 3; i++)
		if (st[i] != NULL && st[i]->code >= 400) {
			*why = status_text(&m->a, st[i]);
			return st[i]->code;
		}
	if (!ok) {
		smtp_strerror(smtp_errno(), err, sizeof(err));
		*why = arena_printf(&m->a, "No answer from the mail server "
		    "%s: %s", m->server, err);
	} else
		*why = arena_printf(&m->a, "The mail server %s ended the "
		    "session without taking the message.", m->server);
	return 0;
}

/* One SMTP session for the message; fills the outcome's code and why. */
static void
send_one(struct mailer *m, const struct mail_job *j, char *message,
    int *code, const char **why)
{
	const struct config *c = &m->app->cfg;
	smtp_session_t s;
	smtp_message_t msg;
	smtp_recipient_t rcpt;
	long watchdog;
	int ok;

	*code = 0;
	*why = "The mail library could not start a session.";
	if ((s = smtp_create_session()) == NULL)
		return;
	msg = smtp_add_message(s);
	if (msg == NULL || !smtp_set_server(s, m->server) ||
	    !smtp_set_hostname(s, m->helo) ||
	    !smtp_set_eventcb(s, on_event, m) ||
	    !smtp_starttls_enable(s, strcmp(c->smtp_starttls, "required") ==
	    0 ? Starttls_REQUIRED : strcmp(c->smtp_starttls, "off") == 0 ?
	    Starttls_DISABLED : Starttls_ENABLED) ||
	    (m->tls_ctx != NULL && !smtp_starttls_set_ctx(s, m->tls_ctx)) ||
	    (m->auth != NULL && !smtp_auth_set_context(s, m->auth)) ||
	    !smtp_set_reverse_path(msg, m->from_addr) ||
	    (rcpt = smtp_add_recipient(msg, j->to_addr)) == NULL ||
	    !smtp_set_message_str(msg, message))
		goto out;
	smtp_set_timeout(s, Timeout_GREETING | Timeout_OVERRIDE_RFC2822_MINIMUM,
	    c->smtp_timeout_ms);
	smtp_set_timeout(s, Timeout_ENVELOPE | Timeout_OVERRIDE_RFC2822_MINIMUM,
	    c->smtp_timeout_ms);
	smtp_set_timeout(s, Timeout_DATA | Timeout_OVERRIDE_RFC2822_MINIMUM,
	    c->smtp_timeout_ms);
	smtp_set_timeout(s, Timeout_TRANSFER | Timeout_OVERRIDE_RFC2822_MINIMUM,
	    c->smtp_timeout_ms);
	smtp_set_timeout(s, Timeout_DATA2 | Timeout_OVERRIDE_RFC2822_MINIMUM,
	    c->smtp_timeout_ms);

	/* Never outlive the lease (see the top of this file). */
	watchdog = c->mail_lease_s - (c->mail_lease_s > 20 ?
	    c->mail_lease_s / 10 : 2);
	mail_tls_reset(&m->tls, m->server);
	alarm((unsigned)watchdog);
	ok = smtp_start_session(s);
	alarm(0);
	if (!m->server_took)
		*code = why_not(m, ok, msg, rcpt, why);
	else
		*code = 250;
out:
	smtp_destroy_session(s);
}

/* The email's outcome, written to its row. */
static void
settle(struct mailer *m, const struct mail_job *j, int code, const char *why)
{
	const struct config *c = &m->app->cfg;
	long long delay;
	bool held = true;
	int i;

	switch (mail_retry_outcome(code, j->attempts, c->mail_max_attempts)) {
	case MAIL_SENT:
		/* The server has it; the callback could not record it (the
		 * database was away?): insist while the lease lasts. */
		for (i = 0; i < 20 && !m->recorded; i++) {
			proc_nap(250);
			record_sent(m);
		}
		if (!m->recorded)
			log_error(NULL, "email %lld: delivered but not "
			    "recorded; it will be sent again", j->id);
		else
			log_info(NULL, "email %lld (%s) sent, attempt %lld, "
			    "%s", j->id, mail_kind_name(j->ev.kind),
			    j->attempts, m->tls.on ? m->tls.version :
			    "without TLS");
		return;
	case MAIL_RETRY:
		delay = mail_retry_delay_ms(j->attempts, c->mail_retry_first_s,
		    c->mail_retry_cap_s, randombytes_random());
		log_warn(NULL, "email %lld: attempt %lld failed, again in "
		    "%lld ms: %s", j->id, j->attempts, delay, why);
		if (db_mail_retry(&m->db, &m->a, j->id, m->owner, why, delay,
		    &held) == -1)
			log_error(NULL, "email %lld: could not save", j->id);
		break;
	case MAIL_FAIL:
		if (code < 500)
			why = arena_printf(&m->a, "%s (gave up after %lld "
			    "attempts)", why, j->attempts);
		log_warn(NULL, "email %lld failed: %s", j->id, why);
		if (db_mail_failed(&m->db, &m->a, j->id, m->owner, why,
		    &held) == -1)
			log_error(NULL, "email %lld: could not save", j->id);
		break;
	}
	if (!held)
		log_warn(NULL, "email %lld: lease lost before its outcome was "
		    "saved", j->id);
}

/* Claims one due email and sends it: 1 if there was one, 0 if not,
 * -1 when the database failed. */
static int
mail_one(struct mailer *m)
{
	const struct config *c = &m->app->cfg;
	char token[17], boundary[33];
	struct mail_content content;
	struct mail_msg msg;
	struct mail_job j;
	struct buf out;
	const char *why;
	bool held;
	int rc, code;

	snprintf(m->owner, sizeof(m->owner), "mailer-%ld-%08x",
	    (long)getpid(), randombytes_random());
	snprintf(token, sizeof(token), "%08x%08x", randombytes_random(),
	    randombytes_random());
	if ((rc = db_mail_claim(&m->db, &m->a, m->owner, c->mail_lease_s,
	    token, m->domain, &j)) != 1)
		return rc;
	m->id = j.id;
	m->server_took = m->recorded = false;

	j.ev.public_url = c->public_url;
	mail_content_build(&m->a, &j.ev, &content);
	snprintf(boundary, sizeof(boundary), "ll%08x%08x%08x%06x",
	    randombytes_random(), randombytes_random(), randombytes_random(),
	    randombytes_uniform(1u << 24));
	memset(&msg, 0, sizeof(msg));
	msg.from = c->mail_from;
	msg.reply_to = c->mail_reply_to;
	msg.to_name = j.ev.recipient_name;
	msg.to_addr = j.to_addr;
	msg.subject = content.subject;
	msg.text = content.text;
	msg.html = content.html;
	msg.message_id = j.message_id;
	msg.date = time(NULL);
	msg.boundary = boundary;
	buf_init(&out, MESSAGE_LIMIT);
	if (mail_msg_compose(&out, &msg) == -1) {
		why = "The email could not be composed: the recipient's "
		    "address cannot be used.";
		log_warn(NULL, "email %lld: %s", j.id, why);
		if (db_mail_failed(&m->db, &m->a, j.id, m->owner, why,
		    &held) == -1)
			log_error(NULL, "email %lld: could not save", j.id);
		buf_free(&out);
		return 1;
	}
	send_one(m, &j, out.data, &code, &why);
	settle(m, &j, code, why);
	buf_free(&out);
	return 1;
}

static int
mailer_init(struct mailer *m, const struct app *app)
{
	const struct config *c = &app->cfg;
	char err[512];

	memset(m, 0, sizeof(*m));
	m->app = app;
	db_init(&m->db, c);
	arena_init(&m->a, 65536);
	if (mailbox_parse(c->mail_from, NULL, 0, m->from_addr,
	    sizeof(m->from_addr)) == -1) {
		log_error(NULL, "mail_from is not a mailbox");
		return -1;
	}
	snprintf(m->domain, sizeof(m->domain), "%s",
	    strrchr(m->from_addr, '@') + 1);
	snprintf(m->server, sizeof(m->server), "%s:%ld", c->smtp_host,
	    c->smtp_port);
	if (c->smtp_helo_name != NULL)
		snprintf(m->helo, sizeof(m->helo), "%s", c->smtp_helo_name);
	else if (gethostname(m->helo, sizeof(m->helo)) == -1 ||
	    m->helo[0] == '\0')
		snprintf(m->helo, sizeof(m->helo), "localhost");
	m->helo[sizeof(m->helo) - 1] = '\0';
	smtp_starttls_set_password_cb(tls_password, NULL);
	if (strcmp(c->smtp_starttls, "off") != 0 &&
	    (m->tls_ctx = mail_tls_ctx(c->smtp_host, c->smtp_ca_file, err,
	    sizeof(err))) == NULL) {
		log_error(NULL, "STARTTLS cannot be set up: %s", err);
		return -1;
	}
	/* libesmtp looks for client certificates under $HOME, which a
	 * service may lack: give it one that holds none. */
	if (getenv("HOME") == NULL)
		(void)setenv("HOME", "/nonexistent", 0);
	if (c->smtp_user != NULL) {
		auth_client_init();
		if ((m->auth = auth_create_context()) == NULL)
			return -1;
		/* PLAIN and LOGIN send the password as it is: fine inside
		 * TLS, which smtp_starttls = required guarantees. */
		auth_set_mechanism_flags(m->auth, AUTH_PLUGIN_PLAIN, 0);
		auth_set_interact_cb(m->auth, auth_interact,
		    (void *)(uintptr_t)c);
		if (c->smtp_password == NULL)
			log_warn(NULL, "smtp_user is set but no password "
			    "(smtp_password_file)");
		if (strcmp(c->smtp_starttls, "required") != 0 &&
		    strcmp(c->smtp_host, "localhost") != 0 &&
		    strncmp(c->smtp_host, "127.", 4) != 0 &&
		    strcmp(c->smtp_host, "::1") != 0)
			log_warn(NULL, "smtp_user is set without smtp_starttls "
			    "= required: the password may cross the network "
			    "unencrypted");
	}
	return 0;
}

static int
mailer_start(void *self, const struct app *app)
{
	struct mailer *m = self;

	if (mailer_init(m, app) == -1)
		return -1;
	log_info(NULL, "mailer: relay %s, STARTTLS %s, trusting %s",
	    m->server, app->cfg.smtp_starttls, app->cfg.smtp_ca_file != NULL ?
	    app->cfg.smtp_ca_file : "the system's CAs");
	return 0;
}

/* One email; a rest when none is due, a longer one after a failure. */
static long
mailer_round(void *self)
{
	struct mailer *m = self;
	int busy = mail_one(m);

	arena_reset(&m->a);
	return busy > 0 ? 0 : busy == 0 ? IDLE_MS : 2000;
}

static void
mailer_end(void *self)
{
	struct mailer *m = self;

	if (m->auth != NULL) {
		auth_destroy_context(m->auth);
		auth_client_exit();
	}
	mail_tls_ctx_free(m->tls_ctx);
	db_close(&m->db);
	arena_free(&m->a);
}

int
role_mailer_run(const struct app *app)
{
	static const struct role_ops ops = { "mailer", mailer_start,
	    mailer_round, mailer_end };
	struct mailer m;

	memset(&m, 0, sizeof(m));
	return role_run(app, &ops, &m);
}
