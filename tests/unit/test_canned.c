/* Unit tests of canned.c: limits, the merge fields a campaign's contacts
 * have, and a canned response rendered for one contact. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "canned.h"
#include "script.h"

/* n copies of the UTF-8 character s, in the arena. */
static const char *
repeat(struct arena *a, const char *s, size_t n)
{
	size_t len = strlen(s), i;
	char *out = arena_alloc(a, len * n + 1);

	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

static void
test_check(void **state)
{
	struct field_error err;
	struct arena a;

	(void)state;
	arena_init(&a, 65536);
	assert_int_equal(canned_check(&a, "Polling place", "Hi {first_name}",
	    &err), 0);
	/* Either may be absent (an edit). */
	assert_int_equal(canned_check(&a, NULL, "Hi", &err), 0);
	assert_int_equal(canned_check(&a, "T", NULL, &err), 0);
	assert_int_equal(canned_check(&a, NULL, NULL, &err), 0);
	/* Limits in characters, not bytes. */
	assert_int_equal(canned_check(&a, repeat(&a, "\xc3\xa9", 100),
	    repeat(&a, "\xe2\x82\xac", 1600), &err), 0);
	assert_int_equal(canned_check(&a, repeat(&a, "x", 101), "Hi", &err),
	    -1);
	assert_string_equal(err.field, "title");
	assert_int_equal(canned_check(&a, "T", repeat(&a, "x", 1601), &err),
	    -1);
	assert_string_equal(err.field, "text");
	assert_non_null(strstr(err.message, "1601"));
	/* Blank, empty, broken UTF-8. */
	assert_int_equal(canned_check(&a, " \t ", "Hi", &err), -1);
	assert_string_equal(err.field, "title");
	assert_int_equal(canned_check(&a, "T", "", &err), -1);
	assert_string_equal(err.field, "text");
	assert_int_equal(canned_check(&a, "T", "\n\n", &err), -1);
	assert_string_equal(err.field, "text");
	assert_int_equal(canned_check(&a, "T\xff", "Hi", &err), -1);
	assert_string_equal(err.field, "title");
	/* The title is checked first. */
	assert_int_equal(canned_check(&a, "", "", &err), -1);
	assert_string_equal(err.field, "title");
	arena_free(&a);
}

static void
test_unknown_field(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	/* The three standard fields, with or without a contact file. */
	assert_null(script_unknown_field(&a, "{first_name} {last_name} "
	    "{texter_first_name}", NULL));
	assert_null(script_unknown_field(&a, "{first_name}", "[]"));
	/* A column of the file, and one it lacks (the first is named). */
	assert_null(script_unknown_field(&a, "Ward {ward}", "[\"ward\"]"));
	assert_string_equal(script_unknown_field(&a, "{ward} {precinct} {zip}",
	    "[\"ward\"]"), "precinct");
	assert_string_equal(script_unknown_field(&a, "Ward {ward}", NULL),
	    "ward");
	/* Not merge fields: a lone brace, {} and {{. */
	assert_null(script_unknown_field(&a, "{ {} {{ x", "[]"));
	/* Names are case-sensitive, as rendering is. */
	assert_string_equal(script_unknown_field(&a, "{Ward}", "[\"ward\"]"),
	    "Ward");
	assert_non_null(strstr(canned_unknown_message(&a, "zip", "GOTV"),
	    "{zip}"));
	assert_non_null(strstr(canned_unknown_message(&a, "zip", "GOTV"),
	    "\"GOTV\""));
	arena_free(&a);
}

static void
test_render(void **state)
{
	struct texting_contact c = {
		"Ada", "Lovelace", "{\"ward\":\"7\"}", "Grace Hopper",
		"Reply STOP to stop.",
	};
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	/* Merge fields as the script's; no opt-out language on a reply. */
	assert_string_equal(canned_render(&a, "Hi {first_name} {last_name}, "
	    "{texter_first_name} here: ward {ward}.  \n", &c),
	    "Hi Ada Lovelace, Grace here: ward 7.");
	/* A contact without the column keeps it as written, to be edited. */
	c.fields = NULL;
	assert_string_equal(canned_render(&a, "Ward {ward}", &c),
	    "Ward {ward}");
	/* The contact is not changed. */
	assert_string_equal(c.opt_out_language, "Reply STOP to stop.");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
