/*
 * Unit tests of campaign_fields.c's names of copies: a clone or a retry
 * is "<name> (copy)" / "(retry)", numbered past the names already taken,
 * never a copy of a copy's suffix, and never longer than 200 characters.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "campaign_fields.h"

static void
test_base(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	assert_string_equal(campaign_copy_base(&a, "GOTV"), "GOTV");
	assert_string_equal(campaign_copy_base(&a, "GOTV (copy)"), "GOTV");
	assert_string_equal(campaign_copy_base(&a, "GOTV (copy 12)"), "GOTV");
	assert_string_equal(campaign_copy_base(&a, "GOTV (retry)"), "GOTV");
	assert_string_equal(campaign_copy_base(&a, "GOTV (retry 2)"), "GOTV");
	/* Not a copy's suffix: kept. */
	assert_string_equal(campaign_copy_base(&a, "GOTV (Oakland)"),
	    "GOTV (Oakland)");
	assert_string_equal(campaign_copy_base(&a, "GOTV (copy x)"),
	    "GOTV (copy x)");
	assert_string_equal(campaign_copy_base(&a, "GOTV (copy )"),
	    "GOTV (copy )");
	assert_string_equal(campaign_copy_base(&a, "GOTV(copy)"), "GOTV(copy)");
	assert_string_equal(campaign_copy_base(&a, "(copy)"), "(copy)");
	assert_string_equal(campaign_copy_base(&a, ""), "");
	arena_free(&a);
}

static void
test_next_free(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const some[] = { "GOTV", "GOTV (copy)",
	    "GOTV (copy 2)", "GOTV (retry)", "GOTV (copy 4)" };
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	assert_string_equal(campaign_copy_name(&a, "GOTV", "copy", none, 0),
	    "GOTV (copy)");
	assert_string_equal(campaign_copy_name(&a, "GOTV", "copy", some, 5),
	    "GOTV (copy 3)");
	assert_string_equal(campaign_copy_name(&a, "GOTV", "retry", some, 5),
	    "GOTV (retry 2)");
	assert_string_equal(campaign_copy_name(&a, "Other", "retry", some, 5),
	    "Other (retry)");
	arena_free(&a);
}

/* A name of 200 characters (multi-byte ones too) keeps within 200. */
static void
test_long(void **state)
{
	char name[2 * 200 + 1];
	const char *copy, *taken[1];
	struct arena a;
	size_t i, chars;

	(void)state;
	arena_init(&a, 4096);
	for (i = 0; i < 200; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);	/* é */
	name[400] = '\0';
	copy = campaign_copy_name(&a, name, "retry", NULL, 0);
	for (chars = 0, i = 0; copy[i] != '\0'; i++)
		chars += ((unsigned char)copy[i] & 0xc0) != 0x80;
	assert_int_equal(chars, 200);
	assert_non_null(strstr(copy, " (retry)"));
	taken[0] = copy;
	copy = campaign_copy_name(&a, name, "retry", taken, 1);
	for (chars = 0, i = 0; copy[i] != '\0'; i++)
		chars += ((unsigned char)copy[i] & 0xc0) != 0x80;
	assert_int_equal(chars, 200);
	assert_non_null(strstr(copy, " (retry 2)"));
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_next_free),
		cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
