/*
 * campaign_fields: the campaign's editable fields; see campaign_fields.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "campaign_fields.h"
#include "json.h"
#include "script.h"
#include "tz_cache.h"
#include "valid.h"

enum ftype {
	T_TEXT,		/* a string of min..max characters */
	T_OPT_TEXT,	/* the same, or null ("" counts as null) */
	T_ZONE, T_TIME, T_HHMM, T_MODE, T_ID, T_REGIONS, T_SCRIPT, T_BOOL,
	T_BATCH,
};

struct fdef {
	const char	*name;
	enum ftype	 type;
	long		 min, max;
	size_t		 off;		/* where in struct campaign_values */
};

#define V(m)	offsetof(struct campaign_values, m)

static const struct fdef fields[] = {
	{ "name", T_TEXT, 1, 200, V(name) },
	{ "description", T_TEXT, 0, 2000, V(description) },
	{ "time_zone", T_ZONE, 0, 0, V(time_zone) },
	{ "start_at", T_TIME, 0, 0, V(start_at) },
	{ "end_at", T_TIME, 0, 0, V(end_at) },
	{ "open_from", T_HHMM, 0, 1439, V(open_from) },
	{ "open_until", T_HHMM, 1, 1440, V(open_until) },
	{ "org_display_name", T_OPT_TEXT, 1, 200, V(org_display_name) },
	{ "opt_out_language", T_OPT_TEXT, 1, 300, V(opt_out_language) },
	{ "number_mode", T_MODE, 0, 0, V(number_mode) },
	{ "phone_number_id", T_ID, 0, 0, V(phone_number_id) },
	{ "use_case_id", T_ID, 0, 0, V(use_case_id) },
	{ "regions", T_REGIONS, 0, 0, V(regions) },
	{ "script", T_SCRIPT, 0, SCRIPT_MAX_CHARS, V(script) },
	{ "self_assign", T_BOOL, 0, 0, V(self_assign) },
	{ "batch_size", T_BATCH, 1, CAMPAIGN_BATCH_MAX, V(batch_size) },
	{ "launch_at", T_TIME, 0, 0, V(launch_at) },
};

#undef V

cJSON *
campaign_editable_json(enum camp_status status)
{
	cJSON *list = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (campaign_field_editable(status, fields[i].name))
			cJSON_AddItemToArray(list,
			    cJSON_CreateString(fields[i].name));
	return list;
}

#define AT(v, f, type)	((type *)(void *)((char *)(v) + (f)->off))

void
campaign_values_default(struct campaign_values *v)
{
	memset(v, 0, sizeof(*v));
	v->description = "";
	v->time_zone = "America/New_York";
	v->open_from = 9 * 60;
	v->open_until = 21 * 60;
	v->script = "";
}

int
campaign_parse_hhmm(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

const char *
campaign_text_prefix(struct arena *a, const char *s, long max)
{
	const char *p = s;
	long n = 0;

	while (*p != '\0' && n < max) {
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)	/* continuation */
			p++;
		n++;
	}
	return arena_strndup(a, s, (size_t)(p - s));
}

/* Whether inner (n bytes) is "word" or "word N" with N of 1 to 6 digits. */
static bool
copy_suffix(const char *inner, size_t n, const char *word)
{
	size_t w = strlen(word), d;

	if (n < w || strncmp(inner, word, w) != 0)
		return false;
	if (n == w)
		return true;
	if (inner[w] != ' ')
		return false;
	for (d = w + 1; d < n && isdigit((unsigned char)inner[d]); d++)
		;
	return d == n && n - w - 1 >= 1 && n - w - 1 <= 6;
}

const char *
campaign_copy_base(struct arena *a, const char *name)
{
	size_t len = strlen(name), inner;
	const char *open = strrchr(name, '(');

	if (len == 0 || name[len - 1] != ')' || open == NULL ||
	    open < name + 2 || open[-1] != ' ')
		return name;
	inner = (size_t)(name + len - 1 - (open + 1));
	if (!copy_suffix(open + 1, inner, "copy") &&
	    !copy_suffix(open + 1, inner, "retry"))
		return name;
	return arena_strndup(a, name, (size_t)(open - 1 - name));
}

const char *
campaign_copy_name(struct arena *a, const char *base, const char *word,
    const char *const *taken, size_t n)
{
	const char *suffix, *name;
	size_t i, k;
	bool used;

	assert(base != NULL && word != NULL);
	/* n names taken: one of the first n + 1 numbers is free. */
	for (k = 1; k <= n + 1; k++) {
		suffix = k == 1 ? arena_printf(a, " (%s)", word) :
		    arena_printf(a, " (%s %zu)", word, k);
		name = arena_printf(a, "%s%s", campaign_text_prefix(a, base,
		    200 - (long)strlen(suffix)), suffix);
		for (used = false, i = 0; i < n && !used; i++)
			used = strcmp(taken[i], name) == 0;
		if (!used)
			return name;
	}
	assert(0 && "a free name among n + 1");
	return name;
}

static int	parse_one(struct arena *, const struct fdef *, const cJSON *,
		    int64_t, enum camp_status, struct campaign_values *,
		    const char ***, struct field_error *);

/* A field's shape, through the parse of a new draft's field. */
static const char *
check_shape(struct arena *a, const struct field *f, const cJSON *in)
{
	struct campaign_values scratch;
	struct field_error err;
	const char **states;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].name, f->name) == 0)
			break;
	assert(i < sizeof(fields) / sizeof(fields[0]));
	campaign_values_default(&scratch);
	if (parse_one(a, &fields[i], in, 0, CS_DRAFT, &scratch, &states,
	    &err) == -1)
		return err.message;
	return NULL;
}

#define C(name)	{ name, F_ANY, false, 0, 0, check_shape, true }

const struct field campaign_body[] = {
	C("name"), C("description"), C("time_zone"), C("start_at"),
	C("end_at"), C("open_from"), C("open_until"), C("org_display_name"),
	C("opt_out_language"), C("number_mode"), C("phone_number_id"),
	C("use_case_id"), C("regions"), C("script"), C("self_assign"),
	C("batch_size"), C("launch_at"),
	FIELDS_END,
};

#undef C

static int
fail(struct field_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->message = msg;
	return -1;
}

static bool
is_area_code(const char *s)
{
	return s != NULL && strlen(s) == 3 && s[0] >= '2' && s[0] <= '9' &&
	    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]);
}

/*
 * Regions as stored: [{"type":"area_codes","area_codes":["415"]},
 * {"type":"state","state":"CA"}, {"type":"country"}], 0-3 of them; only
 * the third may be a state or the country. NULL for none.
 */
static int
parse_regions(struct arena *a, const cJSON *in, const char **out,
    const char ***states, struct field_error *err)
{
	const cJSON *r, *t, *codes, *code, *st;
	cJSON *all, *o, *list;
	const char **sts;
	size_t nst = 0;
	int i = 0, n;
	char *printed;

	if (cJSON_IsNull(in)) {
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsArray(in) || (n = cJSON_GetArraySize(in)) >
	    CAMPAIGN_REGIONS_MAX)
		return fail(err, "regions", "regions is a list of at most "
		    "3 regions, in priority order.");
	sts = arena_alloc(a, (size_t)(n + 1) * sizeof(*sts));
	all = cJSON_CreateArray();
	cJSON_ArrayForEach(r, in) {
		t = cJSON_GetObjectItemCaseSensitive(r, "type");
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(all, o);
		if (!cJSON_IsObject(r) || !cJSON_IsString(t))
			goto bad;
		if (strcmp(t->valuestring, "area_codes") == 0) {
			codes = cJSON_GetObjectItemCaseSensitive(r,
			    "area_codes");
			if (!cJSON_IsArray(codes) ||
			    cJSON_GetArraySize(codes) < 1 ||
			    cJSON_GetArraySize(codes) >
			    CAMPAIGN_REGION_CODES_MAX) {
				cJSON_Delete(all);
				return fail(err, "regions", arena_printf(a,
				    "Region %d needs 1 to 100 area codes.",
				    i + 1));
			}
			cJSON_AddStringToObject(o, "type", "area_codes");
			list = cJSON_AddArrayToObject(o, "area_codes");
			cJSON_ArrayForEach(code, codes) {
				if (!cJSON_IsString(code) ||
				    !is_area_code(code->valuestring)) {
					cJSON_Delete(all);
					return fail(err, "regions", arena_printf(
					    a, "Region %d: an area code is "
					    "three digits, the first 2 to 9.",
					    i + 1));
				}
				cJSON_AddItemToArray(list,
				    cJSON_CreateString(code->valuestring));
			}
		} else if (strcmp(t->valuestring, "state") == 0 ||
		    strcmp(t->valuestring, "country") == 0) {
			if (i != CAMPAIGN_REGIONS_MAX - 1) {
				cJSON_Delete(all);
				return fail(err, "regions", "Only region 3 may "
				    "be a whole state or the whole country.");
			}
			cJSON_AddStringToObject(o, "type", t->valuestring);
			if (t->valuestring[0] == 's') {
				st = cJSON_GetObjectItemCaseSensitive(r,
				    "state");
				if (!cJSON_IsString(st) ||
				    strlen(st->valuestring) != 2 ||
				    !isupper((unsigned char)st->valuestring[0]) ||
				    !isupper((unsigned char)st->valuestring[1])) {
					cJSON_Delete(all);
					return fail(err, "regions", "A state "
					    "region names a US state by its "
					    "two capital letters (CA).");
				}
				cJSON_AddStringToObject(o, "state",
				    st->valuestring);
				sts[nst++] = arena_strdup(a, st->valuestring);
			}
		} else
			goto bad;
		i++;
	}
	sts[nst] = NULL;
	*states = sts;
	printed = cJSON_PrintUnformatted(all);
	*out = n > 0 && printed != NULL ? arena_strdup(a, printed) : NULL;
	cJSON_free(printed);
	cJSON_Delete(all);
	return 0;
bad:
	cJSON_Delete(all);
	return fail(err, "regions", arena_printf(a, "Region %d: type must be "
	    "area_codes, state or country.", i + 1));
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Parses one field into v; 0 / -1. */
static int
parse_one(struct arena *a, const struct fdef *f, const cJSON *in,
    int64_t now, enum camp_status status, struct campaign_values *v,
    const char ***states, struct field_error *err)
{
	const char *s = cJSON_IsString(in) ? in->valuestring : NULL;
	struct tz zone;
	long len;
	int64_t t;
	char db[32];
	int m;

	switch (f->type) {
	case T_TEXT:
	case T_OPT_TEXT:
	case T_SCRIPT:
		if (f->type != T_TEXT && (cJSON_IsNull(in) ||
		    (s != NULL && *s == '\0'))) {
			*AT(v, f, const char *) = f->type == T_SCRIPT ? "" :
			    NULL;
			return 0;
		}
		if (s == NULL)
			return fail(err, f->name, arena_printf(a,
			    "%s must be a string.", f->name));
		if ((len = utf8_len(s)) == -1)
			return fail(err, f->name, arena_printf(a,
			    "%s is not valid UTF-8.", f->name));
		if (f->type == T_SCRIPT && len > f->max)
			return fail(err, f->name, arena_printf(a, "The script "
			    "is %ld characters long; at most %ld fit in a "
			    "message.", len, f->max));
		if (len < f->min || len > f->max)
			return fail(err, f->name, arena_printf(a,
			    "%s must be %ld to %ld characters long.", f->name,
			    f->min, f->max));
		*AT(v, f, const char *) = s;
		return 0;
	case T_ZONE:
		if (s == NULL || tz_load_cached(&zone, NULL, s) == -1)
			return fail(err, f->name, "Unknown time zone: give an "
			    "IANA name such as America/New_York.");
		*AT(v, f, const char *) = s;
		return 0;
	case T_TIME:
		if (cJSON_IsNull(in)) {
			*AT(v, f, const char *) = NULL;
			return 0;
		}
		if (s == NULL || tz_parse_rfc3339(s, &t) == -1)
			return fail(err, f->name, arena_printf(a, "%s must be "
			    "a time such as 2026-11-28T17:00:00Z.", f->name));
		tz_format_db(t, db, sizeof(db));
		/* A launched campaign's start may only move to the future;
		 * a launch may only be scheduled ahead. */
		if (((strcmp(f->name, "start_at") == 0 &&
		    status != CS_DRAFT) || strcmp(f->name, "launch_at") == 0) &&
		    !same_str(db, *AT(v, f, const char *)) && t <= now)
			return fail(err, f->name, strcmp(f->name, "launch_at") ==
			    0 ? "A scheduled launch must be in the future." :
			    "After launch, the start can only move to a time "
			    "in the future.");
		*AT(v, f, const char *) = arena_strdup(a, db);
		return 0;
	case T_HHMM:
		if (s == NULL || (m = campaign_parse_hhmm(s)) < f->min ||
		    m > f->max)
			return fail(err, f->name, arena_printf(a, "%s must be "
			    "a time of day such as 09:00.", f->name));
		*AT(v, f, long long) = m;
		return 0;
	case T_MODE:
		if (cJSON_IsNull(in)) {
			*AT(v, f, const char *) = NULL;
			return 0;
		}
		if (s == NULL || (strcmp(s, "dedicated") != 0 &&
		    strcmp(s, "single_use") != 0))
			return fail(err, f->name, "number_mode must be "
			    "dedicated or single_use (followups are made "
			    "from their original campaign).");
		*AT(v, f, const char *) = s;
		return 0;
	case T_ID:
		if (cJSON_IsNull(in)) {
			*AT(v, f, long long) = 0;
			return 0;
		}
		if (!json_whole_id(in, AT(v, f, long long)))
			return fail(err, f->name, arena_printf(a,
			    "%s must be a whole number id.", f->name));
		return 0;
	case T_REGIONS:
		return parse_regions(a, in, AT(v, f, const char *), states,
		    err);
	case T_BOOL:
		if (!cJSON_IsBool(in))
			return fail(err, f->name, arena_printf(a,
			    "%s must be true or false.", f->name));
		*AT(v, f, bool) = cJSON_IsTrue(in);
		return 0;
	case T_BATCH:
		if (cJSON_IsNull(in)) {
			*AT(v, f, long long) = 0;
			return 0;
		}
		if (!json_whole(in, f->min, f->max, AT(v, f, long long)))
			return fail(err, f->name, "batch_size must be a whole "
			    "number from 1 to 5000.");
		return 0;
	}
	return fail(err, f->name, "Unknown field type.");
}

static bool
values_equal(const struct fdef *f, const struct campaign_values *x,
    const struct campaign_values *y)
{
	switch (f->type) {
	case T_HHMM:
	case T_ID:
	case T_BATCH:
		return *AT(x, f, long long) == *AT(y, f, long long);
	case T_BOOL:
		return *AT(x, f, bool) == *AT(y, f, bool);
	default:
		return same_str(*AT(x, f, const char *), *AT(y, f,
		    const char *));
	}
}

int
campaign_fields_apply(struct arena *a, const cJSON *body,
    enum camp_status status, int64_t now, struct campaign_values *v,
    const char ***states, struct field_error *err)
{
	static const char *none[] = { NULL };
	struct campaign_values before = *v;
	const struct fdef *f;
	const cJSON *item;
	int64_t s, e;
	size_t i;

	*states = none;
	/* The shapes, as the front door checked them (unknown keys too). */
	if (body_check(a, body, campaign_body, err) == -1)
		return -1;
	cJSON_ArrayForEach(item, body) {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (strcmp(fields[i].name, item->string) == 0)
				break;
		f = &fields[i];
		if (parse_one(a, f, item, now, status, v, states, err) == -1)
			return -1;
		if (strcmp(f->name, "launch_at") == 0)
			v->launch_error = NULL;	/* rescheduled or cancelled */
		if (!campaign_field_editable(status, f->name) &&
		    !values_equal(f, v, &before))
			return fail(err, f->name, status == CS_FAILED ||
			    status == CS_ARCHIVED ? "A failed or archived "
			    "campaign can no longer change." : arena_printf(a,
			    "%s can no longer change after launch.", f->name));
	}
	if (strcmp(v->name == NULL ? "" : v->name, "") == 0)
		return fail(err, "name", "name is required.");
	if (v->start_at != NULL && v->end_at != NULL &&
	    tz_parse_db(v->start_at, &s) == 0 &&
	    tz_parse_db(v->end_at, &e) == 0 && e <= s)
		return fail(err, "end_at", "The end must be after the start.");
	if (v->open_from >= v->open_until)
		return fail(err, "open_until", "The open hours must end after "
		    "they start.");
	return 0;
}
