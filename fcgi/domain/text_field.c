/*
 * text_field: see text_field.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>

#include "arena.h"
#include "text_field.h"
#include "utf8.h"

static bool
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static int
fail(struct field_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->message = msg;
	return -1;
}

int
text_field_check(struct arena *a, const char *name, const char *s, long max,
    bool may_be_empty, struct field_error *err)
{
	long len;

	if (s == NULL)
		return 0;
	if ((len = utf8_len(s)) < 0)
		return fail(err, name, arena_printf(a, "%s is not valid UTF-8.",
		    name));
	if (!may_be_empty && (len == 0 || blank(s)))
		return fail(err, name, arena_printf(a, "%s must not be blank.",
		    name));
	if (len > max)
		return fail(err, name, arena_printf(a, "%s is %ld characters "
		    "long; at most %ld fit.", name, len, max));
	return 0;
}
