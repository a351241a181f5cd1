/*
 * valid: input validators; see valid.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

static const char *const role_names[] = {
	[ROLE_NONE] = "none", [ROLE_TEXTER] = "texter",
	[ROLE_SUPERVISOR] = "supervisor", [ROLE_ADMIN] = "admin",
	[ROLE_OWNER] = "owner",
};

enum role
role_parse(const char *s)
{
	int i;

	if (s == NULL)
		return ROLE_NONE;
	for (i = ROLE_TEXTER; i <= ROLE_OWNER; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

const char *
role_name(enum role r)
{
	return role_names[r];
}

/*
 * A pragmatic address check: one @, a non-empty local part of printable
 * ASCII without spaces, a domain of dot-separated labels with at least one
 * dot, total at most 254. Delivery is the real test.
 */
bool
valid_email(const char *s)
{
	const char *at, *p, *label;
	size_t n = strlen(s);
	bool dot = false;

	if (n < 3 || n > 254 || (at = strchr(s, '@')) == NULL || at == s ||
	    strchr(at + 1, '@') != NULL || at - s > 64)
		return false;
	for (p = s; p < at; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"(),:;<>[\\]", *p))
			return false;
	for (label = p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || label[0] == '-' || p[-1] == '-')
				return false;
			if (*p == '\0')
				break;
			dot = true;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
	}
	return dot;
}

int
parse_id(const char *s, size_t len, long long *out)
{
	long long v = 0;
	size_t i;

	if (len == 0 || len > 18 || s[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
parse_range(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

void
ascii_lower(char *out, const char *s)
{
	for (; *s != '\0'; s++)
		*out++ = (char)tolower((unsigned char)*s);
	*out = '\0';
}
