/*
 * script: a campaign's initial message with merge fields. "{first_name}"
 * is replaced by the value the lookup gives for "first_name"; the names
 * are {first_name}, {last_name}, {texter_first_name} and any column of
 * the contact file. A name the lookup does not know stays as written, and
 * is reported, so a launch can refuse a script that would go out broken.
 */
#ifndef LL_SCRIPT_H
#define LL_SCRIPT_H

#include <stddef.h>

struct arena;

#define SCRIPT_MAX_CHARS	1600	/* ten GSM-7 segments and some */

/* The value of a merge field, or NULL when it has none. */
typedef const char *(*script_lookup)(const char *name, void *ctx);

/*
 * Renders script into the arena. *unknown (when not NULL) gets the first
 * merge field the lookup did not know (in the arena), else NULL.
 */
char	*script_render(struct arena *, const char *script, script_lookup,
	    void *ctx, const char **unknown);

/*
 * The first merge field of text that a contact of these columns (the
 * contact file's, as the JSON list stored with the campaign; NULL: none
 * yet) would not have, in the arena; NULL when every one is known. The
 * three standard fields are always known.
 */
const char *script_unknown_field(struct arena *, const char *text,
	    const char *columns_json);

#endif
