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
 * else 0 / 1); the LIKE pattern twice (NULL: no text search).
 *
 * The window bounds the rows a page reads: c.id is a primary-key range
 * (FORCE INDEX), so a filter matching nothing still reads at most one
 * window (REVIEW_WINDOW in db_review.h).
 */
#define REVIEW_WHERE \
	"WHERE k.org_id = ? AND c.id > ? AND c.id <= ? " \
	"AND (? = 0 OR c.campaign_id = ?) " \
	"AND (? IS NULL OR c.status = ?) " \
	"AND (? = 0 OR (? = -1 AND c.assignee_id IS NULL) " \
	"OR c.assignee_id = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM conversation_tags ct " \
	"WHERE ct.conversation_id = c.id AND ct.tag_id = ?)) " \
	"AND (? = -1 OR c.escalated = ?) " \
	"AND (? = -1 OR c.opted_out = ?) " \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM messages m " \
	"WHERE m.conversation_id = c.id AND m.body LIKE ?)) "

#define REVIEW_FROM \
	"FROM conversations c FORCE INDEX (PRIMARY) " \
	"JOIN campaigns k ON k.id = c.campaign_id "

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
	/* A page: the brief, campaign name, assignee name and id. */ \
	X(REVIEW_LIST, "SELECT STRAIGHT_JOIN 0" \
	    CONVERSATION_BRIEF_TABLE(COL_SQL) ", k.name, u.name, " \
	    "c.assignee_id " REVIEW_FROM \
	    "LEFT JOIN users u ON u.id = c.assignee_id " REVIEW_WHERE \
	    "ORDER BY c.id LIMIT ?") \
	/* The same matches, ids and campaigns only (bulk moves). */ \
	X(REVIEW_MATCH_IDS, "SELECT STRAIGHT_JOIN c.id, c.campaign_id " \
	    REVIEW_FROM REVIEW_WHERE "ORDER BY c.id LIMIT ?") \
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
