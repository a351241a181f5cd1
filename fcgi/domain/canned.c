/*
 * canned: the rules of canned responses; see canned.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "canned.h"
#include "script.h"
#include "utf8.h"

static int
fail(struct field_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->message = msg;
	return -1;
}

static bool
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* One field: 0, or -1 with err set. */
static int
check_one(struct arena *a, const char *name, const char *s, long max,
    struct field_error *err)
{
	long len;

	if (s == NULL)
		return 0;
	if ((len = utf8_len(s)) < 0)
		return fail(err, name, arena_printf(a, "%s is not valid UTF-8.",
		    name));
	if (len == 0 || blank(s))
		return fail(err, name, arena_printf(a, "%s must not be blank.",
		    name));
	if (len > max)
		return fail(err, name, arena_printf(a, "%s is %ld characters "
		    "long; at most %ld fit.", name, len, max));
	return 0;
}

int
canned_check(struct arena *a, const char *title, const char *text,
    struct field_error *err)
{
	if (check_one(a, "title", title, CANNED_TITLE_MAX, err) == -1 ||
	    check_one(a, "text", text, CANNED_TEXT_MAX, err) == -1)
		return -1;
	return 0;
}

/* Known merge fields answer "", unknown NULL (script_lookup). */
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
canned_unknown_field(struct arena *a, const char *text, const char *columns)
{
	cJSON *cols = columns != NULL ? cJSON_Parse(columns) : NULL;
	const char *unknown;

	(void)script_render(a, text, known_field, cols, &unknown);
	cJSON_Delete(cols);
	return unknown;
}

const char *
canned_unknown_message(struct arena *a, const char *field,
    const char *campaign)
{
	if (campaign != NULL)
		return arena_printf(a, "The text uses {%s}, which is not a "
		    "merge field of the campaign \"%s\": no contact column has "
		    "that name.", field, campaign);
	return arena_printf(a, "The text uses {%s}, which is not a merge "
	    "field: no contact column of this campaign has that name.", field);
}

char *
canned_render(struct arena *a, const char *text,
    const struct texting_contact *c)
{
	struct texting_contact k = *c;

	k.opt_out_language = NULL;
	return texting_render(a, text, &k);
}
