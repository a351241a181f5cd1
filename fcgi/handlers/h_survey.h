/*
 * h_survey: survey questions (h_survey.c). Organizers (supervisors and
 * up) keep a campaign's question tree and read how many contacts gave
 * each answer; a texter reads the survey of a conversation of theirs
 * (the current question, the replies rendered for its contact) and
 * records, changes or clears the contact's answers.
 */
#ifndef LL_H_SURVEY_H
#define LL_H_SURVEY_H

#include "req.h"

int	h_survey_get(struct req *);
int	h_survey_question_create(struct req *);
int	h_survey_question_update(struct req *);
int	h_survey_question_delete(struct req *);
int	h_survey_option_create(struct req *);
int	h_survey_option_update(struct req *);
int	h_survey_option_delete(struct req *);
int	h_survey_for_conversation(struct req *);
int	h_survey_answer_set(struct req *);
int	h_survey_answer_clear(struct req *);

#endif
