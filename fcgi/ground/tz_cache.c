/*
 * tz_cache: a few zones per process, least recently used out; see
 * tz_cache.h. A zone that cannot be read is not kept (asked again, it is
 * looked for again).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tz_cache.h"

struct tz_slot {
	char		 path[TZ_NAME_MAX + 256];
	time_t		 at;		/* read then */
	unsigned long	 used;		/* last used (a counter) */
	struct tz	*tz;		/* NULL: empty */
};

static struct tz_slot	slots[TZ_CACHE_N];
static unsigned long	uses;

int
tz_load_cached(struct tz *out, const char *dir, const char *name)
{
	struct tz_slot *s, *victim = &slots[0];
	char path[sizeof(slots[0].path)];
	time_t now = time(NULL);
	size_t i;

	if (!tz_name_ok(name) || strlen(dir ? dir : TZ_DIR) > 200)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : TZ_DIR, name);
	for (i = 0; i < TZ_CACHE_N; i++) {
		s = &slots[i];
		if (s->tz != NULL && strcmp(s->path, path) == 0) {
			if (now - s->at < TZ_CACHE_S && now >= s->at) {
				s->used = ++uses;
				memcpy(out, s->tz, sizeof(*out));
				return 0;
			}
			victim = s;	/* too old: read again, here */
			break;
		}
		if (s->tz == NULL || (victim->tz != NULL &&
		    s->used < victim->used))
			victim = s;
	}
	if (tz_load(out, dir, name) == -1)
		return -1;
	if (victim->tz == NULL && (victim->tz = malloc(sizeof(*out))) == NULL)
		return 0;
	memcpy(victim->tz, out, sizeof(*out));
	snprintf(victim->path, sizeof(victim->path), "%s", path);
	victim->at = now;
	victim->used = ++uses;
	return 0;
}
