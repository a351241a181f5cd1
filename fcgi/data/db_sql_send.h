/*
 * db_sql_send: the sender role's statements (its queue, pacing and the
 * settling of messages whose fate is unknown), and what the API shows of
 * sending (a campaign's queue, its unknown messages, a resend). Part of
 * db_sql.h's list. Times the pacing computes with are microseconds since
 * the epoch by the database's clock (EPOCH_US); DATETIME columns are UTC.
 */
#ifndef LL_DB_SQL_SEND_H
#define LL_DB_SQL_SEND_H

#define EPOCH_US(x) \
	"TIMESTAMPDIFF(MICROSECOND, TIMESTAMP'1970-01-01 00:00:00', " x ")"

/* A JSON array of message ids, as a table. */
#define SEND_IDS \
	"JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j"

/* ISO 8601 UTC, as the provider's record searches take it. */
#define SEND_ISO(x)	"DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"

/*
 * The rows the sender reads, each declared once (columns.h), none shown.
 * SEND_DUE_TABLE and SEND_SCOPE_TABLE fill db_send.c's struct due: a due
 * queued message (paced: its slot came earlier), then what pacing and
 * the POST need of it, read without locks: the organization, the sending
 * number and its use case with its rate (NULL: the default), the
 * organization's messaging profile.
 */
#define SEND_DUE_TABLE(X) \
	X(o.id,			INT,	"m.id",			NULL) \
	X(o.body,		STR,	"m.body",		NULL) \
	X(o.from,		STR,	"m.from_number",	NULL) \
	X(o.to,			STR,	"m.to_number",		NULL) \
	X(o.attempts,		INT,	"m.attempts",		NULL) \
	X(paced,		BOOL,	"m.paced",		NULL)

#define SEND_SCOPE_TABLE(X) \
	X(o.id,			INT,	"m.id",			NULL) \
	X(o.org_id,		INT,	"k.org_id",		NULL) \
	X(number_id,		INT,	"n.id",			NULL) \
	X(use_case_id,		INT,	"n.use_case_id",	NULL) \
	X(use_case_rate,	INT,	"uc.messages_per_minute", NULL) \
	X(o.profile_id,		STR,	"mp.provider_profile_id", NULL)

/* A pacing row (db_send.c's struct pace_row). */
#define SEND_PACE_TABLE(X) \
	X(scope,		STR,	"p.scope",		NULL) \
	X(tat_us,		INT,	"p.tat_us",		NULL)

/* A message whose fate is unknown (struct send_unsettled, db_send.h):
 * the seconds since its first POST, and the span of records to search
 * (its two ? are the clocks' skew allowed, before and after). */
#define SEND_UNSETTLED_TABLE(X) \
	X(id,			INT,	"m.id",			NULL) \
	X(from,			STR,	"m.from_number",	NULL) \
	X(to,			STR,	"m.to_number",		NULL) \
	X(waited_s,		INT,	"TIMESTAMPDIFF(SECOND, " \
	    "COALESCE(m.first_posted_at, m.created_at), UTC_TIMESTAMP(3))", \
	    NULL) \
	X(since,		STR,	SEND_ISO("COALESCE(m.first_posted_at, " \
	    "m.created_at) - INTERVAL ? SECOND"),		NULL) \
	X(until,		STR,	SEND_ISO("UTC_TIMESTAMP() + " \
	    "INTERVAL ? SECOND"),				NULL)

/* A campaign's waiting messages of one status and paced (db_send.c's
 * struct queue_group): how many, and the latest slot among them. */
#define SEND_QUEUE_GROUP_TABLE(X) \
	X(status,		STR,	"m.status",		NULL) \
	X(paced,		BOOL,	"m.paced",		NULL) \
	X(n,			INT,	"COUNT(*)",		NULL) \
	X(last_slot_us,		INT,	"MAX(" EPOCH_US("m.next_attempt_at") ")", NULL)

/* A campaign's limits now (struct send_queue, db_send.h): the clock, its
 * number and use case, their rate (NULL: the default) and next free slot. */
#define SEND_QUEUE_LIMITS_TABLE(X) \
	X(now_us,		INT,	EPOCH_US("UTC_TIMESTAMP(6)"), NULL) \
	X(number_id,		INT,	"n.id",			NULL) \
	X(use_case_id,		INT,	"n.use_case_id",	NULL) \
	X(use_case_per_minute,	INT,	"uc.messages_per_minute", NULL) \
	X(use_case_tat_us,	INT,	"(SELECT p.tat_us FROM send_pacing p " \
	    "WHERE p.scope = CONCAT('use_case:', n.use_case_id))", NULL) \
	X(number_tat_us,	INT,	"(SELECT p.tat_us FROM send_pacing p " \
	    "WHERE p.scope = CONCAT('number:', n.id))",	NULL)

/* An unknown message's contact (struct send_unknown_item), after its
 * MESSAGE_TABLE columns. */
#define SEND_UNKNOWN_CONTACT_TABLE(X) \
	X(first_name,		STR,	"c.first_name",		NULL) \
	X(last_name,		STR,	"c.last_name",		NULL) \
	X(phone,		STR,	"c.phone",		NULL)

#define DB_SEND_STATEMENTS(X) \
	/* Its queue reads take no gap locks: new messages go in meanwhile. */ \
	X(SEND_READ_COMMITTED, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED") \
	/* Due queued messages, up to ? us ahead (the look-ahead): those \
	 * with a slot (paced) and those without one yet; then the clock. */ \
	X(SEND_DUE, "SELECT 0" SEND_DUE_TABLE(COL_SQL) ", " \
	    EPOCH_US("UTC_TIMESTAMP(6)") " " \
	    "FROM messages m WHERE m.status = 'queued' " \
	    "AND m.next_attempt_at <= UTC_TIMESTAMP(3) + " \
	    "INTERVAL ? MICROSECOND " \
	    "ORDER BY m.status, m.next_attempt_at LIMIT ? " \
	    "FOR UPDATE SKIP LOCKED") \
	/* What pacing and the POST need of them (SEND_SCOPE_TABLE). (Every \
	 * outbound message names its campaign: sql/016.) */ \
	X(SEND_SCOPES, "SELECT 0" SEND_SCOPE_TABLE(COL_SQL) " FROM " \
	    SEND_IDS " JOIN messages m ON m.id = j.id " \
	    "JOIN campaigns k ON k.id = m.campaign_id " \
	    "LEFT JOIN phone_numbers n ON n.id = k.phone_number_id " \
	    "LEFT JOIN use_cases uc ON uc.id = n.use_case_id " \
	    "LEFT JOIN messaging_profiles mp ON mp.org_id = k.org_id") \
	/* Locks the pacing rows of the scopes (a sorted JSON array), made \
	 * when new: every sender locks them in the same order. (INSERT \
	 * IGNORE would take shared locks, and two senders upgrading theirs \
	 * deadlock.) */ \
	X(SEND_PACE_LOCK, "INSERT INTO send_pacing (scope) SELECT j.scope " \
	    "FROM JSON_TABLE(?, '$[*]' COLUMNS (scope VARCHAR(40) " \
	    "CHARACTER SET ascii PATH '$')) AS j " \
	    "ON DUPLICATE KEY UPDATE tat_us = tat_us") \
	X(SEND_PACE_READ, "SELECT 0" SEND_PACE_TABLE(COL_SQL) " FROM " \
	    "JSON_TABLE(?, '$[*]' COLUMNS (scope VARCHAR(40) CHARACTER SET " \
	    "ascii PATH '$')) AS j JOIN send_pacing p ON p.scope = j.scope") \
	/* [[scope, tat_us], ...] */ \
	X(SEND_PACE_SAVE, "UPDATE send_pacing p JOIN JSON_TABLE(?, '$[*]' " \
	    "COLUMNS (scope VARCHAR(40) CHARACTER SET ascii PATH '$[0]', " \
	    "tat BIGINT PATH '$[1]')) AS j ON p.scope = j.scope " \
	    "SET p.tat_us = j.tat") \
	/* Slots given: [[id, slot_us], ...]; each is then due at its slot. */ \
	X(SEND_RESERVE, "UPDATE messages m JOIN JSON_TABLE(?, '$[*]' " \
	    "COLUMNS (id BIGINT UNSIGNED PATH '$[0]', slot BIGINT " \
	    "PATH '$[1]')) AS j ON m.id = j.id SET m.paced = 1, " \
	    "m.next_attempt_at = TIMESTAMP'1970-01-01 00:00:00' + " \
	    "INTERVAL j.slot MICROSECOND") \
	/* The rows SEND_DUE locked that go now, by id: [id, ...]. */ \
	X(SEND_LEASE, "UPDATE messages m JOIN " SEND_IDS " ON m.id = j.id " \
	    "SET m.status = 'sending', m.lease_owner = ?, m.paced = 0, " \
	    "m.attempts = m.attempts + 1, m.first_posted_at = " \
	    "COALESCE(m.first_posted_at, UTC_TIMESTAMP(3)), " \
	    "m.next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND") \
	/* A batch's sent messages at once: [[id, provider id], ...]. */ \
	X(SEND_SENT, "UPDATE messages m JOIN JSON_TABLE(?, '$[*]' " \
	    "COLUMNS (id BIGINT UNSIGNED PATH '$[0]', " \
	    "pid VARCHAR(64) PATH '$[1]')) AS j ON m.id = j.id " \
	    "SET m.status = IF(m.status = 'sending', 'sent', m.status), " \
	    "m.provider_message_id = COALESCE(m.provider_message_id, " \
	    "NULLIF(j.pid, '')), m.next_attempt_at = NULL, " \
	    "m.lease_owner = NULL, m.error = NULL, " \
	    "m.status_at = UTC_TIMESTAMP(3) WHERE m.lease_owner = ?") \
	/* Not processed (429, no connection): queued again after ? ms, to \
	 * take a new slot. */ \
	X(SEND_RETRY, "UPDATE messages SET status = 'queued', paced = 0, " \
	    "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, " \
	    "lease_owner = NULL, error = ? WHERE id = ? AND lease_owner = ? " \
	    "AND status = 'sending'") \
	/* Its fate unknown: looked at again (webhook, records) in ? s. */ \
	X(SEND_UNSETTLED, "UPDATE messages SET next_attempt_at = " \
	    "UTC_TIMESTAMP(3) + INTERVAL ? SECOND, lease_owner = NULL, " \
	    "error = ? WHERE id = ? AND lease_owner = ? AND status = 'sending'") \
	X(SEND_FAILED, "UPDATE messages SET status = 'failed', " \
	    "next_attempt_at = NULL, lease_owner = NULL, error = ?, " \
	    "status_at = UTC_TIMESTAMP(3) WHERE id = ? AND lease_owner = ? " \
	    "AND status = 'sending'") \
	/* --- settling: 'sending' messages whose wait has passed ----------- */ \
	X(SEND_SETTLE_DUE, "SELECT 0" SEND_UNSETTLED_TABLE(COL_SQL) " " \
	    "FROM messages m WHERE m.status = 'sending' " \
	    "AND m.next_attempt_at <= UTC_TIMESTAMP(3) " \
	    "ORDER BY m.status, m.next_attempt_at LIMIT ? " \
	    "FOR UPDATE SKIP LOCKED") \
	X(SEND_SETTLE_LEASE, "UPDATE messages m JOIN " SEND_IDS \
	    " ON m.id = j.id SET m.lease_owner = ?, m.next_attempt_at = " \
	    "UTC_TIMESTAMP(3) + INTERVAL ? SECOND") \
	/* Which of these provider ids are ours already: [pid, ...]. */ \
	X(SEND_KNOWN_IDS, "SELECT m.provider_message_id FROM JSON_TABLE(?, " \
	    "'$[*]' COLUMNS (pid VARCHAR(64) CHARACTER SET ascii PATH '$')) " \
	    "AS j JOIN messages m ON m.provider_message_id = j.pid") \
	/* The provider's record of it found: its id and status. */ \
	X(SEND_BIND, "UPDATE messages SET provider_message_id = ?, " \
	    "status = ?, error = ?, next_attempt_at = NULL, " \
	    "lease_owner = NULL, status_at = UTC_TIMESTAMP(3) WHERE id = ? " \
	    "AND lease_owner = ? AND status = 'sending' " \
	    "AND provider_message_id IS NULL") \
	X(SEND_UNKNOWN, "UPDATE messages SET status = 'unknown', " \
	    "next_attempt_at = NULL, lease_owner = NULL, error = ?, " \
	    "status_at = UTC_TIMESTAMP(3) WHERE id = ? AND lease_owner = ? " \
	    "AND status = 'sending'") \
	/* --- what the API shows and does ------------------------------- */ \
	/* A campaign's waiting and unknown messages: one index range. */ \
	X(SEND_QUEUE_COUNTS, "SELECT 0" SEND_QUEUE_GROUP_TABLE(COL_SQL) \
	    " FROM messages m " \
	    "FORCE INDEX (messages_campaign_queue) WHERE m.campaign_id = ? " \
	    "AND m.status IN ('queued', 'sending', 'unknown') " \
	    "GROUP BY m.status, m.paced") \
	/* Its limits now (SEND_QUEUE_LIMITS_TABLE). */ \
	X(SEND_QUEUE_LIMITS, "SELECT 0" SEND_QUEUE_LIMITS_TABLE(COL_SQL) \
	    " FROM campaigns k " \
	    "LEFT JOIN phone_numbers n ON n.id = k.phone_number_id " \
	    "LEFT JOIN use_cases uc ON uc.id = n.use_case_id " \
	    "WHERE k.id = ?") \
	/* The campaign's unknown messages, with their contact. */ \
	X(SEND_UNKNOWN_LIST, "SELECT 0" MESSAGE_TABLE(COL_SQL) \
	    SEND_UNKNOWN_CONTACT_TABLE(COL_SQL) \
	    " FROM messages m FORCE INDEX (messages_campaign_queue) " \
	    "JOIN conversations c ON c.id = m.conversation_id " \
	    "LEFT JOIN users u ON u.id = m.sender_id " \
	    "WHERE m.campaign_id = ? AND m.status = 'unknown' AND m.id > ? " \
	    "ORDER BY m.id LIMIT ?") \
	/* An admin's resend of an unknown message: queued as new. */ \
	X(SEND_RESEND, "UPDATE messages SET status = 'queued', paced = 0, " \
	    "attempts = 0, first_posted_at = NULL, error = NULL, " \
	    "lease_owner = NULL, next_attempt_at = UTC_TIMESTAMP(3), " \
	    "status_at = UTC_TIMESTAMP(3) WHERE id = ? AND status = 'unknown'")

#endif
