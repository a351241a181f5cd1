/*
 * db_sql_tags: the statements of an organization's tags, tags on
 * conversations, closing and skipping conversations, and the organizers'
 * review queue of escalated ones (sql/020), as constants with ?
 * placeholders; db_sql.h includes them in the one statement list. Typed
 * functions over them live in db_tags.c.
 *
 * Every statement names the organization: an id of another one matches
 * nothing, and the handler answers 404.
 */
#ifndef LL_DB_SQL_TAGS_H
#define LL_DB_SQL_TAGS_H

/* A tag, declared once (columns.h); JSON names as in the Tag object of
 * openapi.json. */
#define TAG_TABLE(X) \
	X(id,			INT,	"t.id",			"id") \
	X(name,			STR,	"t.name",		"name") \
	X(escalate,		BOOL,	"t.escalate",		"escalate") \
	X(created_at,		TIME,	"t.created_at",		"created_at")

#define TAG_SELECT \
	"SELECT 0" TAG_TABLE(COL_SQL) " FROM tags t "

/* A conversation's tags as a JSON array of {id, name, escalate}, by name
 * (a LIST column of the conversation tables). */
#define CONVERSATION_TAGS_SQL \
	"(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', t.id, 'name', t.name, " \
	"'escalate', IF(t.escalate, JSON_EXTRACT('true', '$'), " \
	"JSON_EXTRACT('false', '$'))) ORDER BY t.name, t.id) " \
	"FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id " \
	"WHERE ct.conversation_id = c.id)"

/* The review queue, in id order (the campaign's, or the whole
 * organization's through conversations_escalated_id). */
#define ESCALATED_FROM \
	"FROM conversations c JOIN campaigns k ON k.id = c.campaign_id " \
	"LEFT JOIN users u ON u.id = c.assignee_id "

#define DB_TAGS_STATEMENTS(X) \
	X(TAGS_LIST, TAG_SELECT "WHERE t.org_id = ? ORDER BY t.name, t.id " \
	    "LIMIT 100") \
	X(TAG_GET, TAG_SELECT "WHERE t.org_id = ? AND t.id = ?") \
	X(TAG_COUNT, "SELECT COUNT(*) FROM tags WHERE org_id = ?") \
	X(TAG_INSERT, "INSERT INTO tags (org_id, name, escalate) " \
	    "VALUES (?, ?, ?)") \
	/* NULL keeps a value. */ \
	X(TAG_UPDATE, "UPDATE tags SET name = COALESCE(?, name), " \
	    "escalate = COALESCE(?, escalate) WHERE org_id = ? AND id = ?") \
	X(TAG_DELETE, "DELETE FROM tags WHERE org_id = ? AND id = ?") \
	/* --- on conversations ------------------------------------------ */ \
	X(CONV_TAGS, TAG_SELECT "JOIN conversation_tags ct ON ct.tag_id = t.id " \
	    "WHERE ct.conversation_id = ? ORDER BY t.name, t.id") \
	X(CONV_TAG_ADD, "INSERT IGNORE INTO conversation_tags " \
	    "(conversation_id, tag_id, added_by) VALUES (?, ?, ?)") \
	X(CONV_TAG_REMOVE, "DELETE FROM conversation_tags " \
	    "WHERE conversation_id = ? AND tag_id = ?") \
	X(CONV_ESCALATE, "UPDATE conversations SET escalated = 1, " \
	    "escalated_at = UTC_TIMESTAMP(3) WHERE id = ? AND escalated = 0") \
	X(CONV_ESCALATION_CLEAR, "UPDATE conversations SET escalated = 0, " \
	    "escalated_at = NULL WHERE id = ?") \
	/* Closing: any status after the initial message. */ \
	X(CONV_CLOSE, "UPDATE conversations SET status = 'closed', " \
	    "skipped_at = NULL WHERE id = ? AND status <> 'needs_message'") \
	X(CONV_SKIP, "UPDATE conversations SET skipped_at = " \
	    "UTC_TIMESTAMP(3) WHERE id = ?") \
	/* --- the review queue --------------------------------------------- */ \
	X(ESCALATED_LIST, "SELECT 0" CONVERSATION_BRIEF_TABLE(COL_SQL) \
	    ", k.name, u.name, c.assignee_id " ESCALATED_FROM \
	    "WHERE k.org_id = ? AND c.escalated = 1 " \
	    "AND (? = 0 OR c.campaign_id = ?) " \
	    "AND c.id > ? ORDER BY c.id LIMIT ?") \
	X(ESCALATED_COUNT, "SELECT COUNT(*) FROM conversations " \
	    "FORCE INDEX (conversations_escalated) " \
	    "WHERE campaign_id = ? AND escalated = 1") \
	/* The same per assignee (0: Unassigned): reads each escalated \
	 * row, few by their nature (the queue organizers work through). */ \
	X(ESCALATED_BY_ASSIGNEE, "SELECT IFNULL(assignee_id, 0), COUNT(*) " \
	    "FROM conversations FORCE INDEX (conversations_escalated) " \
	    "WHERE campaign_id = ? AND escalated = 1 GROUP BY assignee_id")

#endif
