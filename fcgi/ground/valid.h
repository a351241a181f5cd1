/*
 * valid: validators for outside input (pure functions, unit-tested and
 * fuzzed): roles, e-mail addresses, ids in paths, query numbers.
 */
#ifndef LL_VALID_H
#define LL_VALID_H

#include <stdbool.h>
#include <stddef.h>

#include "utf8.h"	/* utf8_len, for the text fields checked with these */

/* Roles in ascending power; ROLE_NONE means "not a member". */
enum role { ROLE_NONE, ROLE_TEXTER, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_OWNER };

enum role	 role_parse(const char *);
const char	*role_name(enum role);

bool	valid_email(const char *);
/* A positive decimal id of at most 18 digits; 0 / -1. */
int	parse_id(const char *s, size_t len, long long *out);
/* Whole number in [lo, hi]; 0 / -1. */
int	parse_range(const char *s, long long lo, long long hi, long long *out);
/* Copies s lower-cased into out (same length + 1). */
void	ascii_lower(char *out, const char *s);

#endif
