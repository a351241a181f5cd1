/*
 * mail_tls: the mailer's TLS context and libesmtp's TLS events; see
 * mail_tls.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stddef.h>	/* libesmtp.h is not self-contained */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <libesmtp.h>

#include "mail_tls.h"

static bool
is_ip_literal(const char *host)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
}

/* OpenSSL's last error as text, "" when there is none. */
static void
ssl_error_text(char *out, size_t len)
{
	unsigned long e = ERR_peek_last_error();

	out[0] = '\0';
	if (e != 0)
		ERR_error_string_n(e, out, len);
}

struct ssl_ctx_st *
mail_tls_ctx(const char *host, const char *ca_file, char *err, size_t errlen)
{
	X509_VERIFY_PARAM *param;
	SSL_CTX *ctx;
	char why[256];
	int ok;

	ERR_clear_error();
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		snprintf(err, errlen, "no TLS context");
		return NULL;
	}
	(void)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/*
	 * And at most TLS 1.2. A TLS 1.3 server sends its session tickets
	 * after the handshake; libesmtp 1.1 then waits in poll() for an
	 * answer OpenSSL has already read off the socket, and the session
	 * ends at smtp_timeout_ms without the message (one STARTTLS session
	 * in two failed so in the tests). TLS 1.2 sends no records after
	 * the handshake.
	 */
	(void)SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);	/* see mail_tls.h */
	if (ca_file != NULL)
		ok = SSL_CTX_load_verify_locations(ctx, ca_file, NULL);
	else
		ok = SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1) {
		ssl_error_text(why, sizeof(why));
		snprintf(err, errlen, "%s: %s", ca_file != NULL ? ca_file :
		    "the system's CA certificates", why);
		goto fail;
	}
	param = SSL_CTX_get0_param(ctx);
	if (is_ip_literal(host))
		ok = X509_VERIFY_PARAM_set1_ip_asc(param, host);
	else {
		X509_VERIFY_PARAM_set_hostflags(param,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		ok = X509_VERIFY_PARAM_set1_host(param, host, 0);
	}
	if (ok != 1) {
		snprintf(err, errlen, "smtp_host '%s' cannot be checked "
		    "against a certificate", host);
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void
mail_tls_ctx_free(struct ssl_ctx_st *ctx)
{
	SSL_CTX_free(ctx);
}

void
mail_tls_reset(struct mail_tls_note *n, const char *server)
{
	memset(n, 0, sizeof(*n));
	n->server = server;
	ERR_clear_error();
}

static void
refused(struct mail_tls_note *n, const char *what)
{
	snprintf(n->why, sizeof(n->why), "STARTTLS with the mail server %s: "
	    "%s; nothing was sent.", n->server, what);
}

int
mail_tls_event(struct mail_tls_note *n, int event, va_list ap)
{
	char what[400];
	const char *name;
	long result;
	SSL *ssl;
	int *ok;

	switch (event) {
	case SMTP_EV_STARTTLS_OK:
		ssl = va_arg(ap, SSL *);
		n->on = true;
		snprintf(n->version, sizeof(n->version), "%s",
		    SSL_get_version(ssl));
		return 1;
	case SMTP_EV_EXTNA_STARTTLS:
		snprintf(n->why, sizeof(n->why), "The mail server %s does not "
		    "offer STARTTLS, which smtp_starttls = required demands; "
		    "nothing was sent.", n->server);
		return 1;
	case SMTP_EV_INVALID_PEER_CERTIFICATE:
		result = va_arg(ap, long);
		ok = va_arg(ap, int *);
		*ok = 0;
		snprintf(what, sizeof(what), "its certificate was refused (%s)",
		    X509_verify_cert_error_string(result));
		refused(n, what);
		return 1;
	case SMTP_EV_WRONG_PEER_CERTIFICATE:
		/* libesmtp's own name check reads DNS names and the common
		 * name only; OpenSSL has already checked smtp_host, IP
		 * addresses included, or the certificate would have been
		 * refused just before. */
		ok = va_arg(ap, int *);
		name = va_arg(ap, const char *);
		ssl = va_arg(ap, SSL *);
		*ok = SSL_get_verify_result(ssl) == X509_V_OK;
		if (!*ok) {
			snprintf(what, sizeof(what), "its certificate is for "
			    "'%s'", name != NULL ? name : "");
			refused(n, what);
		}
		return 1;
	case SMTP_EV_NO_PEER_CERTIFICATE:
		ok = va_arg(ap, int *);
		*ok = 0;
		refused(n, "it presented no certificate");
		return 1;
	case SMTP_EV_WEAK_CIPHER:
		(void)va_arg(ap, int);
		ok = va_arg(ap, int *);
		*ok = 0;
		refused(n, "the cipher is too weak");
		return 1;
	case SMTP_EV_NO_CLIENT_CERTIFICATE:
		ok = va_arg(ap, int *);
		*ok = 0;
		refused(n, "a client certificate under $HOME has no usable key");
		return 1;
	case SMTP_EV_UNUSABLE_CLIENT_CERTIFICATE:
	case SMTP_EV_UNUSABLE_CA_LIST:
		refused(n, "a certificate file under $HOME is unusable (its "
		    "owner or mode)");
		return 1;
	default:
		return 0;
	}
}

int
mail_tls_handshake_error(struct mail_tls_note *n)
{
	char what[300], text[256];

	ssl_error_text(text, sizeof(text));
	if (text[0] == '\0')
		return 0;
	snprintf(what, sizeof(what), "the TLS handshake failed (%s)", text);
	refused(n, what);
	return 1;
}
