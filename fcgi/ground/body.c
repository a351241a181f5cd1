/*
 * body: a JSON body against its declared fields; see body.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "body.h"
#include "json.h"
#include "utf8.h"
#include "valid.h"

static int
fail(struct field_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->message = msg;
	return -1;
}

bool
body_strings_utf8(const cJSON *v)
{
	const cJSON *c;

	if (v->string != NULL && utf8_len(v->string) == -1)
		return false;
	if (cJSON_IsString(v))
		return utf8_len(v->valuestring) != -1;
	cJSON_ArrayForEach(c, v)
		if (!body_strings_utf8(c))
			return false;
	return true;
}

static const struct field *
field_find(const struct field *f, const char *name)
{
	for (; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* A string field's own rule, for a string of n characters; NULL if met. */
static const char *
check_text(struct arena *a, const struct field *f, const char *s, long n)
{
	switch (f->type) {
	case F_STR:
		if (n < f->min || n > f->max)
			return arena_printf(a, "%s must be %ld to %ld "
			    "characters long.", f->name, f->min, f->max);
		return NULL;
	case F_EMAIL:
		return valid_email(s) ? NULL :
		    "That is not a valid email address.";
	case F_ROLE:
		return role_parse(s) != ROLE_NONE ? NULL : "role must be "
		    "owner, admin, supervisor or texter.";
	case F_PASSWORD:
		return n >= 8 && n <= 256 ? NULL :
		    "The password must be 8 to 256 characters long.";
	case F_AREA_CODE:
		return strlen(s) == 3 && s[0] >= '2' && s[0] <= '9' &&
		    s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' ?
		    NULL : "An area code is three digits, the first 2 to 9.";
	case F_TOKEN:
		return n >= 16 && n <= 128 && strspn(s, "ABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
		    strlen(s) ? NULL : "That token is malformed.";
	default:
		return NULL;
	}
}

/* One present value against its field: NULL when fine, else why not. */
static const char *
check_value(struct arena *a, const struct field *f, const cJSON *v)
{
	const cJSON *e;
	long long id;
	long n;

	switch (f->type) {
	case F_ID:
		if (!json_whole_id(v, &id))
			return arena_printf(a, "%s must be a whole number id.",
			    f->name);
		break;
	case F_INT:
		if (!json_whole(v, f->min, f->max, &id))
			return arena_printf(a, "%s must be a whole number "
			    "from %ld to %ld.", f->name, f->min, f->max);
		break;
	case F_BOOL:
		if (!cJSON_IsBool(v))
			return arena_printf(a, "%s must be true or false.",
			    f->name);
		break;
	case F_ID_LIST:
		n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
		if (n < f->min || n > f->max)
			goto bad_list;
		cJSON_ArrayForEach(e, v)
			if (!json_whole_id(e, &id))
				goto bad_list;
		break;
	case F_ANY:
		break;
	default:
		if (!cJSON_IsString(v))
			return arena_printf(a, "%s must be a string.", f->name);
		n = utf8_len(v->valuestring);	/* checked strict before */
		return check_text(a, f, v->valuestring, n);
	}
	return NULL;
bad_list:
	return arena_printf(a, "%s must be a list of %ld to %ld user ids.",
	    f->name, f->min, f->max);
}

int
body_check(struct arena *a, const cJSON *body, const struct field *fields,
    struct field_error *err)
{
	const struct field *f;
	const cJSON *v;
	const char *why;

	if (!cJSON_IsObject(body))
		return fail(err, NULL, "The body must be a JSON object.");
	/* What came: known fields only, text that is text. */
	cJSON_ArrayForEach(v, body) {
		if (utf8_len(v->string) == -1)
			return fail(err, utf8_escape(a, v->string, 64),
			    "A field name is not valid UTF-8.");
		if ((f = field_find(fields, v->string)) == NULL)
			return fail(err, arena_strdup(a, v->string),
			    arena_printf(a, "%s is not a field that can be "
			    "set here.", v->string));
		if (!body_strings_utf8(v))
			return fail(err, f->name, arena_printf(a,
			    "%s is not valid UTF-8.", f->name));
	}
	/* What the table asks for, in its order. */
	for (f = fields; f->name != NULL; f++) {
		v = cJSON_GetObjectItemCaseSensitive(body, f->name);
		if (v == NULL || (cJSON_IsNull(v) && !f->nullable)) {
			if (f->required)
				return fail(err, f->name, arena_printf(a,
				    "%s is required.", f->name));
			continue;
		}
		if ((!cJSON_IsNull(v) && (why = check_value(a, f, v)) != NULL) ||
		    (f->check != NULL && (why = f->check(a, f, v)) != NULL))
			return fail(err, f->name, why);
	}
	return 0;
}
