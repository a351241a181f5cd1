/*
 * survey: the rules of survey questions; see survey.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "survey.h"
#include "text_field.h"

int
survey_check_question(struct arena *a, const char *text,
    struct field_error *err)
{
	return text_field_check(a, "text", text, SURVEY_TEXT_MAX, false, err);
}

int
survey_check_option(struct arena *a, const char *label, const char *reply,
    struct field_error *err)
{
	if (text_field_check(a, "label", label, SURVEY_LABEL_MAX, false, err) == -1 ||
	    text_field_check(a, "reply", reply, SURVEY_REPLY_MAX, true, err) == -1)
		return -1;
	return 0;
}

static bool
has_question(const long long *questions, size_t nq, long long id)
{
	size_t i;

	for (i = 0; i < nq; i++)
		if (questions[i] == id)
			return true;
	return false;
}

/* The index of question id in questions, or nq. */
static size_t
index_of(const long long *questions, size_t nq, long long id)
{
	size_t i;

	for (i = 0; i < nq && questions[i] != id; i++)
		;
	return i;
}

/*
 * Is `target` reachable from `start` through links (skipping option
 * `skip`)? An iterative search: a question is marked in seen[] (indices
 * into questions) when it is pushed, so stack never holds more than nq;
 * both are sized nq by the caller.
 */
static bool
reaches(const long long *questions, size_t nq, const struct survey_link *links,
    size_t nl, long long skip, long long start, long long target,
    bool *seen, long long *stack)
{
	size_t top = 0, i, j;
	long long q;

	if ((j = index_of(questions, nq, start)) == nq)
		return false;
	seen[j] = true;
	stack[top++] = start;
	while (top > 0) {
		if ((q = stack[--top]) == target)
			return true;
		for (i = 0; i < nl; i++) {
			if (links[i].question_id != q ||
			    links[i].option_id == skip || links[i].next_id <= 0)
				continue;
			j = index_of(questions, nq, links[i].next_id);
			if (j == nq || seen[j])
				continue;
			seen[j] = true;
			stack[top++] = links[i].next_id;
		}
	}
	return false;
}

enum survey_next
survey_next_check(const long long *questions, size_t nq,
    const struct survey_link *links, size_t nl, long long option_id,
    long long from, long long next)
{
	bool seen[SURVEY_QUESTIONS_MAX];
	long long stack[SURVEY_QUESTIONS_MAX];

	if (!has_question(questions, nq, next))
		return SURVEY_NEXT_ELSEWHERE;
	if (next == from)
		return SURVEY_NEXT_LOOP;
	/* A campaign never holds more (the API's cap): the arrays fit. */
	if (nq > SURVEY_QUESTIONS_MAX)
		nq = SURVEY_QUESTIONS_MAX;
	memset(seen, 0, sizeof(seen));
	return reaches(questions, nq, links, nl, option_id, next, from, seen,
	    stack) ? SURVEY_NEXT_LOOP : SURVEY_NEXT_OK;
}

const char *
survey_next_message(enum survey_next v)
{
	switch (v) {
	case SURVEY_NEXT_ELSEWHERE:
		return "next_question_id is not a question of this campaign.";
	case SURVEY_NEXT_LOOP:
		return "That next question leads back to this one: a survey "
		    "may not loop.";
	case SURVEY_NEXT_OK:
		break;
	}
	return "";
}

static long long
picked(const struct survey_pick *picks, size_t np, long long question)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (picks[i].question_id == question)
			return picks[i].option_id;
	return 0;
}

static long long
leads_to(const struct survey_link *links, size_t nl, long long option)
{
	size_t i;

	for (i = 0; i < nl; i++)
		if (links[i].option_id == option)
			return links[i].next_id;
	return 0;
}

long long
survey_current(const long long *questions, size_t nq,
    const struct survey_link *links, size_t nl,
    const struct survey_pick *picks, size_t np)
{
	long long q, option;
	size_t steps;

	if (nq == 0)
		return 0;
	q = questions[0];
	/* Each step visits a question; more steps than questions is a loop. */
	for (steps = 0; steps <= nq; steps++) {
		if (!has_question(questions, nq, q))
			return 0;
		if ((option = picked(picks, np, q)) == 0)
			return q;
		if ((q = leads_to(links, nl, option)) <= 0)
			return 0;
	}
	return 0;
}
