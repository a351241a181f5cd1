/*
 * ua: what a User-Agent header says, for a person's list of sessions.
 * Pure: no I/O.
 */
#ifndef LL_UA_H
#define LL_UA_H

#include <stddef.h>

struct arena;

#define UA_MAX	255	/* bytes kept of a User-Agent (sessions.user_agent) */

/* ua as stored: printable ASCII only (anything else a '?'), at most
 * UA_MAX bytes, in the arena; NULL for NULL or empty. */
char	*ua_clean(struct arena *, const char *ua);

/*
 * A short label a person recognises their device by: "Chrome on
 * Windows", "Safari on iPhone", "Firefox", "Android"; a program's own
 * name ("curl") when it is no browser; "Unknown device" when nothing is
 * known. Written into buf (always terminated).
 */
void	 ua_label(char *buf, size_t len, const char *ua);

#endif
