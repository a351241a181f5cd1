/*
 * mail_tls: STARTTLS (RFC 3207) for the mailer's SMTP sessions: the
 * OpenSSL context handed to libesmtp, and what libesmtp's TLS events mean.
 *
 * libesmtp 1.1 would otherwise build a context of its own from files under
 * $HOME (~/.authenticate/ca.pem, else OpenSSL's default paths), and 1.1.0
 * frees that shared context with the first session that used it. So the
 * mailer makes one context at start-up and gives it to every session
 * (smtp_starttls_set_ctx takes a reference):
 *
 *  - trust: the certificates of smtp_ca_file when set (a private relay's
 *    CA, the test sink's throwaway certificate), else the system's store;
 *  - the name: OpenSSL checks that the certificate names smtp_host, a DNS
 *    name or an IP address literal (RFC 6125), as part of verification;
 *  - TLS 1.2 at least.
 *
 * A failed verification does not stop the handshake: libesmtp reads the
 * result just after it, before any command goes inside TLS, and asks us
 * (SMTP_EV_INVALID_PEER_CERTIFICATE); we refuse, and keep OpenSSL's reason
 * for the email's last_error. Once STARTTLS has begun there is no going
 * back to plain text, whatever smtp_starttls says.
 */
#ifndef LL_MAIL_TLS_H
#define LL_MAIL_TLS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct ssl_ctx_st;

/* What one session's TLS events said. */
struct mail_tls_note {
	const char	*server;	/* host:port, for the messages */
	bool		 on;		/* the session went inside TLS */
	char		 version[16];	/* "TLSv1.3" */
	char		 why[512];	/* why it stopped, "" when it did not */
};

/*
 * A client context that trusts ca_file (NULL: the system's CAs) and wants
 * a certificate for host. NULL with err set when OpenSSL cannot use them.
 */
struct ssl_ctx_st *mail_tls_ctx(const char *host, const char *ca_file,
	    char *err, size_t errlen);
void	mail_tls_ctx_free(struct ssl_ctx_st *);

/* Before a session: an empty note, and OpenSSL's error queue emptied. */
void	mail_tls_reset(struct mail_tls_note *, const char *server);

/*
 * One event of libesmtp's callback, its arguments in ap. Answers the
 * questions the TLS events ask and notes the outcome. 1 when it was a TLS
 * event, 0 when not (ap untouched).
 */
int	mail_tls_event(struct mail_tls_note *, int event, va_list ap);

/*
 * After a session that failed without a TLS event (the handshake itself
 * broke): fills note->why from OpenSSL's error queue. 1 if there was an
 * error there, else 0.
 */
int	mail_tls_handshake_error(struct mail_tls_note *);

#endif
