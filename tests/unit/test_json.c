/* Unit tests of json.c: the one whole-number check, the strict parse of a
 * body (trailing bytes, NUL bytes) and where a \u0000 escape is. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

/* json_whole_id on the value of a JSON text; -1 when refused. */
static long long
id_of(const char *text)
{
	cJSON *v = cJSON_Parse(text);
	long long n;
	bool ok;

	assert_non_null(v);
	ok = json_whole_id(v, &n);
	cJSON_Delete(v);
	return ok ? n : -1;
}

static void
test_whole_id(void **state)
{
	(void)state;
	assert_int_equal(id_of("1"), 1);
	assert_int_equal(id_of("42"), 42);
	assert_int_equal(id_of("9007199254740991"), 9007199254740991LL);
	assert_int_equal(id_of("1e3"), 1000);	/* a whole value */
	assert_int_equal(id_of("2.0"), 2);
	assert_int_equal(id_of("1.5"), -1);	/* fractional */
	assert_int_equal(id_of("1e-3"), -1);
	assert_int_equal(id_of("0"), -1);
	assert_int_equal(id_of("-4"), -1);	/* negative */
	assert_int_equal(id_of("9007199254740992"), -1);	/* too large */
	assert_int_equal(id_of("1e300"), -1);
	assert_int_equal(id_of("1e400"), -1);	/* infinity */
	assert_int_equal(id_of("\"3\""), -1);	/* not a number */
	assert_int_equal(id_of("null"), -1);
	assert_int_equal(id_of("true"), -1);
}

static void
test_whole_range(void **state)
{
	cJSON *v = cJSON_CreateNumber(5000);
	long long n = 0;

	(void)state;
	assert_true(json_whole(v, 1, 5000, &n));
	assert_int_equal(n, 5000);
	assert_false(json_whole(v, 1, 4999, &n));
	cJSON_SetNumberValue(v, -3);
	assert_true(json_whole(v, -5, 5, &n));
	assert_int_equal(n, -3);
	assert_false(json_whole(NULL, 0, 1, &n));
	cJSON_Delete(v);
}

/* json_parse_strict over the first len bytes; the error offset or -1. */
static long
strict(const char *text, size_t len)
{
	size_t at = 999;
	cJSON *v = json_parse_strict(text, len, &at);

	if (v != NULL) {
		cJSON_Delete(v);
		return -1;
	}
	return (long)at;
}

static void
test_strict(void **state)
{
	(void)state;
	assert_int_equal(strict("{\"name\":\"x\"}", 12), -1);
	assert_int_equal(strict(" {\"name\":\"x\"} \r\n\t", 17), -1);
	assert_int_equal(strict("{\"name\":\"x\"}xyz", 15), 12);
	assert_int_equal(strict("{\"name\":\"x\"} {}", 15), 13);
	/* A NUL byte, after the value or inside a string. */
	assert_int_equal(strict("{\"name\":\"x\"}\0junk", 17), 12);
	assert_int_equal(strict("{\"name\":\"a\0b\"}", 14), 10);
	assert_int_equal(strict("{\"name\":\"x\"", 11) >= 0, 1);
	assert_int_equal(strict("", 0), 0);
	assert_int_equal(strict("[1,2]", 5), -1);
	/* Only the len bytes count. */
	assert_int_equal(strict("{}trailing", 2), -1);
}

static void
test_nul_escape(void **state)
{
	const char *t;

	(void)state;
	t = "{\"name\":\"x\"}";
	assert_int_equal(json_nul_escape(t, strlen(t)), -1);
	t = "{\"name\":\"a\\u0000b\"}";
	assert_int_equal(json_nul_escape(t, strlen(t)), 0);
	t = "{\"a\":1, \"b\":[\"x\", {\"c\":\"\\u0000\"}]}";
	assert_int_equal(json_nul_escape(t, strlen(t)), 1);
	t = "{\"a\":\"\\\\u0000\"}";	/* an escaped backslash, then text */
	assert_int_equal(json_nul_escape(t, strlen(t)), -1);
	t = "{\"a\":\"\\\"\", \"b\":\"\\u0000\"}";	/* an escaped quote first */
	assert_int_equal(json_nul_escape(t, strlen(t)), 1);
	t = "{\"a\\u0000\":1}";	/* in a key */
	assert_int_equal(json_nul_escape(t, strlen(t)), -2);
	t = "[\"\\u0000\"]";	/* not in an object's member */
	assert_int_equal(json_nul_escape(t, strlen(t)), -2);
	t = "{\"a\":\"\\u00001\"}";
	assert_int_equal(json_nul_escape(t, strlen(t)), 0);
	t = "{\"a\":\"\\u0001\"}";
	assert_int_equal(json_nul_escape(t, strlen(t)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_id),
		cmocka_unit_test(test_whole_range),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_nul_escape),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
