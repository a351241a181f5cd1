/*
 * Unit tests of send_settle.c: which provider records may be our message
 * (outbound, our number to the contact, '+' or not, oldest first), which
 * one is bound (the first whose id is no message of ours), the status a
 * record gives, and when a message is looked at again or marked unknown
 * (no record by the deadline; records that cannot be read; records that
 * do not answer).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "send_settle.h"

#define FROM	"+14155550100"
#define TO	"+12025550123"

static const char *records =
    "{\"data\":["
    /* inbound from the contact: never ours */
    "{\"id\":\"in-1\",\"cli\":\"+12025550123\",\"cld\":\"+14155550100\","
    "\"direction\":\"inbound\",\"status\":\"RECEIVED\","
    "\"created_at\":\"2026-12-08T10:00:05Z\"},"
    /* to another contact */
    "{\"id\":\"other\",\"cli\":\"+14155550100\",\"cld\":\"+12025550999\","
    "\"direction\":\"outbound\",\"status\":\"DELIVERED\","
    "\"created_at\":\"2026-12-08T10:00:01Z\"},"
    /* ours, newer, written without '+' */
    "{\"id\":\"b\",\"cli\":\"14155550100\",\"cld\":\"12025550123\","
    "\"direction\":\"OUTBOUND\",\"status\":\"DELIVERED\","
    "\"created_at\":\"2026-12-08T10:00:09Z\"},"
    /* ours, older */
    "{\"id\":\"a\",\"cli\":\"+14155550100\",\"cld\":\"+12025550123\","
    "\"direction\":\"outbound\",\"status\":\"GW_REJECT\","
    "\"created_at\":\"2026-12-08T10:00:02Z\",\"parts\":1},"
    /* no id */
    "{\"cli\":\"+14155550100\",\"cld\":\"+12025550123\","
    "\"direction\":\"outbound\",\"status\":\"DELIVERED\"}"
    "],\"meta\":{\"page_number\":1,\"total_pages\":1}}";

static void
test_candidates(void **state)
{
	struct settle_record c[8];
	cJSON *body = cJSON_Parse(records);
	size_t n;

	(void)state;
	assert_non_null(body);
	n = settle_candidates(body, FROM, TO, c, 8);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].id, "a");	/* oldest first */
	assert_string_equal(c[0].status, "GW_REJECT");
	assert_string_equal(c[1].id, "b");
	/* room for one: the first seen that matches */
	assert_int_equal(settle_candidates(body, FROM, TO, c, 1), 1);
	/* none for another pair, none in an empty or odd answer */
	assert_int_equal(settle_candidates(body, FROM, "+13105550000", c, 8), 0);
	cJSON_Delete(body);
	body = cJSON_Parse("{\"data\":[]}");
	assert_int_equal(settle_candidates(body, FROM, TO, c, 8), 0);
	cJSON_Delete(body);
	body = cJSON_Parse("{\"data\":{\"id\":\"x\"}}");
	assert_int_equal(settle_candidates(body, FROM, TO, c, 8), 0);
	cJSON_Delete(body);
	assert_int_equal(settle_candidates(NULL, FROM, TO, c, 8), 0);
}

static void
test_bind(void **state)
{
	struct settle_record c[8];
	struct settle_decision d;
	bool known[8] = { false, false };
	cJSON *body = cJSON_Parse(records);
	size_t n = settle_candidates(body, FROM, TO, c, 8);

	(void)state;
	settle_decide(200, NULL, c, known, n, 70, 600, &d);
	assert_int_equal(d.action, SETTLE_BIND);
	assert_string_equal(d.provider_id, "a");
	assert_string_equal(d.status, "failed");
	assert_non_null(strstr(d.reason, "GW_REJECT"));
	/* "a" is another message's already: this one is "b" */
	known[0] = true;
	settle_decide(200, NULL, c, known, n, 70, 600, &d);
	assert_int_equal(d.action, SETTLE_BIND);
	assert_string_equal(d.provider_id, "b");
	assert_string_equal(d.status, "delivered");
	assert_string_equal(d.reason, "");
	/* a record is bound even past the deadline */
	settle_decide(200, NULL, c, known, n, 6000, 600, &d);
	assert_int_equal(d.action, SETTLE_BIND);
	/* both known: none of them is this message */
	known[1] = true;
	settle_decide(200, NULL, c, known, n, 70, 600, &d);
	assert_int_equal(d.action, SETTLE_LATER);
	cJSON_Delete(body);
}

static void
test_none_found(void **state)
{
	struct settle_decision d;

	(void)state;
	settle_decide(200, NULL, NULL, NULL, 0, 30, 600, &d);
	assert_int_equal(d.action, SETTLE_LATER);
	settle_decide(200, NULL, NULL, NULL, 0, 599, 600, &d);
	assert_int_equal(d.action, SETTLE_LATER);
	settle_decide(200, NULL, NULL, NULL, 0, 600, 600, &d);
	assert_int_equal(d.action, SETTLE_UNKNOWN);
	assert_non_null(strstr(d.reason, "records showed no such message "
	    "10 minutes after the first attempt"));
	assert_non_null(strstr(d.reason, "not sent again"));
}

static void
test_records_refused(void **state)
{
	struct settle_decision d;
	long st[] = { 401, 403, 404 };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		/* at once, whatever the wait */
		settle_decide(st[i], "Forbidden (code 10010)", NULL, NULL, 0,
		    5, 600, &d);
		assert_int_equal(d.action, SETTLE_UNKNOWN);
		assert_non_null(strstr(d.reason, "cannot be read"));
		assert_non_null(strstr(d.reason, "Forbidden (code 10010)"));
	}
}

static void
test_records_down(void **state)
{
	struct settle_decision d;
	long st[] = { 500, 503, 429, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		settle_decide(st[i], "the provider answered HTTP 503", NULL,
		    NULL, 0, 5, 600, &d);
		assert_int_equal(d.action, SETTLE_LATER);
		settle_decide(st[i], "could not reach the provider", NULL, NULL,
		    0, 900, 600, &d);
		assert_int_equal(d.action, SETTLE_UNKNOWN);
		assert_non_null(strstr(d.reason, "did not answer"));
	}
}

static void
test_status(void **state)
{
	(void)state;
	assert_string_equal(settle_status("DELIVERED"), "delivered");
	assert_string_equal(settle_status("FAILED"), "failed");
	assert_string_equal(settle_status("GW_REJECT"), "failed");
	assert_string_equal(settle_status("GW_TIMEOUT"), "sent");
	assert_string_equal(settle_status("DLR_UNCONFIRMED"), "sent");
	assert_string_equal(settle_status("DLR_TIMEOUT"), "sent");
	assert_string_equal(settle_status("SOMETHING_NEW"), "sent");
	assert_string_equal(settle_status(NULL), "sent");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_bind),
		cmocka_unit_test(test_none_found),
		cmocka_unit_test(test_records_refused),
		cmocka_unit_test(test_records_down),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests_name("send_settle", tests, NULL, NULL);
}
