/*
 * hook: webhook signatures; see hook.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "hook.h"

static int
b64_decode(const char *in, unsigned char *out, size_t want)
{
	size_t got = 0;

	if (in == NULL || sodium_base642bin(out, want, in, strlen(in), " \r\n",
	    &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != want)
		return -1;
	return 0;
}

int
hook_verify(const char *public_key_b64, const char *timestamp,
    const char *signature_b64, const char *body, size_t len, long now,
    const char **why)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sig[crypto_sign_BYTES];
	struct buf msg;
	char *end;
	long ts;
	int rc;

	if (b64_decode(public_key_b64, pk, sizeof(pk)) == -1) {
		*why = "no usable webhook public key is configured";
		return -1;
	}
	if (timestamp == NULL || signature_b64 == NULL) {
		*why = "the signature headers are missing";
		return -1;
	}
	ts = strtol(timestamp, &end, 10);
	if (end == timestamp || *end != '\0' ||
	    labs(now - ts) > HOOK_MAX_AGE_S) {
		*why = "the timestamp is missing or stale";
		return -1;
	}
	if (b64_decode(signature_b64, sig, sizeof(sig)) == -1) {
		*why = "the signature is malformed";
		return -1;
	}
	buf_init(&msg, len + 64);
	buf_adds(&msg, timestamp);
	buf_add(&msg, "|", 1);
	buf_add(&msg, body, len);
	rc = msg.failed ? -1 : crypto_sign_verify_detached(sig,
	    (const unsigned char *)msg.data, msg.len, pk);
	buf_free(&msg);
	if (rc != 0) {
		*why = "the signature does not match";
		return -1;
	}
	return 0;
}
