/*
 * hook: checking a provider webhook's Ed25519 signature. Telnyx signs
 * "<telnyx-timestamp>|<raw body>"; the signature (base64) comes in the
 * telnyx-signature-ed25519 header and is checked with the account's public
 * key (base64, from the configuration). Stale timestamps are refused so a
 * captured delivery cannot be replayed later.
 */
#ifndef LL_HOOK_H
#define LL_HOOK_H

#include <stddef.h>

#define HOOK_MAX_AGE_S	300

/* 0 when genuine; -1 with *why set to a static reason. Pure. */
int	hook_verify(const char *public_key_b64, const char *timestamp,
	    const char *signature_b64, const char *body, size_t len, long now,
	    const char **why);

#endif
