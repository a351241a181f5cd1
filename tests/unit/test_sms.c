/*
 * Unit tests of sms.c (GSM-7 or UCS-2, characters and segments at the
 * 160/153 and 70/67 limits, extension characters costing two septets and
 * never split, surrogate pairs) and script.c (merge fields).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "script.h"
#include "sms.h"

static void
count(const char *text, bool gsm7, size_t chars, size_t units, size_t segs)
{
	struct sms_count c;

	assert_int_equal(sms_count(text, &c), 0);
	assert_int_equal(c.gsm7, gsm7);
	assert_int_equal(c.characters, chars);
	assert_int_equal(c.units, units);
	assert_int_equal(c.segments, segs);
	assert_string_equal(sms_encoding_name(&c), gsm7 ? "GSM-7" : "UCS-2");
}

/* unit n times into buf (8192 bytes), or appended when at is true. */
static char *
add(char *buf, const char *unit, size_t n, bool at_end)
{
	size_t len = at_end ? strlen(buf) : 0, u = strlen(unit), i;

	for (i = 0; i < n && len + u < 8192; i++, len += u)
		memcpy(buf + len, unit, u);
	buf[len] = '\0';
	return buf;
}

static char *
repeat(char *buf, const char *unit, size_t n)
{
	return add(buf, unit, n, false);
}

static void
test_gsm7(void **state)
{
	static char b[8192];

	(void)state;
	count("", true, 0, 0, 0);
	count("Hi Ada, polls open 7am-8pm! @home? \xc2\xa3" "5 \xc3\xa9", true,
	    39, 39, 1);
	count(repeat(b, "a", 160), true, 160, 160, 1);
	count(repeat(b, "a", 161), true, 161, 161, 2);
	count(repeat(b, "a", 306), true, 306, 306, 2);
	count(repeat(b, "a", 307), true, 307, 307, 3);
	/* Extension characters cost two septets. */
	count("{}[]~\\|^\xe2\x82\xac", true, 9, 18, 1);
	count(repeat(b, "\xe2\x82\xac", 80), true, 80, 160, 1);
	count(repeat(b, "\xe2\x82\xac", 81), true, 81, 162, 2);
	/* 152 plain, a euro, 152 plain: 306 septets would fit 2 parts of
	 * 153, but the euro's escape pair is not split, so part 1 ends at
	 * 152 and a third part is needed. */
	repeat(b, "a", 152);
	add(b, "\xe2\x82\xac", 1, true);
	add(b, "a", 152, true);
	count(b, true, 305, 306, 3);
}

static void
test_ucs2(void **state)
{
	static char b[8192];

	(void)state;
	count("Hola \xc2\xbf" "qu\xc3\xa9 tal?", true, 14, 14, 1);
	count("Vote \xf0\x9f\x97\xb3", false, 6, 7, 1);	/* a ballot emoji */
	count("\xe4\xbd\xa0\xe5\xa5\xbd", false, 2, 2, 1);
	count(repeat(b, "\xc3\xa7", 70), false, 70, 70, 1);	/* c cedilla */
	count(repeat(b, "\xc3\xa7", 71), false, 71, 71, 2);
	count(repeat(b, "\xc3\xa7", 134), false, 134, 134, 2);
	count(repeat(b, "\xc3\xa7", 135), false, 135, 135, 3);
	/* A surrogate pair is never split: 134 units, yet 3 parts. */
	repeat(b, "\xc3\xa7", 66);
	add(b, "\xf0\x9f\x97\xb3", 1, true);
	add(b, "\xc3\xa7", 66, true);
	count(b, false, 133, 134, 3);
}

static void
test_bad_utf8(void **state)
{
	struct sms_count c;

	(void)state;
	assert_int_equal(sms_count("\xc3", &c), -1);
	assert_int_equal(sms_count("\xed\xa0\x80", &c), -1);	/* surrogate */
	assert_int_equal(sms_count("\xc0\xaf", &c), -1);	/* overlong */
}

static const char *
lookup(const char *name, void *ctx)
{
	(void)ctx;
	if (strcmp(name, "first_name") == 0)
		return "Ada";
	if (strcmp(name, "texter_first_name") == 0)
		return "Sam";
	if (strcmp(name, "Polling Place") == 0)
		return "Elm St. School";
	if (strcmp(name, "empty") == 0)
		return "";
	return NULL;
}

static void
test_script(void **state)
{
	struct arena a;
	const char *unknown;

	(void)state;
	arena_init(&a, 4096);
	assert_string_equal(script_render(&a, "Hi {first_name}, it's "
	    "{texter_first_name}. Vote at {Polling Place}!{empty}", lookup,
	    NULL, &unknown), "Hi Ada, it's Sam. Vote at Elm St. School!");
	assert_null(unknown);
	assert_string_equal(script_render(&a, "Hi {nickname} {first_name} "
	    "{ward}", lookup, NULL, &unknown), "Hi {nickname} Ada {ward}");
	assert_string_equal(unknown, "nickname");
	/* Braces that are not merge fields stay as written. */
	assert_string_equal(script_render(&a, "{} { {{first_name}} } x{",
	    lookup, NULL, &unknown), "{} { {Ada} } x{");
	assert_null(unknown);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsm7),
		cmocka_unit_test(test_ucs2),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_script),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
