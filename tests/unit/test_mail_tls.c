/*
 * Unit tests of mail_tls.c (the mailer's TLS context and what libesmtp's
 * TLS events become) and of the smtp_ca_file key. The SMTP conversation
 * itself is tested end to end by tests/api/mail-tls.test.js.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/ssl.h>
#include <libesmtp.h>

#include "config.h"
#include "mail_tls.h"

/* libesmtp calls its event callback with variable arguments: the same. */
static int
event(struct mail_tls_note *n, int ev, ...)
{
	va_list ap;
	int rc;

	va_start(ap, ev);
	rc = mail_tls_event(n, ev, ap);
	va_end(ap);
	return rc;
}

/* A temporary file holding text; its path in path. */
static void
temp_file(char path[64], const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/test_mail_tls.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_ctx(void **state)
{
	SSL_CTX *ctx;
	char err[512] = "", path[64];

	(void)state;
	ctx = mail_tls_ctx("127.0.0.1", "/nonexistent/ca.pem", err,
	    sizeof(err));
	assert_null(ctx);
	assert_non_null(strstr(err, "/nonexistent/ca.pem"));

	temp_file(path, "not a certificate\n");
	err[0] = '\0';
	assert_null(mail_tls_ctx("relay.example.org", path, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	unlink(path);

	/* The system's CAs; an IP address or a DNS name to check. */
	ctx = mail_tls_ctx("127.0.0.1", NULL, err, sizeof(err));
	assert_non_null(ctx);
	mail_tls_ctx_free(ctx);
	ctx = mail_tls_ctx("relay.example.org", NULL, err, sizeof(err));
	assert_non_null(ctx);
	assert_int_equal(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
	mail_tls_ctx_free(ctx);
}

static void
test_events(void **state)
{
	struct mail_tls_note n;
	SSL_CTX *ctx;
	SSL *ssl;
	char err[256];
	int ok;

	(void)state;
	mail_tls_reset(&n, "relay.example.org:587");
	assert_int_equal(event(&n, SMTP_EV_MESSAGESENT, NULL), 0);
	assert_string_equal(n.why, "");

	assert_int_equal(event(&n, SMTP_EV_EXTNA_STARTTLS, NULL), 1);
	assert_non_null(strstr(n.why, "relay.example.org:587 does not offer "
	    "STARTTLS"));
	assert_non_null(strstr(n.why, "nothing was sent"));

	mail_tls_reset(&n, "relay.example.org:587");
	ok = 1;
	assert_int_equal(event(&n, SMTP_EV_INVALID_PEER_CERTIFICATE,
	    (long)X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, &ok, NULL), 1);
	assert_int_equal(ok, 0);
	assert_non_null(strstr(n.why, "certificate was refused"));
	assert_non_null(strstr(n.why, "self-signed certificate"));

	mail_tls_reset(&n, "relay.example.org:587");
	ok = 1;
	assert_int_equal(event(&n, SMTP_EV_NO_PEER_CERTIFICATE, &ok), 1);
	assert_int_equal(ok, 0);
	assert_non_null(strstr(n.why, "no certificate"));

	/* libesmtp's own name check is overruled only when OpenSSL's
	 * verification, which checked smtp_host, passed. */
	ctx = mail_tls_ctx("relay.example.org", NULL, err, sizeof(err));
	assert_non_null(ctx);
	ssl = SSL_new(ctx);
	assert_non_null(ssl);
	mail_tls_reset(&n, "relay.example.org:587");
	SSL_set_verify_result(ssl, X509_V_OK);
	ok = 0;
	assert_int_equal(event(&n, SMTP_EV_WRONG_PEER_CERTIFICATE, &ok,
	    "other.example.org", ssl), 1);
	assert_int_equal(ok, 1);
	assert_string_equal(n.why, "");
	SSL_set_verify_result(ssl, X509_V_ERR_HOSTNAME_MISMATCH);
	assert_int_equal(event(&n, SMTP_EV_WRONG_PEER_CERTIFICATE, &ok,
	    "other.example.org", ssl), 1);
	assert_int_equal(ok, 0);
	assert_non_null(strstr(n.why, "'other.example.org'"));

	mail_tls_reset(&n, "relay.example.org:587");
	assert_int_equal(event(&n, SMTP_EV_STARTTLS_OK, ssl, "TLS_AES_256_GCM",
	    256), 1);
	assert_true(n.on);
	assert_string_equal(n.why, "");
	SSL_free(ssl);
	mail_tls_ctx_free(ctx);

	/* Nothing in OpenSSL's queue: no handshake error to report. */
	mail_tls_reset(&n, "relay.example.org:587");
	assert_int_equal(mail_tls_handshake_error(&n), 0);
}

static void
test_config_key(void **state)
{
	struct config c;
	char err[512] = "", path[64];

	(void)state;
	assert_int_equal(config_parse(&c, "workers = 1\n", "t.conf", err,
	    sizeof(err)), 0);
	assert_null(c.smtp_ca_file);
	config_free(&c);
	assert_int_equal(config_parse(&c, "smtp_ca_file = /etc/x/ca.pem\n",
	    "t.conf", err, sizeof(err)), 0);
	assert_string_equal(c.smtp_ca_file, "/etc/x/ca.pem");
	config_free(&c);

	/* Loading a configuration checks that the file can be read. */
	temp_file(path, "smtp_ca_file = /nonexistent/ca.pem\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "smtp_ca_file: cannot read "
	    "/nonexistent/ca.pem"));
	config_free(&c);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctx),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_config_key),
	};

	return cmocka_run_group_tests_name("mail_tls", tests, NULL, NULL);
}
