/* Unit tests of route.c: matching (404/405, ids) and body field checks. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "route.h"

static void
test_match(void **state)
{
	const struct route *rt;
	long long ids[3];
	size_t n;
	char allow[64];
	int status;

	(void)state;
	rt = route_match("GET", "/api/v1/health", ids, &n, allow,
	    sizeof(allow), &status);
	assert_non_null(rt);
	assert_int_equal(n, 0);

	/* HEAD answers like GET: the same route. */
	assert_ptr_equal(route_match("HEAD", "/api/v1/health", ids, &n, allow,
	    sizeof(allow), &status), rt);

	rt = route_match("PATCH", "/api/v1/orgs/7/people/42", ids, &n, allow,
	    sizeof(allow), &status);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/orgs/:id/people/:id");
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 42);
}

static void
test_not_found(void **state)
{
	long long ids[3];
	size_t n;
	char allow[64];
	int status;

	(void)state;
	assert_null(route_match("GET", "/api/v1/nope", ids, &n, allow,
	    sizeof(allow), &status));
	assert_int_equal(status, 404);
	assert_null(route_match("GET", "/api/v1/orgs/x/people", ids, &n,
	    allow, sizeof(allow), &status));
	assert_int_equal(status, 404);
	assert_null(route_match("GET", "/api/v1/orgs/1/people/", ids, &n,
	    allow, sizeof(allow), &status));
	assert_int_equal(status, 404);
	assert_null(route_match("GET", "/api/v1/health/x", ids, &n, allow,
	    sizeof(allow), &status));
	assert_int_equal(status, 404);
	assert_null(route_match("GET", "/api/v1", ids, &n, allow,
	    sizeof(allow), &status));
	assert_int_equal(status, 404);
}

static void
test_method_not_allowed(void **state)
{
	long long ids[3];
	size_t n;
	char allow[64];
	int status;

	(void)state;
	assert_null(route_match("PUT", "/api/v1/orgs/3/people/4", ids, &n,
	    allow, sizeof(allow), &status));
	assert_int_equal(status, 405);
	assert_string_equal(allow, "PATCH, DELETE");
	assert_null(route_match("DELETE", "/api/v1/health", ids, &n, allow,
	    sizeof(allow), &status));
	assert_int_equal(status, 405);
	assert_string_equal(allow, "GET, HEAD");
	/* HEAD goes only where GET does. */
	assert_null(route_match("HEAD", "/api/v1/auth/login", ids, &n, allow,
	    sizeof(allow), &status));
	assert_int_equal(status, 405);
	assert_string_equal(allow, "POST");
}

static const struct field fields[] = {
	{ "name", F_STR, true, 1, 5, NULL, false },
	{ "email", F_EMAIL, false, 0, 0, NULL, false },
	{ "role", F_ROLE, false, 0, 0, NULL, false },
	{ "password", F_PASSWORD, false, 0, 0, NULL, false },
	{ "token", F_TOKEN, false, 0, 0, NULL, false },
	{ "area_code", F_AREA_CODE, false, 0, 0, NULL, false },
	{ "use_case_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};

/* Runs the field check on a JSON text; returns the status, sets *field. */
static int
check(const char *json, const char **field)
{
	static struct arena a;
	struct req r;
	int status;

	arena_init(&a, 4096);
	memset(&r, 0, sizeof(r));
	r.a = &a;
	r.json = cJSON_Parse(json);
	status = route_check_fields(&r, fields);
	*field = r.err_field;
	cJSON_Delete(r.json);
	arena_free(&a);
	return status;
}

static void
test_fields(void **state)
{
	const char *f;

	(void)state;
	assert_int_equal(check("{\"name\":\"Ada\"}", &f), 0);
	assert_int_equal(check("{}", &f), 422);
	assert_string_equal(f, "name");
	assert_int_equal(check("{\"name\":\"toolong\"}", &f), 422);
	assert_int_equal(check("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}", &f), 0);
	assert_int_equal(check("{\"name\":5}", &f), 422);
	assert_int_equal(check("[1]", &f), 400);
	assert_int_equal(check("{\"name\":\"a\",\"email\":\"bad\"}", &f), 422);
	assert_string_equal(f, "email");
	assert_int_equal(check("{\"name\":\"a\",\"role\":\"boss\"}", &f), 422);
	assert_string_equal(f, "role");
	assert_int_equal(check("{\"name\":\"a\",\"password\":\"short\"}", &f), 422);
	assert_string_equal(f, "password");
	assert_int_equal(check("{\"name\":\"a\",\"token\":\"abc/def+ghijklmnopq\"}", &f), 422);
	assert_string_equal(f, "token");
	assert_int_equal(check("{\"name\":\"a\",\"token\":\"abcdefghijklmnopqrstuv-_\"}", &f), 0);
}

static void
test_area_codes_and_ids(void **state)
{
	const char *f;

	(void)state;
	assert_int_equal(check("{\"name\":\"a\",\"area_code\":\"415\",\"use_case_id\":3}", &f), 0);
	assert_int_equal(check("{\"name\":\"a\",\"area_code\":\"115\"}", &f), 422);
	assert_string_equal(f, "area_code");
	assert_int_equal(check("{\"name\":\"a\",\"area_code\":\"41\"}", &f), 422);
	assert_int_equal(check("{\"name\":\"a\",\"area_code\":\"4150\"}", &f), 422);
	assert_int_equal(check("{\"name\":\"a\",\"area_code\":415}", &f), 422);
	assert_int_equal(check("{\"name\":\"a\",\"use_case_id\":\"3\"}", &f), 422);
	assert_string_equal(f, "use_case_id");
	assert_int_equal(check("{\"name\":\"a\",\"use_case_id\":1.5}", &f), 422);
	assert_int_equal(check("{\"name\":\"a\",\"use_case_id\":0}", &f), 422);
	assert_int_equal(check("{\"name\":\"a\",\"use_case_id\":-4}", &f), 422);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_area_codes_and_ids),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
