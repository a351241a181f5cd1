/*
 * json: the strict body parse, the whole-number check and the shared
 * shapes of JSON answers; see json.h.
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

bool
json_whole(const cJSON *v, long long lo, long long hi, long long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	/* The range first: casting what a long long cannot hold is
	 * undefined (1e400 parses as infinity). */
	if (!(d >= (double)lo && d <= (double)hi) ||
	    d != (double)(long long)d)
		return false;
	*out = (long long)d;
	return true;
}

bool
json_whole_id(const cJSON *v, long long *out)
{
	return json_whole(v, 1, JSON_WHOLE_MAX, out);
}

static bool
json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

cJSON *
json_parse_strict(const char *text, size_t len, size_t *err_at)
{
	const char *nul, *end = NULL;
	cJSON *v;

	/* A NUL byte would end the text early for every C reader after. */
	if ((nul = memchr(text, '\0', len)) != NULL) {
		*err_at = (size_t)(nul - text);
		return NULL;
	}
	if ((v = cJSON_ParseWithLengthOpts(text, len, &end, 0)) == NULL) {
		*err_at = end != NULL && end >= text ? (size_t)(end - text) : 0;
		return NULL;
	}
	while (end < text + len && json_space(*end))
		end++;
	if (end != text + len) {
		cJSON_Delete(v);
		*err_at = (size_t)(end - text);
		return NULL;
	}
	return v;
}

int
json_nul_escape(const char *s, size_t len)
{
	bool in_str = false, key = false, want_key = false, object = false;
	int depth = 0, member = -1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (s[i] == '"')
				in_str = false;
			else if (s[i] == '\\') {
				if (i + 5 < len && s[i + 1] == 'u' &&
				    memcmp(s + i + 2, "0000", 4) == 0)
					return key || !object || member < 0 ?
					    -2 : member;
				i++;	/* the escaped character */
			}
			continue;
		}
		switch (s[i]) {
		case '"':
			in_str = true;
			key = depth == 1 && object && want_key;
			if (key) {
				member++;
				want_key = false;
			}
			break;
		case '{':
		case '[':
			if (++depth == 1) {
				object = s[i] == '{';
				want_key = object;
			}
			break;
		case '}':
		case ']':
			depth--;
			break;
		case ',':
			if (depth == 1)
				want_key = object;
			break;
		default:
			break;
		}
	}
	return -1;
}
