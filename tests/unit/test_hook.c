/* Unit tests of hook.c: Ed25519 webhook signatures and timestamps. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "hook.h"

struct keys {
	unsigned char	pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];
	char		pk_b64[64];
};

static void
make_keys(struct keys *k)
{
	assert_int_equal(sodium_init() < 0, 0);
	crypto_sign_keypair(k->pk, k->sk);
	sodium_bin2base64(k->pk_b64, sizeof(k->pk_b64), k->pk, sizeof(k->pk),
	    sodium_base64_VARIANT_ORIGINAL);
}

static void
sign(const struct keys *k, const char *ts, const char *body, char *out,
    size_t outlen)
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[512];

	snprintf(msg, sizeof(msg), "%s|%s", ts, body);
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    strlen(msg), k->sk);
	sodium_bin2base64(out, outlen, sig, sizeof(sig),
	    sodium_base64_VARIANT_ORIGINAL);
}

static void
test_genuine_and_forged(void **state)
{
	const char *body = "{\"data\":{\"event_type\":\"x\"}}", *why;
	struct keys k, other;
	char sig[128];

	(void)state;
	make_keys(&k);
	make_keys(&other);
	sign(&k, "1800000000", body, sig, sizeof(sig));
	assert_int_equal(hook_verify(k.pk_b64, "1800000000", sig, body,
	    strlen(body), 1800000010, &why), 0);
	/* Another key, a changed body, a changed timestamp: refused. */
	assert_int_equal(hook_verify(other.pk_b64, "1800000000", sig, body,
	    strlen(body), 1800000010, &why), -1);
	assert_string_equal(why, "the signature does not match");
	assert_int_equal(hook_verify(k.pk_b64, "1800000000", sig, "{}", 2,
	    1800000010, &why), -1);
	assert_int_equal(hook_verify(k.pk_b64, "1800000001", sig, body,
	    strlen(body), 1800000010, &why), -1);
}

static void
test_stale_and_malformed(void **state)
{
	const char *body = "{}", *why;
	struct keys k;
	char sig[128];

	(void)state;
	make_keys(&k);
	sign(&k, "1800000000", body, sig, sizeof(sig));
	assert_int_equal(hook_verify(k.pk_b64, "1800000000", sig, body, 2,
	    1800000301, &why), -1);
	assert_string_equal(why, "the timestamp is missing or stale");
	assert_int_equal(hook_verify(k.pk_b64, NULL, sig, body, 2,
	    1800000000, &why), -1);
	assert_int_equal(hook_verify(k.pk_b64, "1800000000", "bm90IGEgc2ln",
	    body, 2, 1800000000, &why), -1);
	assert_string_equal(why, "the signature is malformed");
	assert_int_equal(hook_verify(NULL, "1800000000", sig, body, 2,
	    1800000000, &why), -1);
	assert_string_equal(why, "no usable webhook public key is configured");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genuine_and_forged),
		cmocka_unit_test(test_stale_and_malformed),
	};

	return cmocka_run_group_tests_name("hook", tests, NULL, NULL);
}
