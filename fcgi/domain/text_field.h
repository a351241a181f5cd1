/*
 * text_field: the one check of a short text an organizer types (a canned
 * response's title and text, a survey question, an answer's label and
 * reply): strict UTF-8, not blank unless it may be empty, at most max
 * characters. Pure.
 */
#ifndef LL_TEXT_FIELD_H
#define LL_TEXT_FIELD_H

#include <stdbool.h>

#include "body.h"	/* struct field_error */

struct arena;

/*
 * s (NULL: not given, fine) as the field name: 0, or -1 with err naming
 * it and saying why in words (in the arena).
 */
int	text_field_check(struct arena *, const char *name, const char *s,
	    long max, bool may_be_empty, struct field_error *err);

#endif
