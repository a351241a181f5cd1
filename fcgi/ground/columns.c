/*
 * columns: a resource's JSON from its column table; see columns.h.
 */
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "columns.h"
#include "json.h"

void
columns_json(cJSON *o, struct arena *a, const struct column *t, size_t n,
    const void *row)
{
	const char *base = row, *s;
	const struct column *c;
	long long v;
	cJSON *parsed;
	size_t i;

	for (i = 0; i < n; i++) {
		c = &t[i];
		if (c->json == NULL)
			continue;
		switch (c->kind) {
		case COL_STR:
			memcpy(&s, base + c->off, sizeof(s));
			json_add_str(o, c->json, s);
			break;
		case COL_TIME:
			memcpy(&s, base + c->off, sizeof(s));
			json_add_str(o, c->json, json_time(a, s));
			break;
		case COL_LIST:
			memcpy(&s, base + c->off, sizeof(s));
			parsed = s != NULL ? cJSON_Parse(s) : NULL;
			cJSON_AddItemToObject(o, c->json, parsed != NULL ?
			    parsed : cJSON_CreateArray());
			break;
		case COL_INT:
		case COL_ID:
			memcpy(&v, base + c->off, sizeof(v));
			if (c->kind == COL_ID && v == 0)
				cJSON_AddNullToObject(o, c->json);
			else
				cJSON_AddNumberToObject(o, c->json, (double)v);
			break;
		case COL_BOOL:
			cJSON_AddBoolToObject(o, c->json,
			    *(const bool *)(const void *)(base + c->off));
			break;
		}
	}
}
