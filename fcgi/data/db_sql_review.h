/*
 * db_sql_review: the statements of message review (the organizers' list
 * of every conversation, filtered, and their bulk moves) and of the
 * admins' CSV exports (sql/023), as constants with ? placeholders;
 * db_sql.h includes them in the one statement list. Typed functions over
 * them live in db_review.c and db_export.c.
 *
 * Every statement names the organization: another one's ids match
 * nothing.
 */
#ifndef LL_DB_SQL_REVIEW_H
#define LL_DB_SQL_REVIEW_H

/*
 * The review filter over conversations c (of campaigns k), in this
 * order of placeholders: org_id; the window (id > lo AND id <= hi);
 * campaign_id twice (0: every campaign); status twice (NULL: any);
 * texter three times (0: anyone, -1: Unassigned, else that user);
 * tag_id twice (0: any); escalated twice and opted_out twice (-1: any,
 * else 0 / 1); the LIKE pattern twice (NULL: no text search); the survey
 * question twice and option twice (0: any).
 *
 * The window bounds the rows a page reads: a range of conversation ids
 * in an index that ends in the id, so a filter matching nothing still
 * reads at most one window (REVIEW_WINDOW in db_review.h).
 */
#define REVIEW_COND \
	"k.org_id = ? AND c.id > ? AND c.id <= ? " \
	"AND (? = 0 OR c.campaign_id = ?) " \
	"AND (? IS NULL OR c.status = ?) " \
	"AND (? = 0 OR (? = -1 AND c.assignee_id IS NULL) " \
	"OR c.assignee_id = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM conversation_tags ct " \
	"WHERE ct.conversation_id = c.id AND ct.tag_id = ?)) " \
	"AND (? = -1 OR c.escalated = ?) " \
	"AND (? = -1 OR c.opted_out = ?) " \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM messages m " \
	"WHERE m.conversation_id = c.id AND m.body LIKE ?)) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM survey_answers sa " \
	"WHERE sa.conversation_id = c.id AND sa.question_id = ?)) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM survey_answers so " \
	"WHERE so.conversation_id = c.id AND so.option_id = ?)) "

/*
 * Where a page reads its window from (the driver, db_review.c picks one
 * per filter): D(X, name, from, key, order). The primary key reads every
 * conversation of the window; the others read only the conversations
 * of one texter (or Unassigned), the escalated, one tag, one
 * survey option or one question's answers (sql/024), in id order, so a
 * selective filter touches its matches only and stops after `limit` of
 * them. `key` opens the WHERE with the driver's own placeholders: the
 * texter (NULL: Unassigned), escalated; for a joined table the tag,
 * option or question and the window again, on that table's id column.
 * REVIEW_COND follows unchanged, so every driver finds the same rows.
 */
#define REVIEW_BY_TABLE(table, index) \
	"FROM " table " d FORCE INDEX (" index ") JOIN conversations c " \
	"ON c.id = d.conversation_id "
#define REVIEW_BY_TABLE_KEY(column) \
	"d." column " = ? AND d.conversation_id > ? " \
	"AND d.conversation_id <= ? AND "

#define REVIEW_DRIVERS(D, X) \
	D(X, BY_ID, "FROM conversations c FORCE INDEX (PRIMARY) ", "", \
	    "c.id") \
	D(X, BY_TEXTER, "FROM conversations c FORCE INDEX " \
	    "(conversations_review_assignee) ", "c.assignee_id <=> ? AND ", \
	    "c.id") \
	D(X, BY_ESCALATED, "FROM conversations c FORCE INDEX " \
	    "(conversations_escalated_id) ", "c.escalated = ? AND ", "c.id") \
	D(X, BY_TAG, REVIEW_BY_TABLE("conversation_tags", \
	    "conversation_tags_tag"), REVIEW_BY_TABLE_KEY("tag_id"), \
	    "d.conversation_id") \
	D(X, BY_OPTION, REVIEW_BY_TABLE("survey_answers", \
	    "survey_answers_option"), REVIEW_BY_TABLE_KEY("option_id"), \
	    "d.conversation_id") \
	D(X, BY_QUESTION, REVIEW_BY_TABLE("survey_answers", \
	    "survey_answers_question"), REVIEW_BY_TABLE_KEY("question_id"), \
	    "d.conversation_id")

/* A page: the brief, campaign name, assignee name and id. */
#define REVIEW_LIST_STMT(X, name, from, key, order) \
	X(REVIEW_LIST_##name, "SELECT STRAIGHT_JOIN 0" \
	    CONVERSATION_BRIEF_TABLE(COL_SQL) ", k.name, u.name, " \
	    "c.assignee_id " from "JOIN campaigns k ON k.id = c.campaign_id " \
	    "LEFT JOIN users u ON u.id = c.assignee_id WHERE " key \
	    REVIEW_COND "ORDER BY " order " LIMIT ?")
/* The same matches, ids and campaigns only (bulk moves). */
#define REVIEW_IDS_STMT(X, name, from, key, order) \
	X(REVIEW_IDS_##name, "SELECT STRAIGHT_JOIN c.id, c.campaign_id " \
	    from "JOIN campaigns k ON k.id = c.campaign_id WHERE " key \
	    REVIEW_COND "ORDER BY " order " LIMIT ?")

/* The first and last conversation id of a campaign, or (campaign 0) of
 * the organization's campaigns: where the windows run. Each end is one
 * index dive (ORDER BY ... LIMIT 1): MIN()/MAX() in a correlated
 * subquery are not optimized away, and read the whole campaign's index
 * (0.35 s at a million conversations) when no campaign is given. */
#define REVIEW_BOUNDS_SQL \
	"SELECT MIN(x.lo), MAX(x.hi) FROM (SELECT " \
	"(SELECT c.id FROM conversations c FORCE INDEX " \
	"(conversations_campaign_id) WHERE c.campaign_id = k.id " \
	"ORDER BY c.id LIMIT 1) AS lo, " \
	"(SELECT c.id FROM conversations c FORCE INDEX " \
	"(conversations_campaign_id) WHERE c.campaign_id = k.id " \
	"ORDER BY c.id DESC LIMIT 1) AS hi " \
	"FROM campaigns k WHERE k.org_id = ? AND (? = 0 OR k.id = ?)) x"

/* A JSON array of conversation ids, as a table. */
#define REVIEW_IDS "JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED " \
	"PATH '$')) AS j"

/* A conversation's tags as "a; b" for the export, by name. */
#define EXPORT_TAGS_SQL \
	"(SELECT GROUP_CONCAT(t.name ORDER BY t.name, t.id SEPARATOR '; ') " \
	"FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id " \
	"WHERE ct.conversation_id = c.id)"

#define DB_REVIEW_STATEMENTS(X) \
	X(REVIEW_BOUNDS, REVIEW_BOUNDS_SQL) \
	REVIEW_DRIVERS(REVIEW_LIST_STMT, X) \
	REVIEW_DRIVERS(REVIEW_IDS_STMT, X) \
	/* Of the ids given, those of the organization (and campaign, not \
	 * 0), with their campaign. */ \
	X(REVIEW_OWN_IDS, "SELECT c.id, c.campaign_id FROM " REVIEW_IDS \
	    " JOIN conversations c ON c.id = j.id " \
	    "JOIN campaigns k ON k.id = c.campaign_id " \
	    "WHERE k.org_id = ? AND (? = 0 OR c.campaign_id = ?) " \
	    "ORDER BY c.id") \
	X(REVIEW_CLOSE, "UPDATE " REVIEW_IDS " JOIN conversations c " \
	    "ON c.id = j.id SET c.status = 'closed', c.skipped_at = NULL " \
	    "WHERE c.status NOT IN ('needs_message', 'closed')") \
	/* Moves (db_assign.c, under the campaign's claim lock). */ \
	X(REVIEW_MOVE_GAP, "SELECT MIN(c.id) FROM " REVIEW_IDS \
	    " JOIN conversations c ON c.id = j.id WHERE c.campaign_id = ? " \
	    "AND c.status = 'needs_message' AND c.assignee_id IS NOT NULL") \
	X(REVIEW_MOVE, "UPDATE " REVIEW_IDS " JOIN conversations c " \
	    "ON c.id = j.id SET c.assignee_id = NULLIF(?, 0) " \
	    "WHERE c.campaign_id = ? " \
	    "AND NOT (c.assignee_id <=> NULLIF(?, 0))") \
	/* --- exports: a page in id order after `after` ----------------- */ \
	X(EXPORT_CONVERSATIONS, "SELECT c.id, c.phone, c.first_name, " \
	    "c.last_name, c.fields, c.status, u.name, u.email, " \
	    EXPORT_TAGS_SQL ", c.opted_out, c.escalated, " \
	    "(SELECT MIN(m.created_at) FROM messages m " \
	    "WHERE m.conversation_id = c.id), c.last_message_at " \
	    "FROM conversations c FORCE INDEX (conversations_campaign_id) " \
	    "LEFT JOIN users u ON u.id = c.assignee_id " \
	    "WHERE c.campaign_id = ? AND c.id > ? ORDER BY c.id LIMIT ?") \
	/* The survey answers of a page of conversations, ids in (?, ?]: \
	 * one range of the answers' primary key a page, not a subquery a \
	 * row. */ \
	X(EXPORT_ANSWERS, "SELECT a.conversation_id, a.question_id, " \
	    "o.label FROM survey_answers a JOIN survey_options o " \
	    "ON o.id = a.option_id WHERE a.conversation_id > ? " \
	    "AND a.conversation_id <= ? AND a.campaign_id = ? " \
	    "ORDER BY a.conversation_id, a.question_id") \
	/* A campaign's messages by conversation, then message: after \
	 * (conversation, message) = (?, ?). */ \
	X(EXPORT_MESSAGES, "SELECT STRAIGHT_JOIN m.id, m.conversation_id, " \
	    "c.phone, m.direction, m.initial, m.body, m.status, u.name, " \
	    "m.created_at FROM conversations c FORCE INDEX " \
	    "(conversations_campaign_id) JOIN messages m FORCE INDEX " \
	    "(messages_conversation) ON m.conversation_id = c.id " \
	    "LEFT JOIN users u ON u.id = m.sender_id " \
	    "WHERE c.campaign_id = ? AND c.id >= ? " \
	    "AND (c.id > ? OR m.id > ?) ORDER BY c.id, m.id LIMIT ?") \
	X(EXPORT_OPT_OUTS, "SELECT phone, source, created_at FROM opt_outs " \
	    "WHERE org_id = ? AND phone > ? ORDER BY phone LIMIT ?")

#endif
