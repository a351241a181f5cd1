/*
 * json: the shared shapes of JSON answers; see json.h.
 */
#include <stdio.h>

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
