/*
 * Unit tests of pacing.c: intervals from messages per minute, slots
 * reserved on one scope and on two (the slower one wins, neither is ever
 * exceeded), an idle scope's first slot, the claim's look-ahead, the drain
 * estimate, and the effective rate.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pacing.h"

#define S	1000000LL	/* a second in microseconds */

static void
test_interval(void **state)
{
	(void)state;
	assert_int_equal(pacing_interval_us(60), S);
	assert_int_equal(pacing_interval_us(600), S / 10);
	/* 4,500/min: 13,333.33 us, rounded up: never faster than asked */
	assert_int_equal(pacing_interval_us(4500), 13334);
	assert_int_equal(pacing_interval_us(0), 0);
	assert_int_equal(pacing_interval_us(-5), 0);
}

static void
test_one_scope(void **state)
{
	struct pacing_scope uc = { 0, S / 10 };
	struct pacing_scope *s[] = { &uc };
	long long now = 1000 * S, slot, prev;
	int i;

	(void)state;
	/* idle: the first goes now, the next ones one interval apart */
	assert_int_equal(pacing_reserve(s, 1, now), now);
	assert_int_equal(uc.tat_us, now + S / 10);
	prev = now;
	for (i = 0; i < 100; i++) {
		slot = pacing_reserve(s, 1, now);
		assert_int_equal(slot - prev, S / 10);
		prev = slot;
	}
	/* 101 messages at 600/min: the last one 10 s after the first */
	assert_int_equal(prev, now + 10 * S);
	/* after a quiet spell the scope does not save up a burst */
	now = uc.tat_us + 60 * S;
	assert_int_equal(pacing_reserve(s, 1, now), now);
	assert_int_equal(pacing_reserve(s, 1, now), now + S / 10);
}

static void
test_two_scopes(void **state)
{
	/* a use case at 600/min, its number at 60/min */
	struct pacing_scope uc = { 0, S / 10 }, num = { 0, S };
	struct pacing_scope other = { 0, S };	/* another number, same use case */
	struct pacing_scope *a[] = { &uc, &num }, *b[] = { &uc, &other };
	long long now = 50 * S;

	(void)state;
	assert_int_equal(pacing_reserve(a, 2, now), now);
	/* the number holds its next one back a whole second ... */
	assert_int_equal(pacing_reserve(a, 2, now), now + S);
	/* ... while another number of the use case goes one use-case
	 * interval after it, not a second */
	assert_int_equal(pacing_reserve(b, 2, now), now + S + S / 10);
	assert_int_equal(uc.tat_us, now + S + 2 * (S / 10));
	assert_int_equal(num.tat_us, now + 2 * S);
	/* no limit on a number: the use case alone decides */
	num.interval_us = 0;
	num.tat_us = 0;
	assert_int_equal(pacing_reserve(a, 2, now), now + S + 2 * (S / 10));
	assert_int_equal(num.tat_us, 0);
}

static void
test_missing_and_unlimited(void **state)
{
	struct pacing_scope free_scope = { 0, 0 };
	struct pacing_scope *s[] = { NULL, &free_scope };

	(void)state;
	assert_int_equal(pacing_reserve(s, 2, 7 * S), 7 * S);
	assert_int_equal(pacing_reserve(s, 2, 7 * S), 7 * S);
	assert_int_equal(pacing_reserve(s, 0, 7 * S), 7 * S);
}

static void
test_due(void **state)
{
	(void)state;
	assert_true(pacing_due(10 * S, 10 * S, 0));
	assert_true(pacing_due(10 * S - 1, 10 * S, 0));
	assert_false(pacing_due(10 * S + 1, 10 * S, 0));
	assert_true(pacing_due(10 * S + 50000, 10 * S, 50000));
	assert_false(pacing_due(10 * S + 50001, 10 * S, 50000));
}

static void
test_drain(void **state)
{
	long long now = 100 * S;

	(void)state;
	assert_int_equal(pacing_drain_s(now, 0, 0, 0, S), 0);
	/* every one has its slot: the last slot says it */
	assert_int_equal(pacing_drain_s(now, now + 90 * S, 0, now + 91 * S,
	    S / 10), 90);
	assert_int_equal(pacing_drain_s(now, now + S / 2, 0, 0, S), 1);
	/* slots in the past (the sender is behind): nothing left to wait */
	assert_int_equal(pacing_drain_s(now, now - 5 * S, 0, 0, S), 0);
	/* 600 without a slot at 600/min behind 30 s reserved on the scope:
	 * the first at +30 s, the last 599 intervals later */
	assert_int_equal(pacing_drain_s(now, now + 10 * S, 600, now + 30 * S,
	    S / 10), 90);
	/* an idle scope: the first goes now */
	assert_int_equal(pacing_drain_s(now, 0, 1, 0, S / 10), 0);
	assert_int_equal(pacing_drain_s(now, 0, 11, 0, S / 10), 1);
	/* no limit: they all go now */
	assert_int_equal(pacing_drain_s(now, 0, 10000, 0, 0), 0);
}

static void
test_per_minute(void **state)
{
	(void)state;
	assert_int_equal(pacing_per_minute(4500, 0), 4500);
	assert_int_equal(pacing_per_minute(600, 60), 60);
	assert_int_equal(pacing_per_minute(60, 600), 60);
	assert_int_equal(pacing_per_minute(0, 75), 75);
	assert_int_equal(pacing_per_minute(0, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval),
		cmocka_unit_test(test_one_scope),
		cmocka_unit_test(test_two_scopes),
		cmocka_unit_test(test_missing_and_unlimited),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_drain),
		cmocka_unit_test(test_per_minute),
	};

	return cmocka_run_group_tests_name("pacing", tests, NULL, NULL);
}
