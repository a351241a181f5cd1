/*
 * survey: the pure rules of survey questions, unit-tested: the limits of
 * a question's text and an option's label and reply, the next question
 * an option may lead to (one of the campaign's, never back into the path
 * that leads to it: the tree has no cycles), and the question a
 * conversation is at (the first unanswered one following its answers).
 * A reply's merge fields are the script's and canned responses' (canned.h).
 */
#ifndef LL_SURVEY_H
#define LL_SURVEY_H

#include <stddef.h>

#include "campaign_fields.h"	/* struct field_error */

struct arena;

#define SURVEY_TEXT_MAX		500	/* a question's text */
#define SURVEY_LABEL_MAX	100	/* an option's label: one button */
#define SURVEY_REPLY_MAX	1600	/* the longest reply; "" offers none */
#define SURVEY_QUESTIONS_MAX	50	/* questions of one campaign */
#define SURVEY_OPTIONS_MAX	10	/* options of one question */

/* An option as the tree sees it: it answers question_id and leads to
 * next_id (0: the survey ends there). */
struct survey_link {
	long long	 option_id, question_id, next_id;
};

/* A conversation's answer to one question. */
struct survey_pick {
	long long	 question_id, option_id;
};

enum survey_next {
	SURVEY_NEXT_OK,
	SURVEY_NEXT_ELSEWHERE,	/* not one of the campaign's questions */
	SURVEY_NEXT_LOOP	/* would lead back to the option's question */
};

/* A question's text (NULL: not given): valid UTF-8, not blank, at most
 * SURVEY_TEXT_MAX characters. 0, or -1 with err naming "text". */
int	 survey_check_question(struct arena *, const char *text,
	    struct field_error *err);

/* An option's label and reply (either NULL: not given): the label not
 * blank, both within their limits; the reply may be "" (none offered).
 * 0, or -1 with err naming "label" or "reply". */
int	 survey_check_option(struct arena *, const char *label,
	    const char *reply, struct field_error *err);

/*
 * May the option option_id (0: a new one) of question `from` lead to
 * question `next`? questions: the campaign's question ids; links: its
 * options (the option's own link is ignored: it is being replaced). A
 * cycle exists iff `from` is reachable from `next`.
 */
enum survey_next survey_next_check(const long long *questions, size_t nq,
	    const struct survey_link *links, size_t nl, long long option_id,
	    long long from, long long next);

/* The 422 message of a refused next question. */
const char *survey_next_message(enum survey_next);

/*
 * The question a conversation is at: starting from the campaign's first
 * (questions[0]), each answered question leads through its answer's
 * option to the next; the first unanswered one is current. 0 when there
 * are no questions or the path has ended (an answer leading nowhere).
 * A loop (never stored, but guarded) ends the path too.
 */
long long survey_current(const long long *questions, size_t nq,
	    const struct survey_link *links, size_t nl,
	    const struct survey_pick *picks, size_t np);

#endif
