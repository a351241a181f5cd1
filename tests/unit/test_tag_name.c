/* Unit tests of tag_name.c: trimming and refusing tag names. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arena.h"
#include "tag_name.h"

static void
test_trimmed(void **state)
{
	struct arena a;
	char *out;

	(void)state;
	arena_init(&a, 1024);
	assert_null(tag_name_clean(&a, "wrong number", &out));
	assert_string_equal(out, "wrong number");
	assert_null(tag_name_clean(&a, "  needs follow-up \t", &out));
	assert_string_equal(out, "needs follow-up");
	assert_null(tag_name_clean(&a, "Élan ✓", &out));
	assert_string_equal(out, "Élan ✓");
	arena_free(&a);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"", " ", "\t\n", "two\nlines", "tab\there", "bell\a", "del\x7f",
	};
	struct arena a;
	char *out;
	size_t i;

	(void)state;
	arena_init(&a, 1024);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = tag_name_clean(&a, bad[i], &out);

		assert_non_null(why);
		assert_non_null(strstr(why, "name"));
		assert_null(out);
	}
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trimmed),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
