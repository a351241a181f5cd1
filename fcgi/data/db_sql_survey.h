/*
 * db_sql_survey: the SQL of survey questions (sql/022), as constants with
 * ? placeholders; db_sql.h includes them in the one statement list as
 * DB_SURVEY_STATEMENTS. Typed functions over them live in db_survey.c.
 *
 * Questions and options name the question's organization: an id of
 * another one finds nothing. Answers are reached through a conversation
 * the handler has already found in the caller's organization.
 */
#ifndef LL_DB_SQL_SURVEY_H
#define LL_DB_SQL_SURVEY_H

/* A question (struct survey_question, db_survey.h), declared once
 * (columns.h); JSON names as in the SurveyQuestion object of
 * openapi.json (its options are added by h_survey.c). */
#define SURVEY_QUESTION_TABLE(X) \
	X(id,			INT,	"q.id",			"id") \
	X(campaign_id,		INT,	"q.campaign_id",	"campaign_id") \
	X(text,			STR,	"q.text",		"text") \
	X(created_at,		TIME,	"q.created_at",		"created_at") \
	X(updated_at,		TIME,	"q.updated_at",		"updated_at")

/* An option with how many conversations hold it as their answer; JSON
 * names as in the SurveyOption object. */
#define SURVEY_OPTION_TABLE(X) \
	X(id,			INT,	"o.id",			"id") \
	X(question_id,		INT,	"o.question_id",	"question_id") \
	X(label,		STR,	"o.label",		"label") \
	X(reply,		STR,	"o.reply",		"reply") \
	X(next_question_id,	ID,	"o.next_question_id",	"next_question_id") \
	X(answers,		INT,	"(SELECT COUNT(*) FROM survey_answers a " \
	    "WHERE a.option_id = o.id)",			"answers") \
	X(campaign_id,		INT,	"q.campaign_id",	NULL)

/* A conversation's answer, or one entry of its history (option_id 0 and
 * label NULL: cleared); JSON names as in SurveyAnswer. */
#define SURVEY_ANSWER_TABLE(X) \
	X(question_id,		INT,	"a.question_id",	"question_id") \
	X(option_id,		ID,	"a.option_id",		"option_id") \
	X(label,		STR,	"a.label",		"label") \
	X(answered_by,		INT,	"a.answered_by",	"answered_by") \
	X(answered_by_name,	STR,	"u.name",		"answered_by_name") \
	X(answered_at,		TIME,	"a.answered_at",	"answered_at")

#define SURVEY_QUESTION_SELECT \
	"SELECT 0" SURVEY_QUESTION_TABLE(COL_SQL) " FROM survey_questions q "

#define SURVEY_OPTION_SELECT \
	"SELECT 0" SURVEY_OPTION_TABLE(COL_SQL) " FROM survey_options o " \
	"JOIN survey_questions q ON q.id = o.question_id "

/* The history keeps the newest SURVEY_LOG_MAX entries a conversation has. */
#define SURVEY_LOG_MAX	"100"

#define DB_SURVEY_STATEMENTS(X) \
	X(SURVEY_QUESTIONS, SURVEY_QUESTION_SELECT \
	    "WHERE q.org_id = ? AND q.campaign_id = ? ORDER BY q.id") \
	X(SURVEY_QUESTION_GET, SURVEY_QUESTION_SELECT \
	    "WHERE q.org_id = ? AND q.id = ?") \
	X(SURVEY_QUESTION_COUNT, "SELECT COUNT(*) FROM survey_questions " \
	    "WHERE campaign_id = ?") \
	X(SURVEY_QUESTION_INSERT, "INSERT INTO survey_questions " \
	    "(org_id, campaign_id, text) VALUES (?, ?, ?)") \
	X(SURVEY_QUESTION_UPDATE, "UPDATE survey_questions SET text = ? " \
	    "WHERE org_id = ? AND id = ?") \
	/* Not while a conversation's answer is one of its options. */ \
	X(SURVEY_QUESTION_DELETE, "DELETE FROM survey_questions " \
	    "WHERE org_id = ? AND id = ? AND NOT EXISTS (SELECT 1 " \
	    "FROM survey_answers a WHERE a.question_id = ?)") \
	/* Conversations whose current answer is one of the question's. */ \
	X(SURVEY_QUESTION_ANSWERS, "SELECT COUNT(*) FROM survey_answers " \
	    "WHERE question_id = ?") \
	X(SURVEY_OPTIONS, SURVEY_OPTION_SELECT \
	    "WHERE q.org_id = ? AND q.campaign_id = ? ORDER BY o.question_id, o.id") \
	X(SURVEY_OPTION_GET, SURVEY_OPTION_SELECT \
	    "WHERE q.org_id = ? AND o.id = ?") \
	X(SURVEY_OPTION_COUNT, "SELECT COUNT(*) FROM survey_options " \
	    "WHERE question_id = ?") \
	X(SURVEY_OPTION_INSERT, "INSERT INTO survey_options " \
	    "(question_id, label, reply, next_question_id) VALUES (?, ?, ?, ?)") \
	X(SURVEY_OPTION_UPDATE, "UPDATE survey_options o " \
	    "JOIN survey_questions q ON q.id = o.question_id " \
	    "SET o.label = ?, o.reply = ?, o.next_question_id = ? " \
	    "WHERE q.org_id = ? AND o.id = ?") \
	/* Not while a conversation's answer is this option. */ \
	X(SURVEY_OPTION_DELETE, "DELETE o FROM survey_options o " \
	    "JOIN survey_questions q ON q.id = o.question_id " \
	    "WHERE q.org_id = ? AND o.id = ? AND NOT EXISTS (SELECT 1 " \
	    "FROM survey_answers a WHERE a.option_id = ?)") \
	/* --- a conversation's answers ---------------------------------- */ \
	X(SURVEY_ANSWERS, "SELECT 0" SURVEY_ANSWER_TABLE(COL_SQL) \
	    " FROM (SELECT s.*, o.label FROM survey_answers s " \
	    "JOIN survey_options o ON o.id = s.option_id " \
	    "WHERE s.conversation_id = ?) a " \
	    "JOIN users u ON u.id = a.answered_by ORDER BY a.question_id") \
	X(SURVEY_ANSWER_SET, "INSERT INTO survey_answers (conversation_id, " \
	    "question_id, option_id, campaign_id, answered_by, answered_at) " \
	    "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE " \
	    "option_id = VALUES(option_id), answered_by = VALUES(answered_by), " \
	    "answered_at = VALUES(answered_at)") \
	X(SURVEY_ANSWER_CLEAR, "DELETE FROM survey_answers " \
	    "WHERE conversation_id = ? AND question_id = ?") \
	X(SURVEY_LOG_ADD, "INSERT INTO survey_answer_log (conversation_id, " \
	    "question_id, option_id, label, answered_by, answered_at) " \
	    "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))") \
	/* Newest first. */ \
	X(SURVEY_LOG, "SELECT 0" SURVEY_ANSWER_TABLE(COL_SQL) \
	    " FROM survey_answer_log a JOIN users u ON u.id = a.answered_by " \
	    "WHERE a.conversation_id = ? ORDER BY a.id DESC " \
	    "LIMIT " SURVEY_LOG_MAX)

#endif
