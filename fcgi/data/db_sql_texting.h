/*
 * db_sql_texting: the statements of texting (texters on campaigns, self
 * assign, the messenger, the sender, message webhooks), as constants with
 * ? placeholders; db_sql.h includes them in the one statement list.
 * Typed functions over them live in db_texters.c, db_claims.c,
 * db_assign.c, db_conversations.c and db_messages.c.
 *
 * Conversation queries name their index where the optimizer would pick
 * (assignee_id, status) and scan every Unassigned row before the cursor.
 */
#ifndef LL_DB_SQL_TEXTING_H
#define LL_DB_SQL_TEXTING_H

/* A cursor's (alias a) plan made stale: a new generation, planned again
 * from the cursor (sql/013). */
#define PLAN_STALE_SET \
	"SET a.plan_gen = a.plan_gen + 1, a.plan_to = NULL, a.plan_done = 0 "

/* A conversation, declared once (columns.h); JSON names as in the
 * Conversation object of openapi.json. */
#define CONVERSATION_TABLE(X) \
	X(id,			INT,	"c.id",			"id") \
	X(campaign_id,		INT,	"c.campaign_id",	"campaign_id") \
	X(phone,		STR,	"c.phone",		NULL) \
	X(first_name,		STR,	"c.first_name",		"first_name") \
	X(last_name,		STR,	"c.last_name",		"last_name") \
	X(fields,		STR,	"c.fields",		NULL) \
	X(assignee_id,		INT,	"c.assignee_id",	NULL) \
	X(status,		STR,	"c.status",		"status") \
	X(opted_out,		BOOL,	"c.opted_out",		"opted_out") \
	X(last_message_at,	TIME,	"c.last_message_at",	"last_message_at") \
	X(assignee_name,	STR,	"u.name",		NULL) \
	X(escalated,		BOOL,	"c.escalated",		"escalated") \
	X(skipped_at,		TIME,	"c.skipped_at",		"skipped_at")

/* A conversation in a list: its last message instead of its contact's
 * details (campaign_name: the inbox's, after these columns). */
#define CONVERSATION_BRIEF_TABLE(X) \
	X(id,			INT,	"c.id",			"id") \
	X(campaign_id,		INT,	"c.campaign_id",	"campaign_id") \
	X(first_name,		STR,	"c.first_name",		"first_name") \
	X(last_name,		STR,	"c.last_name",		"last_name") \
	X(status,		STR,	"c.status",		"status") \
	X(opted_out,		BOOL,	"c.opted_out",		"opted_out") \
	X(last_message_at,	TIME,	"c.last_message_at",	"last_message_at") \
	X(last_body,		STR,	"(SELECT m.body FROM messages m WHERE " \
	    "m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1)", \
	    "last_message") \
	X(escalated,		BOOL,	"c.escalated",		"escalated") \
	X(skipped_at,		TIME,	"c.skipped_at",		"skipped_at") \
	X(tags,			LIST,	CONVERSATION_TAGS_SQL,	"tags")

/* A message, declared once; JSON names as in the Message object. */
#define MESSAGE_TABLE(X) \
	X(id,			INT,	"m.id",			"id") \
	X(conversation_id,	INT,	"m.conversation_id",	"conversation_id") \
	X(direction,		STR,	"m.direction",		"direction") \
	X(initial,		BOOL,	"m.initial",		"initial") \
	X(body,			STR,	"m.body",		"body") \
	X(status,		STR,	"m.status",		"status") \
	X(error,		STR,	"m.error",		"error") \
	X(created_at,		TIME,	"m.created_at",		"created_at") \
	X(status_at,		TIME,	"m.status_at",		"status_at") \
	X(sender_name,		STR,	"u.name",		"sender_name")

/* A texter on a campaign (struct texter, db_texters.h); JSON names as
 * in the Texter object. role: NULL once they left the organization. */
#define TEXTER_TABLE(X) \
	X(user_id,		INT,	"u.id",			"user_id") \
	X(name,			STR,	"u.name",		"name") \
	X(email,		STR,	"u.email",		"email") \
	X(role,			STR,	"m.role",		"role") \
	X(added_at,		TIME,	"t.added_at",		"added_at")

/* A conversation, then its campaign (CAMPAIGN_TABLE), one row. Every join
 * is by primary key from the first table: STRAIGHT_JOIN spares the
 * optimizer its search (a fifth of the statement's time). */
#define CONVERSATION_FROM \
	"FROM conversations c JOIN campaigns k ON k.id = c.campaign_id " \
	CAMPAIGN_JOINS "LEFT JOIN users u ON u.id = c.assignee_id "

#define CONVERSATION_SELECT \
	"SELECT STRAIGHT_JOIN 0" CONVERSATION_TABLE(COL_SQL) \
	CAMPAIGN_TABLE(COL_SQL) " " CONVERSATION_FROM

/* CONVERSATION_SELECT with a last column: the conversation after c
 * when it is the assignee's too and waits for its initial message (NULL
 * otherwise). A batch is a run of ids, so that is nearly always the next
 * one to show; a primary-key read, where a walk of the assignment index
 * costs its range estimate every time. */
#define CONVERSATION_NEXT_SELECT \
	"SELECT STRAIGHT_JOIN 0" CONVERSATION_TABLE(COL_SQL) \
	CAMPAIGN_TABLE(COL_SQL) \
	", (SELECT x.id FROM conversations x WHERE x.id = c.id + 1 " \
	"AND x.campaign_id = c.campaign_id AND x.assignee_id = c.assignee_id " \
	"AND x.status = 'needs_message' AND x.opted_out = 0) " \
	CONVERSATION_FROM

/* A reply's place in the inbox: not skipped (the least time) first. */
#define INBOX_KEY(t) "COALESCE(" t ".skipped_at, '1000-01-01')"

#define CONVERSATION_BRIEF \
	"SELECT 0" CONVERSATION_BRIEF_TABLE(COL_SQL) " "

#define MESSAGE_SELECT \
	"SELECT 0" MESSAGE_TABLE(COL_SQL) \
	" FROM messages m LEFT JOIN users u ON u.id = m.sender_id "

/* Outbound statuses only move forward; delivered and failed are final.
 * unknown (sql/016) is a 'sending' whose answer never came. */
#define STATUS_RANK(x) \
	"LEAST(FIELD(" x ", 'queued', 'sending', 'unknown', 'sent', " \
	"'delivered', 'failed'), 5)"

#define DB_TEXTING_STATEMENTS(X) \
	X(IS_TEXTER, "SELECT 1 FROM campaign_texters " \
	    "WHERE campaign_id = ? AND user_id = ?") \
	X(TEXTERS_LIST, "SELECT 0" TEXTER_TABLE(COL_SQL) \
	    " FROM campaign_texters t JOIN users u ON u.id = t.user_id " \
	    "LEFT JOIN memberships m ON m.user_id = t.user_id AND m.org_id = ? " \
	    "WHERE t.campaign_id = ? AND t.user_id > ? ORDER BY t.user_id " \
	    "LIMIT ?") \
	X(TEXTER_ADD, "INSERT INTO campaign_texters (campaign_id, user_id) " \
	    "VALUES (?, ?) ON DUPLICATE KEY UPDATE campaign_id = campaign_id") \
	X(TEXTER_REMOVE, "DELETE FROM campaign_texters " \
	    "WHERE campaign_id = ? AND user_id = ?") \
	X(MY_COUNTS, "SELECT status, opted_out, COUNT(*) FROM " \
	    "conversations FORCE INDEX (conversations_assign) " \
	    "WHERE campaign_id = ? AND assignee_id = ? " \
	    "GROUP BY status, opted_out") \
	X(MY_CAMPAIGNS, "SELECT k.id FROM campaign_texters t " \
	    "JOIN campaigns k ON k.id = t.campaign_id WHERE t.user_id = ? " \
	    "AND k.org_id = ? AND k.status <> 'archived' " \
	    "ORDER BY k.id DESC LIMIT 100") \
	/* --- self assign --------------------------------------------- */ \
	X(CLAIM_SLOT_LOCK, "SELECT GET_LOCK(CONCAT('launchline-claim-', ?, '-', ?), ?)") \
	X(CLAIM_SLOT_UNLOCK, "SELECT RELEASE_LOCK(CONCAT('launchline-claim-', ?, '-', " \
	    "?))") \
	X(CURSOR_LOCK, "SELECT next_id, gap_from FROM assign_cursors " \
	    "WHERE campaign_id = ? FOR UPDATE") \
	X(CURSOR_CREATE, "INSERT IGNORE INTO assign_cursors (campaign_id) " \
	    "VALUES (?)") \
	X(CURSOR_MOVE, "UPDATE assign_cursors SET next_id = ?, " \
	    "gap_from = ? WHERE campaign_id = ?") \
	X(CURSOR_GAP, "UPDATE assign_cursors SET gap_from = " \
	    "LEAST(COALESCE(gap_from, ?), ?) WHERE campaign_id = ? " \
	    "AND next_id > ?") \
	/* One row back, not the batch: the range and its size, read from the \
	 * index alone (opted-out ones are not in it: the range may hold \
	 * some, and applying it steps over them). */ \
	X(CLAIM_SCAN, "SELECT MIN(id), MAX(id), COUNT(*) FROM (SELECT id " \
	    "FROM conversations FORCE INDEX (conversations_assign) " \
	    "WHERE campaign_id = ? AND assignee_id IS NULL " \
	    "AND status = 'needs_message' AND opted_out = 0 " \
	    "AND id >= ? AND id < ? ORDER BY id LIMIT ?) AS b") \
	/* claim_batch (sql/procedures/): one round trip; one row back (outcome, claim id, range, \
	 * count, whether there is a gap behind the cursor). */ \
	X(CLAIM_CALL, "CALL claim_batch(?, ?, ?, ?, ?)") \
	/* claim_group (sql/procedures/): the claim broker's turn, a group of texters in one round \
	 * trip; one row back (the campaign, busy, has_gap, answers as JSON). */ \
	X(CLAIM_GROUP, "CALL claim_group(?, ?, ?, ?, ?)") \
	/* sql/013: batches planned ahead of the cursor. A campaign is due \
	 * until planned to its end for its batch size (of at least ?: \
	 * shorter batches cost a claim little to walk). */ \
	X(PLAN_DUE, "SELECT k.id FROM campaigns k " \
	    "JOIN orgs o ON o.id = k.org_id " \
	    "LEFT JOIN assign_cursors a ON a.campaign_id = k.id " \
	    "WHERE k.self_assign = 1 " \
	    "AND k.status IN ('launching', 'active', 'paused') " \
	    "AND COALESCE(k.batch_size, o.default_batch_size) >= ? " \
	    "AND (a.campaign_id IS NULL OR a.plan_done = 0 " \
	    "OR a.plan_batch IS NULL " \
	    "OR a.plan_batch <> COALESCE(k.batch_size, o.default_batch_size)) " \
	    "ORDER BY k.id LIMIT 1") \
	X(PLAN_CALL, "CALL plan_batches(?, ?)") \
	/* Unassigned conversations ahead of the cursor changed: the plan \
	 * no longer holds. */ \
	X(PLAN_STALE, "UPDATE assign_cursors a " PLAN_STALE_SET \
	    "WHERE a.campaign_id = ?") \
	X(OPT_OUT_PLAN_STALE, "UPDATE assign_cursors a " \
	    "JOIN conversations c ON c.campaign_id = a.campaign_id " \
	    "JOIN campaigns k ON k.id = c.campaign_id " PLAN_STALE_SET \
	    "WHERE c.phone = ? AND k.org_id = ? " \
	    "AND c.assignee_id IS NULL AND c.id >= a.next_id") \
	X(CLAIM_INSERT, "INSERT INTO assign_claims (campaign_id, " \
	    "texter_id, first_id, last_id, claimed) VALUES (?, ?, ?, ?, ?)") \
	X(CLAIMS_DUE, "SELECT id FROM assign_claims " \
	    "WHERE applied_at IS NULL ORDER BY applied_at, id LIMIT ?") \
	X(CLAIMS_OF, "SELECT id FROM assign_claims WHERE texter_id = ? " \
	    "AND applied_at IS NULL") \
	X(CLAIMS_OF_CAMPAIGN, "SELECT id FROM assign_claims " \
	    "WHERE campaign_id = ? AND applied_at IS NULL") \
	X(CLAIM_LOCK, "SELECT campaign_id, texter_id, first_id, last_id " \
	    "FROM assign_claims WHERE id = ? AND applied_at IS NULL " \
	    "FOR UPDATE") \
	X(CLAIM_APPLY, "UPDATE conversations SET assignee_id = ? " \
	    "WHERE campaign_id = ? AND id BETWEEN ? AND ? " \
	    "AND assignee_id IS NULL AND status = 'needs_message' " \
	    "AND opted_out = 0") \
	X(CLAIM_DONE, "UPDATE assign_claims SET applied_at = " \
	    "UTC_TIMESTAMP(3), applied = ? WHERE id = ?") \
	X(CLAIMS_CANCEL, "UPDATE assign_claims SET applied_at = " \
	    "UTC_TIMESTAMP(3), applied = 0 WHERE campaign_id = ? " \
	    "AND texter_id = ? AND applied_at IS NULL") \
	/* --- admin assignment ------------------------------------------ */ \
	X(DISTRIBUTE, "UPDATE conversations SET assignee_id = ? " \
	    "WHERE campaign_id = ? AND assignee_id IS NULL AND status = ? " \
	    "AND opted_out = 0 ORDER BY campaign_id, assignee_id, status, " \
	    "opted_out, id LIMIT ?") \
	X(UNASSIGNABLE, "SELECT COUNT(*) FROM conversations " \
	    "FORCE INDEX (conversations_assign) WHERE campaign_id = ? " \
	    "AND assignee_id IS NULL AND status = ? AND opted_out = 0") \
	X(UNASSIGN_MIN, "SELECT MIN(id) FROM conversations " \
	    "FORCE INDEX (conversations_assign) WHERE campaign_id = ? " \
	    "AND assignee_id = ? AND status = 'needs_message'") \
	X(UNASSIGN, "UPDATE conversations SET assignee_id = NULL " \
	    "WHERE campaign_id = ? AND assignee_id = ? AND status = ?") \
	X(ASSIGN_MOVE, "UPDATE conversations SET assignee_id = ? " \
	    "WHERE campaign_id = ? AND assignee_id = ? AND status = ? " \
	    "ORDER BY campaign_id, assignee_id, status, opted_out, id " \
	    "LIMIT ?") \
	X(ASSIGNEES, "SELECT DISTINCT assignee_id FROM conversations " \
	    "FORCE INDEX (conversations_assign) WHERE campaign_id = ? " \
	    "AND assignee_id IS NOT NULL") \
	X(MEMBER_ROLE, "SELECT role FROM memberships " \
	    "WHERE org_id = ? AND user_id = ?") \
	/* --- the messenger ----------------------------------------------- */ \
	X(CONVERSATION_GET, CONVERSATION_SELECT \
	    "WHERE c.id = ? AND k.org_id = ?") \
	/* The same, for an initial send: what to show after it. */ \
	X(CONVERSATION_NEXT, CONVERSATION_NEXT_SELECT \
	    "WHERE c.id = ? AND k.org_id = ?") \
	X(MY_CONVERSATIONS, CONVERSATION_BRIEF "FROM conversations c " \
	    "FORCE INDEX (conversations_assign) WHERE c.campaign_id = ? " \
	    "AND c.assignee_id = ? AND c.status = ? AND c.id > ? " \
	    "ORDER BY c.id LIMIT ?") \
	/* Replies not skipped first (id order), then skipped ones in the \
	 * order they were skipped (sql/020). The cursor is the last row's \
	 * id: the page goes on after that row's place in this order. */ \
	X(INBOX, CONVERSATION_BRIEF ", k.name FROM conversations c " \
	    "JOIN campaigns k ON k.id = c.campaign_id " \
	    "WHERE c.assignee_id = ? AND c.status = 'needs_response' " \
	    "AND c.opted_out = 0 AND k.org_id = ? AND (? = 0 OR " \
	    "(" INBOX_KEY("c") ", c.id) > (SELECT " INBOX_KEY("x") ", x.id " \
	    "FROM conversations x WHERE x.id = ?)) " \
	    "ORDER BY " INBOX_KEY("c") ", c.id LIMIT ?") \
	X(NEXT_TO_MESSAGE, "SELECT id FROM conversations " \
	    "FORCE INDEX (conversations_assign) WHERE campaign_id = ? " \
	    "AND assignee_id = ? AND status = 'needs_message' " \
	    "AND opted_out = 0 AND id > ? ORDER BY id LIMIT 1") \
	X(MESSAGES_OF, MESSAGE_SELECT "WHERE m.conversation_id = ? " \
	    "ORDER BY m.id DESC LIMIT 200") \
	X(MESSAGE_GET, MESSAGE_SELECT "JOIN conversations c " \
	    "ON c.id = m.conversation_id JOIN campaigns k " \
	    "ON k.id = c.campaign_id WHERE m.id = ? AND k.org_id = ?") \
	/* sql/016: mark the conversation and insert the message; one row \
	 * back (the message id, or NULL). */ \
	X(QUEUE_CALL, "CALL queue_message(?, ?, ?, ?, ?, ?, ?, ?)") \
	X(OPT_OUT, "INSERT IGNORE INTO opt_outs (org_id, phone, source) " \
	    "VALUES (?, ?, ?)") \
	X(OPT_OUT_SPREAD, "UPDATE conversations c " \
	    "JOIN campaigns k ON k.id = c.campaign_id SET c.opted_out = 1 " \
	    "WHERE c.phone = ? AND k.org_id = ? AND c.opted_out = 0") \
	/* --- invite links ------------------------------------------------ */ \
	X(INVITE_SET, "UPDATE campaigns SET invite_token = ? " \
	    "WHERE org_id = ? AND id = ?") \
	X(INVITE_CLEAR, "UPDATE campaigns SET invite_token = NULL " \
	    "WHERE org_id = ? AND id = ?") \
	/* --- message webhooks -------------------------------------------- */ \
	X(HOOK_STATUS, "UPDATE messages SET status = ?, " \
	    "next_attempt_at = NULL, error = COALESCE(?, error), " \
	    "status_at = UTC_TIMESTAMP(3) WHERE provider_message_id = ? " \
	    "AND direction = 'out' AND " STATUS_RANK("status") " < " \
	    STATUS_RANK("?")) \
	/* Our reference found it: sent, whatever we knew (a message whose \
	 * answer never came, or even marked unknown). MariaDB applies the \
	 * SET list left to right: status is tested before it changes. */ \
	X(HOOK_BIND, "UPDATE messages SET provider_message_id = ?, " \
	    "error = IF(status IN ('queued', 'sending', 'unknown'), NULL, " \
	    "error), next_attempt_at = IF(status IN ('queued', 'sending', " \
	    "'unknown'), NULL, next_attempt_at), lease_owner = IF(status IN " \
	    "('queued', 'sending', 'unknown'), NULL, lease_owner), " \
	    "status = IF(status IN ('queued', 'sending', 'unknown'), 'sent', " \
	    "status), status_at = UTC_TIMESTAMP(3) " \
	    "WHERE id = ? AND direction = 'out' " \
	    "AND provider_message_id IS NULL") \
	X(INBOUND_FIND, "SELECT c.id, k.org_id, c.phone FROM " \
	    "conversations c FORCE INDEX (conversations_e164) " \
	    "JOIN campaigns k ON k.id = c.campaign_id " \
	    "JOIN phone_numbers n ON n.id = k.phone_number_id " \
	    "WHERE c.phone = ? AND n.phone_number = ? " \
	    "ORDER BY c.last_message_at DESC, c.id DESC LIMIT 1") \
	X(INBOUND_INSERT, "INSERT IGNORE INTO messages (conversation_id, " \
	    "direction, body, from_number, to_number, status, " \
	    "provider_message_id, status_at) VALUES (?, 'in', ?, ?, ?, " \
	    "'received', ?, UTC_TIMESTAMP(3))") \
	/* A closed conversation opens again; a skip is forgotten (sql/020). */ \
	X(INBOUND_MARK, "UPDATE conversations SET status = " \
	    "'needs_response', last_message_at = UTC_TIMESTAMP(), " \
	    "skipped_at = NULL WHERE id = ? AND opted_out = 0")

#endif
