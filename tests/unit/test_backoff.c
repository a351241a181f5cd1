/*
 * Unit tests of the per-address limits' arithmetic (backoff.c) and of the
 * device labels of a person's sessions (ua.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "backoff.h"
#include "ua.h"

static void
test_below_the_limit_never_waits(void **state)
{
	(void)state;
	assert_int_equal(backoff_wait_ms(0, 20, 2000, 900000, 0), 0);
	assert_int_equal(backoff_wait_ms(19, 20, 2000, 900000, 0), 0);
}

static void
test_each_further_subject_doubles_the_wait(void **state)
{
	(void)state;
	/* At the limit: the first wait, counted from the last failure. */
	assert_int_equal(backoff_wait_ms(20, 20, 2000, 900000, 0), 2000);
	assert_int_equal(backoff_wait_ms(20, 20, 2000, 900000, 500), 1500);
	assert_int_equal(backoff_wait_ms(20, 20, 2000, 900000, 2000), 0);
	assert_int_equal(backoff_wait_ms(21, 20, 2000, 900000, 0), 4000);
	assert_int_equal(backoff_wait_ms(22, 20, 2000, 900000, 1000), 7000);
	assert_int_equal(backoff_wait_ms(25, 20, 2000, 900000, 0), 64000);
}

static void
test_the_wait_is_capped(void **state)
{
	(void)state;
	assert_int_equal(backoff_wait_ms(40, 20, 2000, 900000, 0), 900000);
	/* no overflow however many */
	assert_int_equal(backoff_wait_ms(1000000, 20, 2000, 900000, 0),
	    900000);
	assert_int_equal(backoff_wait_ms(1000000, 1, 1000, 1000, 400), 600);
	/* a clock that went back is no reason to wait longer */
	assert_int_equal(backoff_wait_ms(20, 20, 2000, 900000, -5000), 2000);
}

static void
label_is(const char *ua, const char *want)
{
	char b[64];

	ua_label(b, sizeof(b), ua);
	assert_string_equal(b, want);
}

static void
test_device_labels(void **state)
{
	(void)state;
	label_is("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	    "Chrome on Windows");
	label_is("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 "
	    "Edg/126.0.2592.56", "Edge on Windows");
	label_is("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
	    "Mobile/15E148 Safari/604.1", "Safari on iPhone");
	label_is("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 "
	    "Mobile/15E148 Safari/604.1", "Chrome on iPhone");
	label_is("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
	    "Safari/605.1.15", "Safari on Mac");
	label_is("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 "
	    "Firefox/127.0", "Firefox on Linux");
	label_is("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile "
	    "Safari/537.36", "Samsung Internet on Android");
	label_is("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
	    "like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
	    "Chrome on Linux");
	label_is("curl/8.5.0", "curl");
	label_is("node", "node");
	label_is(NULL, "Unknown device");
	label_is("", "Unknown device");
	label_is("(((", "Unknown device");
}

static void
test_stored_user_agents_are_plain(void **state)
{
	struct arena a;
	char big[400];

	(void)state;
	arena_init(&a, 1024);
	assert_null(ua_clean(&a, NULL));
	assert_null(ua_clean(&a, ""));
	assert_string_equal(ua_clean(&a, "Caf\xc3\xa9/1.0\n"), "Caf?" "?/1.0?");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(strlen(ua_clean(&a, big)), UA_MAX);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_below_the_limit_never_waits),
		cmocka_unit_test(test_each_further_subject_doubles_the_wait),
		cmocka_unit_test(test_the_wait_is_capped),
		cmocka_unit_test(test_device_labels),
		cmocka_unit_test(test_stored_user_agents_are_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
