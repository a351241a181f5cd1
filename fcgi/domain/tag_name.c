/*
 * tag_name: the name rule of tags; see tag_name.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "tag_name.h"

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

const char *
tag_name_clean(struct arena *a, const char *in, char **out)
{
	const unsigned char *s = (const unsigned char *)in, *e, *p;

	*out = NULL;
	while (*s != '\0' && blank(*s))
		s++;
	e = s + strlen((const char *)s);
	while (e > s && blank(e[-1]))
		e--;
	if (e == s)
		return "name must have a visible character.";
	for (p = s; p < e; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "name must be one line, without tabs or "
			    "control characters.";
	*out = arena_strndup(a, (const char *)s, (size_t)(e - s));
	return NULL;
}
