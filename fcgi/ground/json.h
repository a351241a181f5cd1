/*
 * json: small cJSON helpers for the shapes every answer shares: a page of
 * a list, and a string member that may be null.
 */
#ifndef LL_JSON_H
#define LL_JSON_H

#include <cJSON.h>

struct arena;

/* {"items": items, "next_cursor": "<n>" or null (the last page)}. */
cJSON	*json_list(cJSON *items, long long next_cursor);
/* A string member, or null when value is NULL. */
void	 json_add_str(cJSON *, const char *name, const char *value);
/* DATETIME text in UTC ("YYYY-MM-DD HH:MM:SS[.fff]") as RFC 3339 in
 * the arena, milliseconds kept; NULL when NULL or not such text. */
const char *json_time(struct arena *, const char *db_time);

#endif
