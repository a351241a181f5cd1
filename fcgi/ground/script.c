/*
 * script: merge fields; see script.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "script.h"

#define FIELD_NAME_MAX	100

char *
script_render(struct arena *a, const char *script, script_lookup lookup,
    void *ctx, const char **unknown)
{
	const char *p = script, *open, *close, *v;
	struct buf b;
	char *name, *out;
	size_t n;

	if (unknown != NULL)
		*unknown = NULL;
	buf_init(&b, 1 << 20);
	while ((open = strchr(p, '{')) != NULL) {
		buf_add(&b, p, (size_t)(open - p));
		close = strchr(open + 1, '}');
		n = close ? (size_t)(close - open - 1) : 0;
		/* "{" alone, "{}" or "{{": not a merge field */
		if (close == NULL || n == 0 || n > FIELD_NAME_MAX ||
		    memchr(open + 1, '{', n) != NULL) {
			buf_add(&b, open, 1);
			p = open + 1;
			continue;
		}
		name = arena_strndup(a, open + 1, n);
		if ((v = lookup(name, ctx)) != NULL)
			buf_adds(&b, v);
		else {
			buf_add(&b, open, n + 2);
			if (unknown != NULL && *unknown == NULL)
				*unknown = name;
		}
		p = close + 1;
	}
	buf_adds(&b, p);
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Known merge fields answer "", unknown NULL: only the names count. */
static const char *
known_field(const char *name, void *ctx)
{
	const cJSON *cols = ctx, *c;

	if (strcmp(name, "first_name") == 0 || strcmp(name, "last_name") == 0 ||
	    strcmp(name, "texter_first_name") == 0)
		return "";
	cJSON_ArrayForEach(c, cols)
		if (cJSON_IsString(c) && strcmp(c->valuestring, name) == 0)
			return "";
	return NULL;
}

const char *
script_unknown_field(struct arena *a, const char *text,
    const char *columns_json)
{
	cJSON *cols = columns_json != NULL ? cJSON_Parse(columns_json) : NULL;
	const char *unknown;

	(void)script_render(a, text, known_field, cols, &unknown);
	cJSON_Delete(cols);
	return unknown;
}
