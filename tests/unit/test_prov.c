/* Unit tests of prov.c's pure parts: back-off, rate-limit headers (and
 * that they count after a 429 only), error codes, error reasons and query
 * escaping. */
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

/* Retry-After and x-ratelimit-reset set the wait after a 429 only: a 5xx
 * or a timeout that carries them takes the ordinary back-off. */
static void
test_rate_limit_wait(void **state)
{
	(void)state;
	assert_int_equal(prov_rate_limit_wait(429, "7", "30", 0), 7);
	assert_int_equal(prov_rate_limit_wait(429, NULL, "30", 0), 30);
	assert_int_equal(prov_rate_limit_wait(429, "soon", "1800000009",
	    1800000000), 9);
	assert_int_equal(prov_rate_limit_wait(429, NULL, NULL, 0), 0);
	assert_int_equal(prov_rate_limit_wait(503, "7", "30", 0), 0);
	assert_int_equal(prov_rate_limit_wait(500, NULL, "30", 0), 0);
	assert_int_equal(prov_rate_limit_wait(0, "7", "30", 0), 0);
	assert_int_equal(prov_rate_limit_wait(200, "7", "30", 0), 0);
}

static void
test_error_code(void **state)
{
	cJSON *full = cJSON_Parse("{\"errors\":[{\"code\":\"10011\"},"
	    "{\"code\":\"40318\",\"title\":\"Message queue full\"}]}");
	cJSON *stop = cJSON_Parse("{\"errors\":[{\"code\":40300,"
	    "\"title\":\"Blocked due to STOP message\"}]}");

	(void)state;
	assert_true(prov_error_code(full, "40318"));
	assert_true(prov_error_code(full, "10011"));
	assert_false(prov_error_code(full, "40300"));
	assert_true(prov_error_code(stop, "40300"));	/* a number too */
	assert_false(prov_error_code(stop, "4030"));
	assert_false(prov_error_code(NULL, "40300"));
	cJSON_Delete(full);
	cJSON_Delete(stop);
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
		cmocka_unit_test(test_rate_limit_wait),
		cmocka_unit_test(test_error_code),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests_name("prov", tests, NULL, NULL);
}
