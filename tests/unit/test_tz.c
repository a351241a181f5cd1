/*
 * Unit tests of tz.c: TZif files of /usr/share/zoneinfo, POSIX TZ rules
 * (the footer, used past a file's last transition), DST changes in both
 * directions, local -> UTC in skipped and repeated hours, unknown zones,
 * and the RFC 3339 / DATETIME text forms; tz_cache.c keeps what it read.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tz.h"
#include "tz_cache.h"

static int64_t
utc(const char *s)
{
	int64_t t = 0;

	assert_int_equal(tz_parse_rfc3339(s, &t), 0);
	return t;
}

static struct tz *
zone(const char *name)
{
	struct tz *z = malloc(sizeof(*z));

	assert_non_null(z);
	assert_int_equal(tz_load(z, NULL, name), 0);
	return z;
}

static void
local_is(const struct tz *z, const char *when, int y, int mo, int d, int h,
    int mi)
{
	struct tz_civil c;

	tz_to_local(z, utc(when), &c);
	assert_int_equal(c.year, y);
	assert_int_equal(c.month, mo);
	assert_int_equal(c.day, d);
	assert_int_equal(c.hour, h);
	assert_int_equal(c.min, mi);
}

/* America/New_York, 2026: DST from 03-08 07:00Z to 11-01 06:00Z. */
static void
test_new_york_dst(void **state)
{
	struct tz *ny = zone("America/New_York");

	(void)state;
	assert_int_equal(tz_offset(ny, utc("2026-03-08T06:59:59Z")), -5 * 3600);
	assert_int_equal(tz_offset(ny, utc("2026-03-08T07:00:00Z")), -4 * 3600);
	local_is(ny, "2026-03-08T06:59:00Z", 2026, 3, 8, 1, 59);
	local_is(ny, "2026-03-08T07:00:00Z", 2026, 3, 8, 3, 0);
	assert_int_equal(tz_offset(ny, utc("2026-11-01T05:59:59Z")), -4 * 3600);
	assert_int_equal(tz_offset(ny, utc("2026-11-01T06:00:00Z")), -5 * 3600);
	local_is(ny, "2026-11-01T05:30:00Z", 2026, 11, 1, 1, 30);
	local_is(ny, "2026-11-01T06:30:00Z", 2026, 11, 1, 1, 30);
	local_is(ny, "2026-07-04T16:00:00Z", 2026, 7, 4, 12, 0);
	local_is(ny, "2026-01-15T14:00:00Z", 2026, 1, 15, 9, 0);
	free(ny);
}

static void
test_from_local(void **state)
{
	struct tz *ny = zone("America/New_York");
	struct tz_civil c = { 2026, 3, 8, 9, 0, 0 };

	(void)state;
	/* 09:00 on the day clocks spring forward is 13:00Z (EDT). */
	assert_true(tz_from_local(ny, &c) == utc("2026-03-08T13:00:00Z"));
	c = (struct tz_civil){ 2026, 3, 7, 9, 0, 0 };
	assert_true(tz_from_local(ny, &c) == utc("2026-03-07T14:00:00Z"));
	/* 02:30 does not exist that night: it is read as 03:30 EDT. */
	c = (struct tz_civil){ 2026, 3, 8, 2, 30, 0 };
	assert_true(tz_from_local(ny, &c) == utc("2026-03-08T07:30:00Z"));
	/* 01:30 happens twice in November: the first one (EDT). */
	c = (struct tz_civil){ 2026, 11, 1, 1, 30, 0 };
	assert_true(tz_from_local(ny, &c) == utc("2026-11-01T05:30:00Z"));
	c = (struct tz_civil){ 2026, 11, 1, 9, 0, 0 };
	assert_true(tz_from_local(ny, &c) == utc("2026-11-01T14:00:00Z"));
	free(ny);
}

static void
test_other_zones(void **state)
{
	struct tz *la = zone("America/Los_Angeles"), *ph = zone("America/Phoenix");
	struct tz *hi = zone("Pacific/Honolulu"), *u = zone("UTC");
	struct tz *lon = zone("Europe/London"), *syd = zone("Australia/Sydney");

	(void)state;
	assert_int_equal(tz_offset(la, utc("2026-03-08T10:00:00Z")), -7 * 3600);
	assert_int_equal(tz_offset(la, utc("2026-03-08T09:59:00Z")), -8 * 3600);
	/* Arizona keeps standard time all year. */
	assert_int_equal(tz_offset(ph, utc("2026-07-01T12:00:00Z")), -7 * 3600);
	assert_int_equal(tz_offset(hi, utc("2026-07-01T12:00:00Z")), -10 * 3600);
	assert_int_equal(tz_offset(u, utc("2026-07-01T12:00:00Z")), 0);
	/* Europe changes on another Sunday: 2026-03-29 01:00Z. */
	assert_int_equal(tz_offset(lon, utc("2026-03-29T00:59:00Z")), 0);
	assert_int_equal(tz_offset(lon, utc("2026-03-29T01:00:00Z")), 3600);
	/* The southern hemisphere: DST across the new year. */
	assert_int_equal(tz_offset(syd, utc("2026-01-15T00:00:00Z")), 11 * 3600);
	assert_int_equal(tz_offset(syd, utc("2026-07-15T00:00:00Z")), 10 * 3600);
	free(la);
	free(ph);
	free(hi);
	free(u);
	free(lon);
	free(syd);
}

/* Past the file's transitions the footer's POSIX rule decides. */
static void
test_footer_rule(void **state)
{
	struct tz *ny = zone("America/New_York");
	struct tz_rule r;

	(void)state;
	assert_true(ny->rule.present);
	assert_true(ny->rule.has_dst);
	/* 2040: second Sunday of March is the 11th, first of November the 4th. */
	assert_int_equal(tz_offset(ny, utc("2040-03-11T06:59:00Z")), -5 * 3600);
	assert_int_equal(tz_offset(ny, utc("2040-03-11T07:00:00Z")), -4 * 3600);
	assert_int_equal(tz_offset(ny, utc("2040-11-04T05:59:00Z")), -4 * 3600);
	assert_int_equal(tz_offset(ny, utc("2040-11-04T06:00:00Z")), -5 * 3600);

	assert_int_equal(tz_rule_parse(&r, "EST5EDT,M3.2.0,M11.1.0"), 0);
	assert_int_equal(r.std_off, -5 * 3600);
	assert_int_equal(r.dst_off, -4 * 3600);
	assert_int_equal(tz_rule_parse(&r, "<+0330>-3:30"), 0);
	assert_int_equal(r.std_off, 3 * 3600 + 1800);
	assert_false(r.has_dst);
	assert_int_equal(tz_rule_parse(&r, "AEST-10AEDT,M10.1.0,M4.1.0/3"), 0);
	assert_int_equal(r.end.secs, 3 * 3600);
	assert_int_equal(tz_rule_parse(&r, "IST-1GMT0,M10.5.0,M3.5.0/1"), 0);
	assert_int_equal(tz_rule_parse(&r, "XX"), -1);
	assert_int_equal(tz_rule_parse(&r, "EST5EDT,M13.2.0,M11.1.0"), -1);
	assert_int_equal(tz_rule_parse(&r, "EST5EDT,M3.2.0"), -1);
	free(ny);
}

static void
test_unknown_zones(void **state)
{
	struct tz *z = malloc(sizeof(*z));
	static const unsigned char junk[] = "TZif2 but not really a zone";

	(void)state;
	assert_non_null(z);
	assert_int_equal(tz_load(z, NULL, "Mars/Olympus_Mons"), -1);
	assert_int_equal(tz_load(z, NULL, "../../etc/passwd"), -1);
	assert_int_equal(tz_load(z, NULL, "/etc/passwd"), -1);
	assert_int_equal(tz_load(z, NULL, "America"), -1);	/* a folder */
	assert_int_equal(tz_load(z, NULL, ""), -1);
	assert_int_equal(tz_load(z, NULL, "zone.tab"), -1);	/* not TZif */
	assert_false(tz_name_ok("America/../etc"));
	assert_false(tz_name_ok("America//New_York"));
	assert_true(tz_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(tz_name_ok("Etc/GMT+5"));
	assert_int_equal(tz_parse(z, junk, sizeof(junk)), -1);
	free(z);
}

static void
test_text_forms(void **state)
{
	int64_t t;
	char out[32];

	(void)state;
	assert_int_equal(tz_parse_rfc3339("2026-11-28T17:00:00Z", &t), 0);
	tz_format_db(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-28 17:00:00");
	tz_format_rfc3339(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-28T17:00:00Z");
	assert_int_equal(tz_parse_rfc3339("2026-11-28T09:00:00-08:00", &t), 0);
	tz_format_rfc3339(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-28T17:00:00Z");
	assert_int_equal(tz_parse_rfc3339("2026-11-28T17:00:00.123Z", &t), 0);
	assert_int_equal(tz_parse_db("2026-02-28 23:59:59", &t), 0);
	assert_int_equal(tz_parse_rfc3339("2026-02-30T00:00:00Z", &t), -1);
	assert_int_equal(tz_parse_rfc3339("2026-11-28 17:00:00Z", &t), -1);
	assert_int_equal(tz_parse_rfc3339("2026-11-28T17:00:00", &t), -1);
	assert_int_equal(tz_parse_rfc3339("2026-11-28T24:00:00Z", &t), -1);
	assert_int_equal(tz_parse_rfc3339("tomorrow", &t), -1);
	assert_int_equal(tz_weekday(tz_days_from_civil(2026, 3, 8)), 0);
	assert_int_equal(tz_weekday(tz_days_from_civil(1970, 1, 1)), 4);
	assert_int_equal(tz_weekday(tz_days_from_civil(1969, 12, 31)), 3);
}

/* Copies /usr/share/zoneinfo/<name> into dir/<as>. */
static void
copy_zone(const char *dir, const char *name, const char *as)
{
	char path[512], buf[4096];
	FILE *in, *out;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	assert_non_null(in = fopen(path, "rb"));
	snprintf(path, sizeof(path), "%s/%s", dir, as);
	assert_non_null(out = fopen(path, "wb"));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void
test_cache(void **state)
{
	char dir[] = "/tmp/ll-tz-XXXXXX", path[512];
	struct tz *direct = malloc(sizeof(*direct));
	struct tz *cached = malloc(sizeof(*cached));
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	copy_zone(dir, "America/Chicago", "Zone_A");
	assert_int_equal(tz_load(direct, dir, "Zone_A"), 0);
	assert_int_equal(tz_load_cached(cached, dir, "Zone_A"), 0);
	assert_memory_equal(direct, cached, sizeof(*direct));
	/* Gone from the disk: still answered, from the cache. */
	snprintf(path, sizeof(path), "%s/Zone_A", dir);
	assert_int_equal(unlink(path), 0);
	memset(cached, 0, sizeof(*cached));
	assert_int_equal(tz_load_cached(cached, dir, "Zone_A"), 0);
	assert_memory_equal(direct, cached, sizeof(*direct));
	assert_int_equal(tz_load_cached(cached, dir, "Zone_B"), -1);
	assert_int_equal(tz_load_cached(cached, dir, "../Zone_A"), -1);
	/* More zones than slots: the least recently used one goes. */
	for (i = 0; i < TZ_CACHE_N; i++) {
		snprintf(path, sizeof(path), "Zone_B%d", i);
		copy_zone(dir, "America/Denver", path);
		assert_int_equal(tz_load_cached(cached, dir, path), 0);
		snprintf(path, sizeof(path), "%s/Zone_B%d", dir, i);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(tz_load_cached(cached, dir, "Zone_A"), -1);
	snprintf(path, sizeof(path), "Zone_B%d", TZ_CACHE_N - 1);
	assert_int_equal(tz_load_cached(cached, dir, path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(direct);
	free(cached);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york_dst),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_other_zones),
		cmocka_unit_test(test_footer_rule),
		cmocka_unit_test(test_unknown_zones),
		cmocka_unit_test(test_text_forms),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
