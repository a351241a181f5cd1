/* Unit tests of body.c: one JSON body against its declared fields. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "body.h"
#include "utf8.h"

static const char *
only_even(struct arena *a, const struct field *f, const cJSON *v)
{
	(void)a;
	(void)f;
	if (cJSON_IsNull(v))
		return NULL;	/* null clears */
	return cJSON_IsNumber(v) && (long long)v->valuedouble % 2 == 0 ?
	    NULL : "even must be even.";
}

static const struct field fields[] = {
	{ "name", F_STR, true, 1, 5, NULL, false },
	{ "ids", F_ID_LIST, false, 1, 3, NULL, false },
	{ "even", F_ANY, false, 0, 0, only_even, true },
	{ "any", F_ANY, false, 0, 0, NULL, false },
	{ "pace", F_INT, false, 1, 10, NULL, false },
	FIELDS_END,
};

static const struct field none[] = { FIELDS_END };

/* Checks a JSON text; 0, or -1 with *field the field named ("" none). */
static int
check(const struct field *f, const char *json, const char **field)
{
	static char name[64];
	struct field_error err;
	struct arena a;
	cJSON *body = cJSON_Parse(json);
	int rc;

	assert_non_null(body);
	arena_init(&a, 4096);
	rc = body_check(&a, body, f, &err);
	name[0] = '\0';
	if (rc == -1 && err.field != NULL)
		snprintf(name, sizeof(name), "%s", err.field);
	*field = name;
	if (rc == -1)
		assert_non_null(err.message);
	arena_free(&a);
	cJSON_Delete(body);
	return rc;
}

static void
test_unknown_keys(void **state)
{
	const char *f;

	(void)state;
	assert_int_equal(check(fields, "{\"name\":\"Ada\"}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"Ada\",\"nmae\":1}", &f), -1);
	assert_string_equal(f, "nmae");
	/* No body declared: {} only. */
	assert_int_equal(check(none, "{}", &f), 0);
	assert_int_equal(check(none, "{\"x\":1}", &f), -1);
	assert_string_equal(f, "x");
	assert_int_equal(check(none, "[]", &f), -1);
	assert_string_equal(f, "");	/* not an object: a 400 */
	/* A key that is not UTF-8 is named escaped. */
	assert_int_equal(check(fields, "{\"name\":\"a\",\"b\xff\":1}", &f), -1);
	assert_string_equal(f, "b\\xff");
}

static void
test_utf8_everywhere(void **state)
{
	const char *f;

	(void)state;
	/* U+10FFFF is the last; above it, and surrogates, are not text. */
	assert_int_equal(check(fields, "{\"name\":\"\xf4\x8f\xbf\xbf\"}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"\xf4\x90\x80\x80\"}", &f), -1);
	assert_string_equal(f, "name");
	assert_int_equal(check(fields, "{\"name\":\"\xed\xa0\x80\"}", &f), -1);
	assert_string_equal(f, "name");
	/* Nested strings of a field the table leaves to its check. */
	assert_int_equal(check(fields, "{\"name\":\"a\",\"any\":[\"ok\","
	    "{\"k\":\"\xed\xbf\xbf\"}]}", &f), -1);
	assert_string_equal(f, "any");
	assert_int_equal(check(fields, "{\"name\":\"a\",\"any\":{\"\xc0\xaf\":1}}",
	    &f), -1);
	assert_string_equal(f, "any");
}

static void
test_types_and_checks(void **state)
{
	const char *f;

	(void)state;
	assert_int_equal(check(fields, "{}", &f), -1);
	assert_string_equal(f, "name");
	assert_int_equal(check(fields, "{\"name\":null}", &f), -1);
	assert_string_equal(f, "name");
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":[1,2,3]}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":[]}", &f), -1);
	assert_string_equal(f, "ids");
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":[1,2,3,4]}", &f), -1);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":[1,1.5]}", &f), -1);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":[-1]}", &f), -1);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"ids\":null}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"even\":4}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"even\":3}", &f), -1);
	assert_string_equal(f, "even");
	assert_int_equal(check(fields, "{\"name\":\"a\",\"even\":null}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"pace\":10}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"pace\":11}", &f), -1);
	assert_string_equal(f, "pace");
	assert_int_equal(check(fields, "{\"name\":\"a\",\"pace\":1e1}", &f), 0);
	assert_int_equal(check(fields, "{\"name\":\"a\",\"pace\":2.5}", &f), -1);
}

static void
test_escape(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	assert_string_equal(utf8_escape(&a, "abc", 20), "abc");
	assert_string_equal(utf8_escape(&a, "h\xc3\xa9", 20), "h\xc3\xa9");
	assert_string_equal(utf8_escape(&a, "a\xff" "b", 20), "a\\xffb");
	assert_string_equal(utf8_escape(&a, "\xed\xa0\x80", 20),
	    "\\xed\\xa0\\x80");
	assert_string_equal(utf8_escape(&a, "\xf4\x90\x80\x80", 20),
	    "\\xf4\\x90\\x80\\x80");
	assert_string_equal(utf8_escape(&a, "12345", 3), "123...");
	assert_string_equal(utf8_escape(&a, "\xc3\xa9\xc3\xa9\xc3\xa9", 2),
	    "\xc3\xa9\xc3\xa9...");
	assert_string_equal(utf8_escape(&a, "abc\xe2\x82", 20), "abc\\xe2\\x82");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_utf8_everywhere),
		cmocka_unit_test(test_types_and_checks),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
