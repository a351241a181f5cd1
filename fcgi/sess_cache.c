/*
 * sess_cache: a worker's cache of live sessions; see sess_cache.h.
 *
 * A fixed table of slots, chosen by the token hash (itself uniformly
 * random), each holding a deep copy of one session in its own arena.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "sess_cache.h"

#define SLOTS	64

struct slot {
	char			 hash[AUTH_HASH_HEX + 1];	/* "" = empty */
	unsigned long long	 epoch;
	time_t			 until;
	struct session		 s;
	struct arena		 a;
};

struct sess_cache {
	long		 ttl_s;
	struct slot	 slot[SLOTS];
};

struct sess_cache *
sess_cache_new(long ttl_s)
{
	struct sess_cache *c;
	size_t i;

	if (ttl_s <= 0 || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->ttl_s = ttl_s;
	for (i = 0; i < SLOTS; i++)
		arena_init(&c->slot[i].a, 1024);
	return c;
}

void
sess_cache_free(struct sess_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < SLOTS; i++)
		arena_free(&c->slot[i].a);
	free(c);
}

static struct slot *
slot_of(struct sess_cache *c, const char *hash)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < 8 && hash[i] != '\0'; i++)	/* hex of random bytes */
		v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' :
		    (hash[i] | 0x20) - 'a' + 10);
	return &c->slot[v % SLOTS];
}

/* A deep copy of s in arena a. */
static void
copy_session(struct arena *a, const struct session *s, struct session *out)
{
	size_t i, n = s->nmemberships;

	out->user_id = s->user_id;
	out->expires_at = s->expires_at;
	out->provisioning_emails = s->provisioning_emails;
	out->csrf_token = arena_strdup(a, s->csrf_token);
	out->email = arena_strdup(a, s->email);
	out->name = arena_strdup(a, s->name);
	out->nmemberships = n;
	out->memberships = arena_alloc(a, (n > 0 ? n : 1) *
	    sizeof(*out->memberships));
	for (i = 0; i < n; i++) {
		out->memberships[i].org_id = s->memberships[i].org_id;
		out->memberships[i].org_name = arena_strdup(a,
		    s->memberships[i].org_name);
		out->memberships[i].role = arena_strdup(a,
		    s->memberships[i].role);
	}
}

bool
sess_cache_get(struct sess_cache *c, const char *hash,
    unsigned long long epoch, time_t now, struct arena *a,
    struct session *out)
{
	struct slot *sl;

	if (c == NULL)
		return false;
	sl = slot_of(c, hash);
	if (sl->hash[0] == '\0' || strcmp(sl->hash, hash) != 0)
		return false;
	if (sl->epoch != epoch || now >= sl->until) {
		sl->hash[0] = '\0';
		return false;
	}
	copy_session(a, &sl->s, out);	/* the request may keep it */
	return true;
}

void
sess_cache_put(struct sess_cache *c, const char *hash,
    unsigned long long epoch, time_t now, const struct session *s)
{
	struct slot *sl;

	if (c == NULL || strlen(hash) != AUTH_HASH_HEX)
		return;
	sl = slot_of(c, hash);
	arena_reset(&sl->a);
	copy_session(&sl->a, s, &sl->s);
	memcpy(sl->hash, hash, AUTH_HASH_HEX + 1);
	sl->epoch = epoch;
	sl->until = now + c->ttl_s;
	if (s->expires_at < sl->until)
		sl->until = (time_t)s->expires_at;
}
