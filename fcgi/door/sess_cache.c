/*
 * sess_cache: the host's cache of live sessions; see sess_cache.h.
 *
 * A fixed table of slots in one shared anonymous mapping. A token may sit
 * in either of two slots chosen by its hash (itself uniformly random); a
 * new entry takes the one of the two that is free or ends first, so
 * thousands of live texters rarely push each other out. A slot holds one
 * session packed into bytes, guarded by a sequence count (a seqlock): odd
 * while a writer fills it. A reader copies the slot and keeps the copy only if the count
 * was even and unchanged across the copy; a writer that finds the slot
 * taken by another writer simply does not cache. A writer killed halfway
 * leaves its slot odd: that one slot stays a miss, nothing worse.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "auth.h"
#include "sess_cache.h"

#define SLOTS		8192	/* ~5 MB, pages touched as they fill */
#define DATA_MAX	600	/* packed session bytes; larger ones go uncached */

struct entry {
	char			 hash[AUTH_HASH_HEX + 1];	/* "" = empty */
	unsigned long long	 epoch;
	long long		 until;
	size_t			 len;
	unsigned char		 data[DATA_MAX];
};

struct slot {
	_Atomic unsigned	 seq;
	struct entry		 e;
};

struct sess_cache {
	long		 ttl_s;
	struct slot	 slot[SLOTS];
};

struct sess_cache *
sess_cache_new(long ttl_s)
{
	struct sess_cache *c;

	if (ttl_s <= 0)
		return NULL;
	/* Zero-filled, shared with every child forked after this. */
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	c->ttl_s = ttl_s;
	return c;
}

void
sess_cache_free(struct sess_cache *c)
{
	if (c != NULL)
		munmap(c, sizeof(*c));
}

/* The k-th (0 or 1) slot token hash may sit in: from its first or its
 * next eight hex digits. */
static struct slot *
slot_of(struct sess_cache *c, const char *hash, int k)
{
	unsigned v = 0;
	size_t i;

	for (i = (size_t)k * 8; i < (size_t)k * 8 + 8 && hash[i] != '\0'; i++)
		v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' :
		    (hash[i] | 0x20) - 'a' + 10);
	return &c->slot[v % SLOTS];
}

/* --- packing: integers as 8 bytes, strings NUL-terminated ---------------- */

struct pack {
	unsigned char	*p;
	size_t		 len, cap;
	bool		 ok;
};

static void
put_bytes(struct pack *k, const void *v, size_t n)
{
	if (!k->ok || k->cap - k->len < n) {
		k->ok = false;
		return;
	}
	memcpy(k->p + k->len, v, n);
	k->len += n;
}

static void
put_int(struct pack *k, long long v)
{
	put_bytes(k, &v, sizeof(v));
}

static void
put_str(struct pack *k, const char *s)
{
	put_bytes(k, s ? s : "", strlen(s ? s : "") + 1);
}

static long long
get_int(struct pack *k)
{
	long long v = 0;

	if (!k->ok || k->cap - k->len < sizeof(v)) {
		k->ok = false;
		return 0;
	}
	memcpy(&v, k->p + k->len, sizeof(v));
	k->len += sizeof(v);
	return v;
}

static const char *
get_str(struct pack *k, struct arena *a)
{
	const unsigned char *end;
	const char *s;

	if (!k->ok || (end = memchr(k->p + k->len, '\0', k->cap - k->len)) ==
	    NULL) {
		k->ok = false;
		return "";
	}
	s = arena_strdup(a, (const char *)k->p + k->len);
	k->len = (size_t)(end - k->p) + 1;
	return s;
}

static bool
pack_session(const struct session *s, struct entry *e)
{
	struct pack k = { e->data, 0, sizeof(e->data), true };
	size_t i;

	put_int(&k, s->user_id);
	put_int(&k, s->expires_at);
	put_int(&k, s->provisioning_emails);
	put_int(&k, (long long)s->nmemberships);
	put_str(&k, s->csrf_token);
	put_str(&k, s->email);
	put_str(&k, s->name);
	for (i = 0; i < s->nmemberships; i++) {
		put_int(&k, s->memberships[i].org_id);
		put_str(&k, s->memberships[i].org_name);
		put_str(&k, s->memberships[i].role);
	}
	e->len = k.len;
	return k.ok;
}

/* Unpacks into *out, its strings in arena a. */
static bool
unpack_session(struct entry *e, struct arena *a, struct session *out)
{
	struct pack k = { e->data, 0, e->len, e->len <= sizeof(e->data) };
	long long n;
	size_t i;

	out->user_id = get_int(&k);
	out->expires_at = get_int(&k);
	out->provisioning_emails = get_int(&k) != 0;
	n = get_int(&k);
	if (!k.ok || n < 0 || n > (long long)sizeof(e->data))
		return false;
	out->csrf_token = get_str(&k, a);
	out->email = get_str(&k, a);
	out->name = get_str(&k, a);
	out->nmemberships = (size_t)n;
	out->memberships = arena_alloc(a, (size_t)(n > 0 ? n : 1) *
	    sizeof(*out->memberships));
	for (i = 0; i < (size_t)n && k.ok; i++) {
		out->memberships[i].org_id = get_int(&k);
		out->memberships[i].org_name = get_str(&k, a);
		out->memberships[i].role = get_str(&k, a);
	}
	return k.ok;
}

/* --- the table ------------------------------------------------------------- */

/* A consistent copy of sl's entry, or false while a writer is in it. */
static bool
read_slot(struct slot *sl, struct entry *e)
{
	unsigned s1, s2;

	s1 = atomic_load_explicit(&sl->seq, memory_order_acquire);
	if (s1 & 1)
		return false;
	memcpy(e, &sl->e, sizeof(*e));
	atomic_thread_fence(memory_order_acquire);
	s2 = atomic_load_explicit(&sl->seq, memory_order_relaxed);
	return s1 == s2;
}

/* Is e a trusted entry for hash? */
static bool
trusted(struct entry *e, const char *hash, unsigned long long epoch,
    time_t now)
{
	e->hash[AUTH_HASH_HEX] = '\0';
	return strcmp(e->hash, hash) == 0 && e->epoch == epoch &&
	    (long long)now < e->until;
}

bool
sess_cache_get(struct sess_cache *c, const char *hash,
    unsigned long long epoch, time_t now, struct arena *a,
    struct session *out)
{
	struct entry e;
	int k;

	if (c == NULL || strlen(hash) != AUTH_HASH_HEX)
		return false;
	for (k = 0; k < 2; k++)
		if (read_slot(slot_of(c, hash, k), &e) &&
		    trusted(&e, hash, epoch, now))
			return unpack_session(&e, a, out); /* the request keeps it */
	return false;
}

/* Where a new entry for hash goes: the slot already holding hash, else
 * an empty one, else the one whose entry ends first. */
static struct slot *
slot_for(struct sess_cache *c, const char *hash)
{
	struct slot *sl[2] = { slot_of(c, hash, 0), slot_of(c, hash, 1) };
	long long until[2];
	struct entry e;
	int k;

	for (k = 0; k < 2; k++) {
		if (!read_slot(sl[k], &e))
			until[k] = 0;	/* being written: no better than empty */
		else if (e.hash[0] == '\0')
			return sl[k];
		else if (strncmp(e.hash, hash, AUTH_HASH_HEX) == 0)
			return sl[k];
		else
			until[k] = e.until;
	}
	return until[1] < until[0] ? sl[1] : sl[0];
}

void
sess_cache_put(struct sess_cache *c, const char *hash,
    unsigned long long epoch, time_t now, const struct session *s)
{
	struct entry e;
	struct slot *sl;
	unsigned seq;

	if (c == NULL || strlen(hash) != AUTH_HASH_HEX ||
	    !pack_session(s, &e))
		return;
	memcpy(e.hash, hash, AUTH_HASH_HEX + 1);
	e.epoch = epoch;
	e.until = (long long)now + c->ttl_s;
	if (s->expires_at < e.until)
		e.until = s->expires_at;
	sl = slot_for(c, hash);
	seq = atomic_load_explicit(&sl->seq, memory_order_relaxed);
	if ((seq & 1) || !atomic_compare_exchange_strong(&sl->seq, &seq,
	    seq + 1))
		return;	/* another writer is in it: leave it to them */
	atomic_thread_fence(memory_order_release);
	memcpy(&sl->e, &e, offsetof(struct entry, data) + e.len);
	atomic_store_explicit(&sl->seq, seq + 2, memory_order_release);
}
