/* Unit tests of valid.c: roles, e-mail addresses, UTF-8, ids, ranges. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "valid.h"

static void
test_roles(void **state)
{
	(void)state;
	assert_int_equal(role_parse("owner"), ROLE_OWNER);
	assert_int_equal(role_parse("texter"), ROLE_TEXTER);
	assert_int_equal(role_parse("Owner"), ROLE_NONE);
	assert_int_equal(role_parse(""), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	assert_true(ROLE_OWNER > ROLE_ADMIN && ROLE_ADMIN > ROLE_SUPERVISOR &&
	    ROLE_SUPERVISOR > ROLE_TEXTER);
	assert_string_equal(role_name(ROLE_SUPERVISOR), "supervisor");
}

static void
test_email(void **state)
{
	(void)state;
	assert_true(valid_email("a@b.co"));
	assert_true(valid_email("first.last+tag@sub.example.org"));
	assert_false(valid_email("no-at.example.org"));
	assert_false(valid_email("@example.org"));
	assert_false(valid_email("a@b"));
	assert_false(valid_email("a@@b.org"));
	assert_false(valid_email("a b@c.org"));
	assert_false(valid_email("a@-b.org"));
	assert_false(valid_email("a@b..org"));
	assert_false(valid_email("a@b.org\r\nBcc: x@y.z"));
}

static void
test_utf8(void **state)
{
	(void)state;
	assert_int_equal(utf8_len("abc"), 3);
	assert_int_equal(utf8_len("h\xc3\xa9llo"), 5);
	assert_int_equal(utf8_len("\xf0\x9f\x93\xb1"), 1);
	assert_int_equal(utf8_len("\xc3"), -1);
	assert_int_equal(utf8_len("\xc0\xaf"), -1);	/* overlong */
	assert_int_equal(utf8_len("\xff"), -1);
	/* Strict (RFC 3629): what MariaDB's utf8mb4 refuses, and surrogates,
	 * which it stores but no UTF-8 reader takes. */
	assert_int_equal(utf8_len("\xf4\x90\x80\x80"), -1);	/* U+110000 */
	assert_int_equal(utf8_len("\xf5\x80\x80\x80"), -1);
	assert_int_equal(utf8_len("\xf4\x8f\xbf\xbf"), 1);	/* U+10FFFF */
	assert_int_equal(utf8_len("\xed\xa0\x80"), -1);		/* U+D800 */
	assert_int_equal(utf8_len("\xed\xbf\xbf"), -1);		/* U+DFFF */
	assert_int_equal(utf8_len("\xed\x9f\xbf"), 1);		/* U+D7FF */
	assert_int_equal(utf8_len("\xe0\x80\xaf"), -1);		/* overlong */
	assert_int_equal(utf8_len("\xf0\x80\x80\xaf"), -1);	/* overlong */
	assert_int_equal(utf8_len("\x80"), -1);			/* continuation */
	assert_int_equal(utf8_len("\xe2\x82"), -1);		/* cut short */
}

static void
test_ids(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(parse_id("42", 2, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_id("042", 3, &v), -1);
	assert_int_equal(parse_id("4x", 2, &v), -1);
	assert_int_equal(parse_id("", 0, &v), -1);
	assert_int_equal(parse_id("1234567890123456789", 19, &v), -1);
	assert_int_equal(parse_range("200", 1, 200, &v), 0);
	assert_int_equal(parse_range("201", 1, 200, &v), -1);
	assert_int_equal(parse_range("0", 1, 200, &v), -1);
	assert_int_equal(parse_range("5 ", 1, 200, &v), -1);
	assert_int_equal(parse_range("", 1, 200, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests_name("valid", tests, NULL, NULL);
}
