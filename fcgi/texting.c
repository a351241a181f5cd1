/*
 * texting: opt-out keywords, script rendering and the sending gates;
 * see texting.h. No I/O here but the time zone database.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "texting.h"

/* The CTIA's opt-out words and the variants people type. */
static const char *const opt_out_words[] = {
	"stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit",
	"optout", "opt out", "opt-out", "revoke", "remove", "stop texting",
	"stop messaging", "unsub",
};

bool
texting_is_opt_out(const char *body)
{
	const char *s = body, *e;
	char word[32];
	size_t n, i, o = 0;

	if (body == NULL)
		return false;
	while (*s != '\0' && (isspace((unsigned char)*s) ||
	    ispunct((unsigned char)*s)))
		s++;
	e = s + strlen(s);
	while (e > s && (isspace((unsigned char)e[-1]) ||
	    ispunct((unsigned char)e[-1])))
		e--;
	n = (size_t)(e - s);
	if (n == 0 || n >= sizeof(word))
		return false;
	/* Runs of spaces count as one. */
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			if (o > 0 && word[o - 1] == ' ')
				continue;
			word[o++] = ' ';
		} else
			word[o++] = (char)tolower((unsigned char)s[i]);
	}
	word[o] = '\0';
	for (i = 0; i < sizeof(opt_out_words) / sizeof(opt_out_words[0]); i++)
		if (strcmp(word, opt_out_words[i]) == 0)
			return true;
	return false;
}

/* The value of one tag, or NULL when the tag is unknown. */
static const char *
tag_value(const char *tag, size_t n, const struct texting_contact *c,
    const cJSON *fields)
{
	const cJSON *v;
	char name[128];

	if (n == 10 && strncmp(tag, "first_name", n) == 0)
		return c->first_name ? c->first_name : "";
	if (n == 9 && strncmp(tag, "last_name", n) == 0)
		return c->last_name ? c->last_name : "";
	if (n == 11 && strncmp(tag, "texter_name", n) == 0)
		return c->texter_name ? c->texter_name : "";
	if (n == 8 && strncmp(tag, "org_name", n) == 0)
		return c->display_name ? c->display_name : "";
	if (fields == NULL || n >= sizeof(name))
		return NULL;
	memcpy(name, tag, n);
	name[n] = '\0';
	v = cJSON_GetObjectItemCaseSensitive(fields, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *
texting_render(struct arena *a, const char *script,
    const struct texting_contact *c)
{
	const char *p, *close, *v, *lang = c->opt_out_language;
	cJSON *fields = c->fields ? cJSON_Parse(c->fields) : NULL;
	struct buf b;
	size_t n, llen;
	char *out;

	buf_init(&b, 64 * 1024);
	for (p = script ? script : ""; *p != '\0'; p++) {
		if (*p == '{' && (close = strchr(p + 1, '}')) != NULL &&
		    (v = tag_value(p + 1, (size_t)(close - p - 1), c,
		    fields)) != NULL) {
			buf_adds(&b, v);
			p = close;
		} else
			buf_add(&b, p, 1);
	}
	cJSON_Delete(fields);
	/* Trailing spaces go; the opt-out language follows on its own line. */
	while (b.len > 0 && isspace((unsigned char)b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	n = b.len;
	llen = lang ? strlen(lang) : 0;
	if (llen > 0 && !(n >= llen && strcmp(buf_str(&b) + n - llen,
	    lang) == 0)) {
		if (n > 0)
			buf_adds(&b, "\n");
		buf_adds(&b, lang);
	}
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long long
days_from_civil(long long y, long long m, long long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

time_t
texting_utc(const char *s)
{
	int y, mo, d, h, mi, se;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h,
	    &mi, &se) != 6 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	return (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + se);
}

long
texting_local_minutes(time_t t, const char *zone, long *to_midnight)
{
	const char *have = getenv("TZ");
	struct tm tm;

	/* One process, one thread: TZ stays at the last zone asked. */
	if (zone != NULL && (have == NULL || strcmp(have, zone) != 0)) {
		setenv("TZ", zone, 1);
		tzset();
	}
	localtime_r(&t, &tm);
	if (to_midnight != NULL)
		*to_midnight = 86400 - (tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec);
	return tm.tm_hour * 60 + tm.tm_min;
}

static bool
closed(struct texting_gate *g, const char *code, const char *message,
    time_t opens_at)
{
	g->code = code;
	g->message = message;
	g->opens_at = opens_at;
	return false;
}

bool
texting_gate(struct arena *a, const struct texting_gate_in *in,
    struct texting_gate *g)
{
	time_t start = texting_utc(in->start_at), end = texting_utc(in->end_at);
	time_t opens = texting_utc(in->sending_opens_at);
	long now_min, to_midnight, wait_min;
	const char *st = in->status ? in->status : "";

	memset(g, 0, sizeof(*g));
	if (strcmp(st, "archived") == 0 || strcmp(st, "failed") == 0 ||
	    strcmp(st, "draft") == 0)
		return closed(g, "campaign_not_active", arena_printf(a,
		    "This campaign is %s: nothing can be sent from it.", st), 0);
	if (!in->reply && strcmp(st, "active") != 0)
		return closed(g, "campaign_not_active", arena_printf(a,
		    "This campaign is %s: initial messages wait until it is "
		    "active.", st), 0);
	if (opens > 0 && in->now < opens)
		return closed(g, "incident_wait", "The provider is having an "
		    "incident: sending opens a few minutes after launch.",
		    opens);
	if (in->number == NULL || (opens <= 0 && (in->number_status == NULL ||
	    strcmp(in->number_status, "complete") != 0))) {
		if (in->number_status != NULL &&
		    strcmp(in->number_status, "failed") == 0)
			return closed(g, "number_failed", "This campaign's "
			    "phone number could not be provisioned.", 0);
		return closed(g, "number_provisioning", "The campaign's phone "
		    "number is still being provisioned with the carriers.", 0);
	}
	if (in->reply)
		return true;
	if (start > 0 && in->now < start)
		return closed(g, "before_start", "The campaign has not "
		    "started: initial messages can be sent from its start "
		    "date.", start);
	if (end > 0 && in->now >= end)
		return closed(g, "after_end", "The campaign's sending window "
		    "has ended: only replies can be sent now.", 0);
	now_min = texting_local_minutes(in->now, in->time_zone, &to_midnight);
	if (now_min < in->open_from_min || now_min >= in->open_until_min) {
		wait_min = now_min < in->open_from_min ?
		    in->open_from_min - now_min :
		    to_midnight / 60 + in->open_from_min;
		return closed(g, "closed_for_night", arena_printf(a, "Texting "
		    "is closed for the night: open hours are %02ld:%02ld to "
		    "%02ld:%02ld (%s).", in->open_from_min / 60,
		    in->open_from_min % 60, in->open_until_min / 60,
		    in->open_until_min % 60, in->time_zone ? in->time_zone :
		    "UTC"), in->now + wait_min * 60 - (in->now % 60));
	}
	return true;
}
