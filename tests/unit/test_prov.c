/* Unit tests of prov.c's pure parts: back-off, rate-limit headers,
 * error reasons and query escaping. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "prov.h"

static void
test_backoff(void **state)
{
	(void)state;
	/* Full jitter: 1..ceiling, the ceiling doubling up to the cap. */
	assert_int_equal(prov_backoff_ms(1, 250, 8000, 0), 1);
	assert_int_equal(prov_backoff_ms(1, 250, 8000, 249), 250);
	assert_int_equal(prov_backoff_ms(1, 250, 8000, 250), 1);
	assert_int_equal(prov_backoff_ms(3, 250, 8000, 999), 1000);
	assert_int_equal(prov_backoff_ms(3, 250, 8000, 1000), 1);
	assert_true(prov_backoff_ms(30, 250, 8000, UINT32_MAX) <= 8000);
}

static void
test_wait_header(void **state)
{
	(void)state;
	assert_int_equal(prov_wait_header(NULL, 0), 0);
	assert_int_equal(prov_wait_header(" 3", 0), 3);
	assert_int_equal(prov_wait_header("soon", 0), 0);
	assert_int_equal(prov_wait_header("1800000005", 1800000000), 5);
	assert_int_equal(prov_wait_header("1700000000", 1800000000), 0);
	assert_int_equal(prov_wait_header("3600", 0), 60);	/* capped */
}

static void
test_reason(void **state)
{
	char out[256];
	cJSON *body = cJSON_Parse("{\"errors\":[{\"code\":\"10011\","
	    "\"title\":\"Too many requests\",\"detail\":\"Slow down.\"},"
	    "{\"code\":\"10015\",\"title\":\"Bad Request\"}]}");

	(void)state;
	prov_reason(body, 429, out, sizeof(out));
	assert_string_equal(out, "Too many requests: Slow down. (code 10011); "
	    "Bad Request (code 10015)");
	cJSON_Delete(body);
	prov_reason(NULL, 502, out, sizeof(out));
	assert_string_equal(out, "the provider answered HTTP 502");
	assert_true(prov_transient(429));
	assert_true(prov_transient(503));
	assert_true(prov_transient(0));
	assert_false(prov_transient(422));
	assert_false(prov_transient(404));
}

static void
test_escape(void **state)
{
	char out[128];

	(void)state;
	prov_query_escape("filter[national_destination_code]=415&x=+1 2",
	    out, sizeof(out));
	assert_string_equal(out, "filter%5Bnational_destination_code%5D=415"
	    "&x=%2B1%202");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_wait_header),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests_name("prov", tests, NULL, NULL);
}
