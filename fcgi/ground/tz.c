/*
 * tz: TZif reader, POSIX TZ rules and civil time; see tz.h.
 *
 * Why not setenv("TZ") + localtime(): that is process-global state, and a
 * worker serves campaigns in many zones one after another. The files are a
 * few kB; reading one per request that needs it is cheaper than a query.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

#define TZIF_MAX_BYTES	(256 * 1024)

bool
tz_name_ok(const char *name)
{
	size_t n, i;

	if (name == NULL || (n = strlen(name)) == 0 || n > TZ_NAME_MAX ||
	    name[0] == '/' || name[0] == '.' || name[n - 1] == '/')
		return false;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)name[i]) && strchr("/_+-",
		    name[i]) == NULL)
			return false;
		if (name[i] == '/' && (name[i + 1] == '/' ||
		    name[i + 1] == '.'))
			return false;
	}
	return true;
}

int
tz_load(struct tz *tz, const char *dir, const char *name)
{
	unsigned char *data;
	char path[512];
	size_t len;
	FILE *f;
	int rc = -1;

	if (!tz_name_ok(name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : TZ_DIR, name);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if ((data = malloc(TZIF_MAX_BYTES)) != NULL) {
		len = fread(data, 1, TZIF_MAX_BYTES, f);
		if (ferror(f) == 0 && len < TZIF_MAX_BYTES)
			rc = tz_parse(tz, data, len);
		free(data);
	}
	fclose(f);
	return rc;
}

static int64_t
be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n == 4)
		return (int64_t)(int32_t)(uint32_t)v;
	return (int64_t)v;
}

struct tzif_head {
	size_t	isut, isstd, leap, time, type, chars;
};

static int
head_read(const unsigned char *p, size_t len, struct tzif_head *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->isut = (size_t)be(p + 20, 4);
	h->isstd = (size_t)be(p + 24, 4);
	h->leap = (size_t)be(p + 28, 4);
	h->time = (size_t)be(p + 32, 4);
	h->type = (size_t)be(p + 36, 4);
	h->chars = (size_t)be(p + 40, 4);
	if (h->time > TZ_MAX_TIMES || h->type < 1 || h->type > TZ_MAX_TYPES ||
	    h->isut > h->type || h->isstd > h->type || h->leap > 10000 ||
	    h->chars > 10000)
		return -1;
	return 0;
}

static size_t
block_len(const struct tzif_head *h, size_t tsize)
{
	return h->time * tsize + h->time + h->type * 6 + h->chars +
	    h->leap * (tsize + 4) + h->isstd + h->isut;
}

int
tz_parse(struct tz *tz, const unsigned char *p, size_t len)
{
	struct tzif_head h;
	size_t tsize = 4, off, i, end;
	const unsigned char *d;
	char footer[128];

	memset(tz, 0, sizeof(*tz));
	if (head_read(p, len, &h) == -1)
		return -1;
	off = 44;
	if (p[4] >= '2') {	/* skip the 32-bit block for the 64-bit one */
		off += block_len(&h, 4);
		if (off + 44 > len || head_read(p + off, len - off, &h) == -1)
			return -1;
		off += 44;
		tsize = 8;
	}
	if (off + block_len(&h, tsize) > len)
		return -1;
	d = p + off;
	tz->ntimes = h.time;
	tz->ntypes = h.type;
	for (i = 0; i < h.time; i++)
		tz->times[i] = be(d + i * tsize, tsize);
	d += h.time * tsize;
	for (i = 0; i < h.time; i++) {
		if (d[i] >= h.type)
			return -1;
		tz->idx[i] = d[i];
	}
	d += h.time;
	for (i = 0; i < h.type; i++) {
		tz->off[i] = (int32_t)be(d + i * 6, 4);
		tz->dst[i] = d[i * 6 + 4] != 0;
		if (tz->off[i] < -89999 || tz->off[i] > 93599)
			return -1;
	}
	off += block_len(&h, tsize);
	/* The footer: "\n<POSIX TZ>\n" (version 2+). */
	if (tsize == 8 && off < len && p[off] == '\n') {
		for (end = off + 1; end < len && p[end] != '\n'; end++)
			;
		if (end < len && end - off - 1 < sizeof(footer) &&
		    end > off + 1) {
			memcpy(footer, p + off + 1, end - off - 1);
			footer[end - off - 1] = '\0';
			if (tz_rule_parse(&tz->rule, footer) == -1)
				return -1;
		}
	}
	return 0;
}

/* ---- POSIX TZ strings ------------------------------------------------- */

static const char *
rule_name(const char *s)
{
	const char *start = s;

	if (*s == '<') {
		while (*s != '\0' && *s != '>')
			s++;
		return *s == '>' && s - start >= 4 ? s + 1 : NULL;
	}
	while (isalpha((unsigned char)*s))
		s++;
	return s - start >= 3 ? s : NULL;
}

/* [+-]hh[:mm[:ss]] with hours up to max_h; NULL when malformed. */
static const char *
rule_time(const char *s, long max_h, long *out)
{
	long sign = 1, h = 0, m = 0, sec = 0;
	int n = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	while (isdigit((unsigned char)*s) && n++ < 3)
		h = h * 10 + (*s++ - '0');
	if (n == 0 || h > max_h)
		return NULL;
	if (*s == ':') {
		s++;
		if (!isdigit((unsigned char)s[0]) ||
		    !isdigit((unsigned char)s[1]))
			return NULL;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (*s == ':') {
			s++;
			if (!isdigit((unsigned char)s[0]) ||
			    !isdigit((unsigned char)s[1]))
				return NULL;
			sec = (s[0] - '0') * 10 + (s[1] - '0');
			s += 2;
		}
	}
	if (m > 59 || sec > 59)
		return NULL;
	*out = sign * (h * 3600 + m * 60 + sec);
	return s;
}

static const char *
rule_num(const char *s, int lo, int hi, int *out)
{
	int v = 0, n = 0;

	while (isdigit((unsigned char)*s) && n++ < 4)
		v = v * 10 + (*s++ - '0');
	if (n == 0 || v < lo || v > hi)
		return NULL;
	*out = v;
	return s;
}

static const char *
rule_date(const char *s, struct tz_rule_date *d)
{
	d->secs = 7200;		/* 02:00 when not given */
	if (*s == 'M') {
		d->kind = 'M';
		if ((s = rule_num(s + 1, 1, 12, &d->month)) == NULL ||
		    *s++ != '.' || (s = rule_num(s, 1, 5, &d->week)) == NULL ||
		    *s++ != '.' || (s = rule_num(s, 0, 6, &d->day)) == NULL)
			return NULL;
	} else if (*s == 'J') {
		d->kind = 'J';
		if ((s = rule_num(s + 1, 1, 365, &d->day)) == NULL)
			return NULL;
	} else {
		d->kind = 'D';
		if ((s = rule_num(s, 0, 365, &d->day)) == NULL)
			return NULL;
	}
	if (*s == '/')
		s = rule_time(s + 1, 167, &d->secs);
	return s;
}

int
tz_rule_parse(struct tz_rule *r, const char *s)
{
	long v;

	memset(r, 0, sizeof(*r));
	if ((s = rule_name(s)) == NULL || (s = rule_time(s, 24, &v)) == NULL)
		return -1;
	r->std_off = -v;	/* POSIX counts west as positive */
	r->present = true;
	if (*s == '\0')
		return 0;
	if ((s = rule_name(s)) == NULL)
		return -1;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if ((s = rule_time(s, 24, &v)) == NULL)
			return -1;
		r->dst_off = -v;
	}
	if (*s == '\0') {	/* no rule: the US rules since 2007 */
		r->start = (struct tz_rule_date){ 'M', 0, 2, 3, 7200 };
		r->end = (struct tz_rule_date){ 'M', 0, 1, 11, 7200 };
		return 0;
	}
	if (*s++ != ',' || (s = rule_date(s, &r->start)) == NULL ||
	    *s++ != ',' || (s = rule_date(s, &r->end)) == NULL || *s != '\0')
		return -1;
	return 0;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* The day (days since the epoch) a rule date falls on in year y. */
static int64_t
rule_day(int y, const struct tz_rule_date *d)
{
	int64_t jan1 = tz_days_from_civil(y, 1, 1), first;
	int dom;

	switch (d->kind) {
	case 'J':	/* 1-365, February 29 never counted */
		return jan1 + d->day - 1 + (leap(y) && d->day >= 60);
	case 'D':
		return jan1 + d->day;
	default:
		first = tz_days_from_civil(y, d->month, 1);
		dom = 1 + (d->day - tz_weekday(first) + 7) % 7 +
		    (d->week - 1) * 7;
		while (dom > month_days(y, d->month))
			dom -= 7;
		return first + dom - 1;
	}
}

static long
rule_offset(const struct tz_rule *r, int64_t t)
{
	struct tz_civil c;
	int64_t start, end;

	if (!r->has_dst)
		return r->std_off;
	tz_gmtime(t + r->std_off, &c);
	/* The change to DST happens at standard local time, back at DST. */
	start = rule_day(c.year, &r->start) * 86400 + r->start.secs -
	    r->std_off;
	end = rule_day(c.year, &r->end) * 86400 + r->end.secs - r->dst_off;
	if (start < end)
		return t >= start && t < end ? r->dst_off : r->std_off;
	return t >= end && t < start ? r->std_off : r->dst_off;
}

long
tz_offset(const struct tz *tz, int64_t t)
{
	size_t lo, hi, mid;

	if (tz->ntimes == 0 || t < tz->times[0]) {
		if (tz->ntimes == 0 && tz->rule.present)
			return rule_offset(&tz->rule, t);
		return tz->off[0];
	}
	if (t >= tz->times[tz->ntimes - 1] && tz->rule.present)
		return rule_offset(&tz->rule, t);
	lo = 0;
	hi = tz->ntimes;	/* times[lo] <= t < times[hi] */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->off[tz->idx[lo]];
}

int64_t
tz_from_local(const struct tz *tz, const struct tz_civil *local)
{
	int64_t l = tz_timegm(local), t, best = 0;
	long before = tz_offset(tz, l - 86400), after = tz_offset(tz, l + 86400);
	long cand[2] = { before, after };
	bool found = false;
	int i;

	/* A wall time is valid under offset o when the offset at l - o is o. */
	for (i = 0; i < 2; i++) {
		t = l - cand[i];
		if (tz_offset(tz, t) == cand[i] && (!found || t < best)) {
			best = t;
			found = true;
		}
	}
	if (found)
		return best;
	return l - before;	/* in the gap: as if the clock had not moved */
}

void
tz_to_local(const struct tz *tz, int64_t t, struct tz_civil *c)
{
	tz_gmtime(t + tz_offset(tz, t), c);
}

/* ---- civil time (H. Hinnant's algorithms) ------------------------------ */

int64_t
tz_days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
tz_timegm(const struct tz_civil *c)
{
	return tz_days_from_civil(c->year, c->month, c->day) * 86400 +
	    c->hour * 3600 + c->min * 60 + c->sec;
}

void
tz_gmtime(int64_t t, struct tz_civil *c)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;

	tz_civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
}

int
tz_weekday(int64_t days)
{
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* n digits at s as a number; -1 when not all digits. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD?HH:MM:SS" with sep as '?'; the rest of s in *end. */
static int
parse_civil(const char *s, char sep, struct tz_civil *c, const char **end)
{
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != sep && !(sep == 'T' && s[10] == 't')) ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	c->year = digits(s, 4);
	c->month = digits(s + 5, 2);
	c->day = digits(s + 8, 2);
	c->hour = digits(s + 11, 2);
	c->min = digits(s + 14, 2);
	c->sec = digits(s + 17, 2);
	if (c->year < 1970 || c->year > 9999 || c->month < 1 ||
	    c->month > 12 || c->day < 1 ||
	    c->day > month_days(c->year, c->month) || c->hour < 0 ||
	    c->hour > 23 || c->min < 0 || c->min > 59 || c->sec < 0 ||
	    c->sec > 59)
		return -1;
	*end = s + 19;
	return 0;
}

int
tz_parse_rfc3339(const char *s, int64_t *t)
{
	struct tz_civil c;
	const char *p;
	int h, m;

	if (s == NULL || parse_civil(s, 'T', &c, &p) == -1)
		return -1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	*t = tz_timegm(&c);
	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0')
		return 0;
	if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':' &&
	    (h = digits(p + 1, 2)) >= 0 && h <= 23 &&
	    (m = digits(p + 4, 2)) >= 0 && m <= 59) {
		*t -= (p[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
		return 0;
	}
	return -1;
}

int
tz_parse_db(const char *s, int64_t *t)
{
	struct tz_civil c;
	const char *p;

	if (s == NULL || parse_civil(s, ' ', &c, &p) == -1)
		return -1;
	*t = tz_timegm(&c);
	return 0;
}

void
tz_format_db(int64_t t, char *out, size_t len)
{
	struct tz_civil c;

	tz_gmtime(t, &c);
	snprintf(out, len, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month,
	    c.day, c.hour, c.min, c.sec);
}

void
tz_format_rfc3339(int64_t t, char *out, size_t len)
{
	struct tz_civil c;

	tz_gmtime(t, &c);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month,
	    c.day, c.hour, c.min, c.sec);
}
