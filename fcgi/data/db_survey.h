/*
 * db_survey: typed queries of survey questions (sql/022): a campaign's
 * questions and options (with how many conversations hold each option as
 * their answer), a conversation's answers and their history. Strings
 * point into the caller's arena. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_SURVEY_H
#define LL_DB_SURVEY_H

#include "db.h"

struct survey_question {
	long long	 id, campaign_id;
	const char	*text;
	const char	*created_at, *updated_at;	/* DATETIME text */
};

struct survey_option {
	long long	 id, question_id;
	const char	*label, *reply;
	long long	 next_question_id;	/* 0: the survey ends */
	long long	 answers;		/* conversations holding it */
	long long	 campaign_id;
};

/* A current answer, or an entry of the history (option_id 0, label
 * NULL: the answer was cleared). */
struct survey_answer {
	long long	 question_id, option_id;
	const char	*label;
	long long	 answered_by;
	const char	*answered_by_name, *answered_at;
};

/* The column tables (db_sql_survey.h) as struct columns (columns.h). */
extern const struct column	survey_question_columns[];
extern const size_t		survey_question_ncolumns;
extern const struct column	survey_option_columns[];
extern const size_t		survey_option_ncolumns;
extern const struct column	survey_answer_columns[];
extern const size_t		survey_answer_ncolumns;

/* A campaign's questions (by id: the first starts the survey) and their
 * options (by question, then id). */
int	db_survey_questions(struct db *, struct arena *, long long org_id,
	    long long campaign_id, struct survey_question **, size_t *);
int	db_survey_options(struct db *, struct arena *, long long org_id,
	    long long campaign_id, struct survey_option **, size_t *);
int	db_survey_question(struct db *, struct arena *, long long org_id,
	    long long id, struct survey_question *);
int	db_survey_option(struct db *, struct arena *, long long org_id,
	    long long id, struct survey_option *);
int	db_survey_question_count(struct db *, struct arena *,
	    long long campaign_id, long long *n);
int	db_survey_option_count(struct db *, struct arena *,
	    long long question_id, long long *n);
/* Conversations whose current answer is one of the question's options. */
int	db_survey_question_answers(struct db *, struct arena *,
	    long long question_id, long long *n);

int	db_survey_question_insert(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *text, long long *id);
/* 1 changed (or already so), 0 none such. */
int	db_survey_question_update(struct db *, struct arena *, long long org_id,
	    long long id, const char *text);
/* 1 deleted (its options with it), 0 none such or answers hold it. */
int	db_survey_question_delete(struct db *, struct arena *, long long org_id,
	    long long id);
/* next_question_id 0: none. */
int	db_survey_option_insert(struct db *, struct arena *,
	    long long question_id, const char *label, const char *reply,
	    long long next_question_id, long long *id);
/* 1 changed (or already so), 0 none such. */
int	db_survey_option_update(struct db *, struct arena *, long long org_id,
	    long long id, const char *label, const char *reply,
	    long long next_question_id);
/* 1 deleted, 0 none such or answers hold it. */
int	db_survey_option_delete(struct db *, struct arena *, long long org_id,
	    long long id);

/* A conversation's current answers, by question. */
int	db_survey_answers(struct db *, struct arena *, long long conversation_id,
	    struct survey_answer **, size_t *);
/* Records (or changes) one answer and its history entry, in one
 * transaction. */
int	db_survey_answer_set(struct db *, struct arena *,
	    long long conversation_id, long long campaign_id,
	    const struct survey_option *, long long user_id);
/* Clears one answer (and writes the history entry): 1, or 0 when there
 * was none. */
int	db_survey_answer_clear(struct db *, struct arena *,
	    long long conversation_id, long long question_id,
	    long long user_id);
/* A conversation's history, newest first (at most 100). */
int	db_survey_log(struct db *, struct arena *, long long conversation_id,
	    struct survey_answer **, size_t *);

#endif
