/* Unit tests of survey.c: the limits of questions and options, the next
 * question an option may lead to (the tree never loops), and the
 * question a conversation is at. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "survey.h"

/* n copies of the UTF-8 character s, in the arena. */
static const char *
repeat(struct arena *a, const char *s, size_t n)
{
	size_t len = strlen(s), i;
	char *out = arena_alloc(a, len * n + 1);

	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

static void
test_question_limits(void **state)
{
	struct field_error err;
	struct arena a;

	(void)state;
	arena_init(&a, 65536);
	assert_int_equal(survey_check_question(&a, "Will you vote?", &err), 0);
	assert_int_equal(survey_check_question(&a, NULL, &err), 0);
	assert_int_equal(survey_check_question(&a, repeat(&a, "\xc3\xa9", 500),
	    &err), 0);
	assert_int_equal(survey_check_question(&a, repeat(&a, "x", 501), &err),
	    -1);
	assert_string_equal(err.field, "text");
	assert_non_null(strstr(err.message, "501"));
	assert_int_equal(survey_check_question(&a, " \n\t", &err), -1);
	assert_string_equal(err.field, "text");
	assert_int_equal(survey_check_question(&a, "", &err), -1);
	assert_int_equal(survey_check_question(&a, "Q\xff", &err), -1);
	assert_string_equal(err.field, "text");
	arena_free(&a);
}

static void
test_option_limits(void **state)
{
	struct field_error err;
	struct arena a;

	(void)state;
	arena_init(&a, 65536);
	assert_int_equal(survey_check_option(&a, "Yes", "Great!", &err), 0);
	/* An empty reply offers none; either may be absent (an edit). */
	assert_int_equal(survey_check_option(&a, "Yes", "", &err), 0);
	assert_int_equal(survey_check_option(&a, NULL, "  ", &err), 0);
	assert_int_equal(survey_check_option(&a, "Yes", NULL, &err), 0);
	assert_int_equal(survey_check_option(&a, repeat(&a, "\xe2\x82\xac",
	    100), repeat(&a, "\xc3\xbc", 1600), &err), 0);
	assert_int_equal(survey_check_option(&a, repeat(&a, "x", 101), "", &err),
	    -1);
	assert_string_equal(err.field, "label");
	assert_int_equal(survey_check_option(&a, " ", "", &err), -1);
	assert_string_equal(err.field, "label");
	assert_int_equal(survey_check_option(&a, "L", repeat(&a, "x", 1601),
	    &err), -1);
	assert_string_equal(err.field, "reply");
	assert_int_equal(survey_check_option(&a, "L", "\xc3", &err), -1);
	assert_string_equal(err.field, "reply");
	/* The label is checked first. */
	assert_int_equal(survey_check_option(&a, "", repeat(&a, "x", 1601),
	    &err), -1);
	assert_string_equal(err.field, "label");
	arena_free(&a);
}

/*
 * The tree of the tests: 1 -(option 10)-> 2 -(option 20)-> 3,
 * 1 -(option 11)-> end, 3 -(option 30)-> end; 4 stands apart.
 */
static const long long qs[] = { 1, 2, 3, 4 };
static const struct survey_link links[] = {
	{ 10, 1, 2 }, { 11, 1, 0 }, { 20, 2, 3 }, { 30, 3, 0 },
};

static void
test_next(void **state)
{
	(void)state;
	/* Forward, sideways, to a question apart: fine. */
	assert_int_equal(survey_next_check(qs, 4, links, 4, 0, 1, 3),
	    SURVEY_NEXT_OK);
	assert_int_equal(survey_next_check(qs, 4, links, 4, 30, 3, 4),
	    SURVEY_NEXT_OK);
	assert_int_equal(survey_next_check(qs, 4, links, 4, 0, 4, 1),
	    SURVEY_NEXT_OK);
	/* Itself, the question before, the first from the last. */
	assert_int_equal(survey_next_check(qs, 4, links, 4, 0, 2, 2),
	    SURVEY_NEXT_LOOP);
	assert_int_equal(survey_next_check(qs, 4, links, 4, 0, 2, 1),
	    SURVEY_NEXT_LOOP);
	assert_int_equal(survey_next_check(qs, 4, links, 4, 30, 3, 1),
	    SURVEY_NEXT_LOOP);
	/* Re-pointing an option (10: 1 -> 2, now 1 -> 3) is checked as a
	 * new one; option 20 of 2 may not lead back to 1 while 10 leads
	 * 1 -> 2. */
	assert_int_equal(survey_next_check(qs, 4, links, 4, 10, 1, 3),
	    SURVEY_NEXT_OK);
	assert_int_equal(survey_next_check(qs, 4, links, 4, 20, 2, 1),
	    SURVEY_NEXT_LOOP);
	/* Not one of the campaign's. */
	assert_int_equal(survey_next_check(qs, 4, links, 4, 0, 1, 99),
	    SURVEY_NEXT_ELSEWHERE);
	assert_int_equal(survey_next_check(qs, 0, NULL, 0, 0, 1, 1),
	    SURVEY_NEXT_ELSEWHERE);
	assert_non_null(strstr(survey_next_message(SURVEY_NEXT_LOOP), "loop"));
	assert_non_null(strstr(survey_next_message(SURVEY_NEXT_ELSEWHERE),
	    "next_question_id"));
}

static void
test_next_diamond(void **state)
{
	/* 1 -> 2, 1 -> 3, 2 -> 4, 3 -> 4: two paths to 4 are no loop;
	 * 4 -> 1 is. */
	static const long long q[] = { 1, 2, 3, 4 };
	static const struct survey_link l[] = {
		{ 10, 1, 2 }, { 11, 1, 3 }, { 20, 2, 4 }, { 30, 3, 4 },
	};

	(void)state;
	assert_int_equal(survey_next_check(q, 4, l, 4, 0, 3, 2),
	    SURVEY_NEXT_OK);
	assert_int_equal(survey_next_check(q, 4, l, 4, 0, 4, 1),
	    SURVEY_NEXT_LOOP);
	assert_int_equal(survey_next_check(q, 4, l, 4, 0, 4, 3),
	    SURVEY_NEXT_LOOP);
	assert_int_equal(survey_next_check(q, 4, l, 4, 0, 4, 2),
	    SURVEY_NEXT_LOOP);
}

static void
test_current(void **state)
{
	struct survey_pick picks[3];

	(void)state;
	assert_int_equal(survey_current(NULL, 0, NULL, 0, NULL, 0), 0);
	/* Nothing answered: the first question. */
	assert_int_equal(survey_current(qs, 4, links, 4, NULL, 0), 1);
	/* 1 answered with 10: on to 2; with 11: the survey has ended. */
	picks[0] = (struct survey_pick){ 1, 10 };
	assert_int_equal(survey_current(qs, 4, links, 4, picks, 1), 2);
	picks[0] = (struct survey_pick){ 1, 11 };
	assert_int_equal(survey_current(qs, 4, links, 4, picks, 1), 0);
	/* 1 and 2 answered: 3; then all along the path: ended. */
	picks[0] = (struct survey_pick){ 1, 10 };
	picks[1] = (struct survey_pick){ 2, 20 };
	assert_int_equal(survey_current(qs, 4, links, 4, picks, 2), 3);
	picks[2] = (struct survey_pick){ 3, 30 };
	assert_int_equal(survey_current(qs, 4, links, 4, picks, 3), 0);
	/* An answer off the path (3 only) does not skip ahead. */
	picks[0] = (struct survey_pick){ 3, 30 };
	assert_int_equal(survey_current(qs, 4, links, 4, picks, 1), 1);
}

static void
test_current_guards(void **state)
{
	/* A loop never stored, but guarded: 1 -> 2 -> 1 both answered. */
	static const long long q[] = { 1, 2 };
	static const struct survey_link l[] = { { 10, 1, 2 }, { 20, 2, 1 } };
	static const struct survey_pick p[] = { { 1, 10 }, { 2, 20 } };
	/* An option leading to a question since deleted. */
	static const struct survey_link gone[] = { { 10, 1, 9 } };

	(void)state;
	assert_int_equal(survey_current(q, 2, l, 2, p, 2), 0);
	assert_int_equal(survey_current(q, 2, gone, 1, p, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_limits),
		cmocka_unit_test(test_option_limits),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_next_diamond),
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_current_guards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
