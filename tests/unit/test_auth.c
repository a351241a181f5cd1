/* Unit tests of auth.c and req.c's cookie and query parsing. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "auth.h"
#include "req.h"

static void
test_tokens(void **state)
{
	struct arena a;
	char *t1, *t2, *h;

	(void)state;
	assert_int_equal(auth_init(), 0);
	arena_init(&a, 4096);
	t1 = auth_token(&a, AUTH_INVITE_BYTES);
	t2 = auth_token(&a, AUTH_INVITE_BYTES);
	assert_int_equal(strlen(t1), 32);	/* 192 bits, base64url */
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789-_"), 32);
	assert_string_not_equal(t1, t2);
	h = auth_token_hash(&a, "abc");
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_true(auth_equal(t1, t1));
	assert_false(auth_equal(t1, t2));
	assert_false(auth_equal("", ""));
	arena_free(&a);
}

static void
test_passwords(void **state)
{
	struct arena a;
	char *h;

	(void)state;
	arena_init(&a, 4096);
	h = auth_password_hash(&a, "correct horse");
	assert_non_null(h);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(auth_password_ok(h, "correct horse"));
	assert_false(auth_password_ok(h, "correct horsE"));
	arena_free(&a);
}

static void
test_cookies_and_query(void **state)
{
	struct arena a;
	struct req r;

	(void)state;
	arena_init(&a, 4096);
	memset(&r, 0, sizeof(r));
	r.a = &a;
	r.cookies = "ll_csrf=abc; ll_session=tok123;x=1";
	r.query = "limit=5&cursor=9&limitx=7";
	assert_string_equal(req_cookie(&r, "ll_session"), "tok123");
	assert_string_equal(req_cookie(&r, "ll_csrf"), "abc");
	assert_string_equal(req_cookie(&r, "x"), "1");
	assert_null(req_cookie(&r, "ll"));
	assert_string_equal(req_query(&r, "limit"), "5");
	assert_string_equal(req_query(&r, "cursor"), "9");
	r.cookies = NULL;
	assert_null(req_cookie(&r, "ll_session"));
	arena_free(&a);
}

static void
test_page(void **state)
{
	struct arena a;
	struct req r;
	long long limit, cursor;

	(void)state;
	arena_init(&a, 4096);
	memset(&r, 0, sizeof(r));
	r.a = &a;
	r.query = "limit=2";
	assert_int_equal(req_page(&r, &limit, &cursor), 0);
	assert_int_equal(limit, 2);
	assert_int_equal(cursor, 0);
	r.query = "limit=500";
	assert_int_equal(req_page(&r, &limit, &cursor), -1);
	assert_string_equal(r.err_field, "limit");
	r.query = "cursor=abc";
	assert_int_equal(req_page(&r, &limit, &cursor), -1);
	assert_string_equal(r.err_field, "cursor");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_cookies_and_query),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
