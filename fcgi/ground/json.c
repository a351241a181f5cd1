/*
 * json: the shared shapes of JSON answers; see json.h.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "json.h"

cJSON *
json_list(cJSON *items, long long next_cursor)
{
	cJSON *o = cJSON_CreateObject();
	char num[24];

	cJSON_AddItemToObject(o, "items", items);
	if (next_cursor > 0) {
		snprintf(num, sizeof(num), "%lld", next_cursor);
		cJSON_AddStringToObject(o, "next_cursor", num);
	} else
		cJSON_AddNullToObject(o, "next_cursor");
	return o;
}

void
json_add_str(cJSON *o, const char *name, const char *value)
{
	if (value != NULL)
		cJSON_AddStringToObject(o, name, value);
	else
		cJSON_AddNullToObject(o, name);
}

const char *
json_time(struct arena *a, const char *db_time)
{
	size_t n;
	char *t;

	if (db_time == NULL || (n = strlen(db_time)) < 19 ||
	    db_time[10] != ' ')
		return NULL;
	if (n > 19 && db_time[19] != '.')
		n = 19;
	else if (n > 23)
		n = 23;	/* milliseconds are enough */
	t = arena_printf(a, "%.*sZ", (int)n, db_time);
	t[10] = 'T';
	return t;
}
