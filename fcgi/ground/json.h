/*
 * json: small cJSON helpers: the strict parse of a request body, the one
 * check of a whole-number id in a body, and the shapes every answer
 * shares (a page of a list, a string member that may be null).
 */
#ifndef LL_JSON_H
#define LL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

struct arena;

/* {"items": items, "next_cursor": "<n>" or null (the last page)}. */
cJSON	*json_list(cJSON *items, long long next_cursor);
/* A string member, or null when value is NULL. */
void	 json_add_str(cJSON *, const char *name, const char *value);
/* DATETIME text in UTC ("YYYY-MM-DD HH:MM:SS[.fff]") as RFC 3339 in
 * the arena, milliseconds kept; NULL when NULL or not such text. */
const char *json_time(struct arena *, const char *db_time);

/* The largest whole number a JSON number (a double) holds exactly. */
#define JSON_WHOLE_MAX	9007199254740991LL	/* 2^53 - 1 */

/*
 * The one check of a whole JSON number: true, with *out set, when v is a
 * number whose value is a whole number from lo to hi (1e3 is 1000; 1.5,
 * 1e-3 and anything outside the range, infinity too, are not).
 */
bool	 json_whole(const cJSON *v, long long lo, long long hi,
	    long long *out);
/* An id in a body: a whole number from 1 to JSON_WHOLE_MAX. */
bool	 json_whole_id(const cJSON *v, long long *out);

/*
 * Parses exactly one JSON value filling text's len bytes (whitespace may
 * follow it): no trailing bytes, no NUL byte anywhere. NULL when not so,
 * with *err_at the offset of the first byte that is wrong.
 */
cJSON	*json_parse_strict(const char *text, size_t len, size_t *err_at);
/*
 * Where a \u0000 escape (which would cut a C string) is in JSON text
 * that parsed: -1 when there is none; the index of the top-level object
 * member whose value holds it; -2 when it is elsewhere (in a key).
 */
int	 json_nul_escape(const char *text, size_t len);

#endif
