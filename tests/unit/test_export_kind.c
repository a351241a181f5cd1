/* Unit tests of export_csv.c's kinds: what POST exports takes. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "export_csv.h"

static void
test_parse(void **state)
{
	enum export_kind k = EXPORT_OPT_OUTS;

	(void)state;
	assert_int_equal(export_kind_parse("conversations", &k), 0);
	assert_int_equal(k, EXPORT_CONVERSATIONS);
	assert_int_equal(export_kind_parse("messages", &k), 0);
	assert_int_equal(k, EXPORT_MESSAGES);
	assert_int_equal(export_kind_parse("opt_outs", &k), 0);
	assert_int_equal(k, EXPORT_OPT_OUTS);
	assert_int_equal(export_kind_parse("opt-outs", &k), -1);
	assert_int_equal(export_kind_parse("Conversations", &k), -1);
	assert_int_equal(export_kind_parse("", &k), -1);
	assert_int_equal(export_kind_parse(NULL, &k), -1);
}

static void
test_check(void **state)
{
	struct arena a;
	cJSON *ok = cJSON_CreateString("messages");
	cJSON *bad = cJSON_CreateString("contacts");
	cJSON *num = cJSON_CreateNumber(1);

	(void)state;
	arena_init(&a, 1024);
	assert_null(export_kind_check(&a, NULL, ok));
	assert_non_null(export_kind_check(&a, NULL, bad));
	assert_non_null(export_kind_check(&a, NULL, num));
	cJSON_Delete(ok);
	cJSON_Delete(bad);
	cJSON_Delete(num);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
