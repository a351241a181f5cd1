/* Unit tests of buf.c and arena.c: limits, sticky errors, JSON escaping. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"

static void
test_limit_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	buf_adds(&b, "12345");
	assert_false(b.failed);
	buf_adds(&b, "6789");
	assert_true(b.failed);
	buf_adds(&b, "x");
	assert_string_equal(buf_str(&b), "12345");
	buf_free(&b);
}

static void
test_json_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	buf_add_json_str(&b, "a\"b\\c\nd\x01");
	assert_string_equal(buf_str(&b), "\"a\\\"b\\\\c\\nd\\u0001\"");
	buf_free(&b);
}

static void
test_arena(void **state)
{
	struct arena a;
	char *big, *s;
	int i;

	(void)state;
	arena_init(&a, 64);
	s = arena_printf(&a, "%s-%d", "x", 42);
	assert_string_equal(s, "x-42");
	big = arena_alloc(&a, 1000);	/* larger than a chunk */
	memset(big, 'y', 1000);
	for (i = 0; i < 100; i++)
		assert_non_null(arena_strdup(&a, "some text"));
	assert_int_equal((uintptr_t)arena_alloc(&a, 3) %
	    _Alignof(max_align_t), 0);
	arena_reset(&a);
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_is_sticky),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
