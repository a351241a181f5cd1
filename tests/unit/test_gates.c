/*
 * Unit tests of gates.c: every gate of an initial message (status, number,
 * incident wait, start, end, open hours) with when it opens, open hours on
 * the local wall clock across both DST changes of 2026 in New York, and
 * replies (allowed after the end, on paused campaigns, never without a
 * number).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gates.h"

static struct tz *ny;

static int64_t
utc(const char *s)
{
	int64_t t = 0;

	assert_int_equal(tz_parse_rfc3339(s, &t), 0);
	return t;
}

/* An active campaign on a complete number, open 09:00-21:00 New York,
 * window March 1 - December 1 2026. */
static struct gate_campaign
active(void)
{
	struct gate_campaign c;

	memset(&c, 0, sizeof(c));
	c.status = "active";
	c.number_status = "complete";
	c.start_at = utc("2026-03-01T14:00:00Z");
	c.end_at = utc("2026-12-01T02:00:00Z");
	c.open_from_min = 9 * 60;
	c.open_until_min = 21 * 60;
	c.tz = ny;
	return c;
}

static void
closed_by(const struct gate_campaign *c, const char *now, enum gate_code code,
    const char *opens)
{
	struct gate g;

	assert_false(gates_initial(c, utc(now), &g));
	assert_int_equal(g.code, code);
	assert_string_equal(g.name, gate_name(code));
	assert_non_null(g.message);
	if (opens == NULL)
		assert_true(g.opens_at == 0);
	else
		assert_true(g.opens_at == utc(opens));
}

static void
is_open(const struct gate_campaign *c, const char *now)
{
	struct gate g;

	assert_true(gates_initial(c, utc(now), &g));
	assert_int_equal(g.code, GATE_OPEN);
	assert_string_equal(g.name, "open");
}

static void
test_open(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	is_open(&c, "2026-06-10T13:00:00Z");	/* 09:00 EDT */
	is_open(&c, "2026-06-10T00:59:59Z");	/* 20:59:59 EDT */
}

static void
test_status_gates(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	c.status = "draft";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NOT_LAUNCHED, NULL);
	c.status = "launching";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NOT_LAUNCHED, NULL);
	c.status = "paused";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_PAUSED, NULL);
	c.status = "failed";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_FAILED, NULL);
	c.status = "archived";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_ARCHIVED, NULL);
}

static void
test_number_gates(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	c.number_status = "initiated";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NO_NUMBER, NULL);
	c.number_status = NULL;
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NO_NUMBER, NULL);
	c.number_status = "failed";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NUMBER_FAILED, NULL);
	c.number_status = "complete";
	c.number_released = true;
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NO_NUMBER, NULL);
}

/* Incident mode: sending_opens_at set; a number still provisioning will do. */
static void
test_incident_wait(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	c.number_status = "initiated";
	c.sending_opens_at = utc("2026-06-10T16:10:00Z");
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_INCIDENT_WAIT,
	    "2026-06-10T16:10:00Z");
	is_open(&c, "2026-06-10T16:10:00Z");
	/* A wait that ends at night opens with the next open hour. */
	c.sending_opens_at = utc("2026-06-11T01:05:00Z");	/* 21:05 EDT */
	closed_by(&c, "2026-06-11T01:00:00Z", GATE_INCIDENT_WAIT,
	    "2026-06-11T13:00:00Z");
	c.number_status = "failed";
	closed_by(&c, "2026-06-10T16:00:00Z", GATE_NUMBER_FAILED, NULL);
}

static void
test_window(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	closed_by(&c, "2026-02-27T15:00:00Z", GATE_BEFORE_START,
	    "2026-03-01T14:00:00Z");
	/* A start at night opens with the first open hour after it. */
	c.start_at = utc("2026-06-10T03:00:00Z");	/* 23:00 EDT */
	closed_by(&c, "2026-06-10T02:00:00Z", GATE_BEFORE_START,
	    "2026-06-10T13:00:00Z");
	c = active();
	closed_by(&c, "2026-12-01T02:00:00Z", GATE_AFTER_END, NULL);
	closed_by(&c, "2027-01-05T15:00:00Z", GATE_AFTER_END, NULL);
	/* Unset start and end: no window limit. */
	c.start_at = c.end_at = 0;
	is_open(&c, "2030-01-02T15:00:00Z");
}

static void
test_open_hours(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	/* 08:59 EDT: opens at 09:00 the same day. */
	closed_by(&c, "2026-06-10T12:59:00Z", GATE_CLOSED_HOURS,
	    "2026-06-10T13:00:00Z");
	/* 21:00 EDT: closed until 09:00 tomorrow. */
	closed_by(&c, "2026-06-11T01:00:00Z", GATE_CLOSED_HOURS,
	    "2026-06-11T13:00:00Z");
	/* Closed at night and the window ends before morning: never opens. */
	c.end_at = utc("2026-06-11T05:00:00Z");
	closed_by(&c, "2026-06-11T01:00:00Z", GATE_CLOSED_HOURS, NULL);
}

/* 2026-03-08, clocks spring forward at 02:00: 09:00 EDT = 13:00Z. */
static void
test_spring_forward(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	/* 13:30Z: 08:30 under EST yesterday's offset, 09:30 EDT: open. */
	is_open(&c, "2026-03-08T13:30:00Z");
	closed_by(&c, "2026-03-08T12:30:00Z", GATE_CLOSED_HOURS,
	    "2026-03-08T13:00:00Z");
	/* The night before, the next opening is already on EDT. */
	closed_by(&c, "2026-03-08T03:00:00Z", GATE_CLOSED_HOURS,
	    "2026-03-08T13:00:00Z");
	/* 21:00 EDT closes at 01:00Z, an hour earlier than on EST. */
	is_open(&c, "2026-03-08T00:30:00Z");	/* 19:30 EST on the 7th */
	closed_by(&c, "2026-03-09T01:00:00Z", GATE_CLOSED_HOURS,
	    "2026-03-09T13:00:00Z");
	/* Open hours starting in the skipped hour open just after it. */
	c.open_from_min = 2 * 60 + 30;
	closed_by(&c, "2026-03-08T06:30:00Z", GATE_CLOSED_HOURS,
	    "2026-03-08T07:30:00Z");
}

/* 2026-11-01, clocks fall back at 02:00: 09:00 EST = 14:00Z. */
static void
test_fall_back(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	/* 13:30Z is 08:30 EST: closed, though under EDT it was 09:30. */
	closed_by(&c, "2026-11-01T13:30:00Z", GATE_CLOSED_HOURS,
	    "2026-11-01T14:00:00Z");
	is_open(&c, "2026-11-01T14:00:00Z");
	is_open(&c, "2026-11-02T01:59:00Z");	/* 20:59 EST */
	closed_by(&c, "2026-11-02T02:00:00Z", GATE_CLOSED_HOURS,
	    "2026-11-02T14:00:00Z");
	/* The evening before the change closes on EDT. */
	closed_by(&c, "2026-11-01T01:00:00Z", GATE_CLOSED_HOURS,
	    "2026-11-01T14:00:00Z");
}

static void
test_replies(void **state)
{
	struct gate_campaign c = active();
	struct gate g;

	(void)state;
	/* After the end and at night: replies still go. */
	assert_true(gates_reply(&c, utc("2027-01-05T05:00:00Z"), &g));
	c.status = "paused";
	assert_true(gates_reply(&c, utc("2026-06-10T16:00:00Z"), &g));
	c.status = "archived";
	assert_false(gates_reply(&c, utc("2026-06-10T16:00:00Z"), &g));
	assert_int_equal(g.code, GATE_ARCHIVED);
	c = active();
	c.number_status = "failed";
	assert_false(gates_reply(&c, utc("2026-06-10T16:00:00Z"), &g));
	assert_int_equal(g.code, GATE_NUMBER_FAILED);
	c = active();
	c.status = "failed";
	assert_false(gates_reply(&c, utc("2026-06-10T16:00:00Z"), &g));
}

static void
test_next_open(void **state)
{
	struct gate_campaign c = active();

	(void)state;
	assert_true(gates_next_open(&c, utc("2026-06-10T16:00:00Z")) ==
	    utc("2026-06-10T16:00:00Z"));
	c.open_from_min = 0;
	c.open_until_min = 1440;
	assert_true(gates_next_open(&c, utc("2026-06-10T04:00:00Z")) ==
	    utc("2026-06-10T04:00:00Z"));
	c.open_from_min = c.open_until_min = 600;	/* never open */
	assert_true(gates_next_open(&c, utc("2026-06-10T04:00:00Z")) == 0);
}

static int
setup(void **state)
{
	(void)state;
	ny = malloc(sizeof(*ny));
	return ny == NULL || tz_load(ny, NULL, "America/New_York") != 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(ny);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_status_gates),
		cmocka_unit_test(test_number_gates),
		cmocka_unit_test(test_incident_wait),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_open_hours),
		cmocka_unit_test(test_spring_forward),
		cmocka_unit_test(test_fall_back),
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_next_open),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
