/*
 * sess_cache: the host's cache of live sessions, so a signed-in request
 * does not cost a database round trip each time. The master maps it before
 * forking its children, so every API worker shares one table (8,192
 * slots): a session one worker loaded serves the next request whichever
 * worker takes it.
 *
 * An entry is trusted only while (1) the host's auth epoch (epoch.h) is the
 * one it was loaded under: any committed change to sessions, users,
 * memberships or orgs made on this host, by a worker or the CLI, empties
 * the whole cache at once; (2) it is younger than the configured
 * seconds (session_cache_s), which bounds how late a change made from
 * another host is seen; and (3) the session has not expired.
 */
#ifndef LL_SESS_CACHE_H
#define LL_SESS_CACHE_H

#include <stdbool.h>
#include <time.h>

#include "db_accounts.h"

struct arena;
struct sess_cache;

/* A new shared cache; NULL when ttl_s is 0 (caching off) or memory is
 * short. Children forked after this share it. */
struct sess_cache *sess_cache_new(long ttl_s);
void	sess_cache_free(struct sess_cache *);
/* Copies a trusted entry for token_hash into *out (arena a); false if none. */
bool	sess_cache_get(struct sess_cache *, const char *token_hash,
	    unsigned long long epoch, time_t now, struct arena *a,
	    struct session *out);
/* Remembers s, loaded under epoch at time now. */
void	sess_cache_put(struct sess_cache *, const char *token_hash,
	    unsigned long long epoch, time_t now, const struct session *s);

#endif
