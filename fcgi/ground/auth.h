/*
 * auth: the cryptography of accounts, all from libsodium: Argon2id
 * password hashes, random tokens (base64url), token hashes (SHA-256 hex,
 * what the database stores) and constant-time comparison.
 */
#ifndef LL_AUTH_H
#define LL_AUTH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define AUTH_SESSION_BYTES	32	/* 256-bit session tokens */
#define AUTH_INVITE_BYTES	24	/* 192-bit invitation tokens */
#define AUTH_RESET_BYTES	32	/* 256-bit password reset tokens */
#define AUTH_HASH_HEX		64	/* a token hash: SHA-256 in hex */

int	 auth_init(void);		/* sodium_init; 0 / -1 */
/* Argon2id string into the arena; NULL on failure (out of memory). */
char	*auth_password_hash(struct arena *, const char *password);
bool	 auth_password_ok(const char *hash, const char *password);
/* Burns the time of one verification, so unknown accounts answer alike. */
void	 auth_password_dummy(const char *password);
char	*auth_token(struct arena *, size_t nbytes);
char	*auth_token_hash(struct arena *, const char *token);
bool	 auth_equal(const char *a, const char *b);

#endif
