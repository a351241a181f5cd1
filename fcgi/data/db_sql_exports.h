/*
 * db_sql_exports: the statements of export jobs (sql/025): an admin's
 * request, the exporter's claim by lease and its fenced writes, the
 * download's chunks and the purge a day after; part of the one statement
 * list of db_sql.h. Typed functions over them live in db_exports.c.
 *
 * The admins' statements name the organization: an id of another one
 * matches nothing, and the handler answers 404. Every write of the
 * exporter names its lease_owner: a lease lost is a write refused.
 */
#ifndef LL_DB_SQL_EXPORTS_H
#define LL_DB_SQL_EXPORTS_H

/* An export, declared once (columns.h); JSON names as in the Export
 * object of openapi.json (download_url is the handler's). */
#define EXPORT_TABLE(X) \
	X(id,		INT,	"x.id",			"id") \
	X(kind,		STR,	"x.kind",		"kind") \
	X(campaign_id,	ID,	"x.campaign_id",	"campaign_id") \
	X(status,	STR,	"x.status",		"status") \
	X(rows_done,	INT,	"x.rows_done",		"rows_done") \
	X(rows_total,	INT,	"x.rows_total",		"rows_total") \
	X(bytes,	INT,	"x.bytes",		"bytes") \
	X(error,	STR,	"x.last_error",		"error") \
	X(created_at,	TIME,	"x.created_at",		"created_at") \
	X(finished_at,	TIME,	"x.finished_at",	"finished_at") \
	X(expires_at,	TIME,	"x.expires_at",		"expires_at") \
	X(chunks,	INT,	"x.chunks",		NULL) \
	X(expired,	BOOL,	"x.expires_at <= UTC_TIMESTAMP(3)", NULL)

#define EXPORT_SELECT \
	"SELECT 0" EXPORT_TABLE(COL_SQL) " FROM exports x "

#define DB_EXPORTS_STATEMENTS(X) \
	X(EXPORT_INSERT, "INSERT INTO exports (org_id, kind, campaign_id, " \
	    "requested_by) VALUES (?, ?, ?, ?)") \
	X(EXPORT_GET, EXPORT_SELECT "WHERE x.org_id = ? AND x.id = ?") \
	/* Newest first; one campaign's (? not 0) or all, of one kind (? \
	 * not '') or all; none expired. */ \
	X(EXPORTS_LIST, EXPORT_SELECT "WHERE x.org_id = ? " \
	    "AND (? = 0 OR x.campaign_id = ?) AND (? = '' OR x.kind = ?) " \
	    "AND (x.expires_at IS NULL " \
	    "OR x.expires_at > UTC_TIMESTAMP(3)) ORDER BY x.id DESC LIMIT ?") \
	X(EXPORT_CHUNK_GET, "SELECT data FROM export_chunks " \
	    "WHERE export_id = ? AND seq = ?") \
	/* Exports whose exporters died too often fail (? attempts). */ \
	X(EXPORTS_GIVE_UP, "UPDATE exports SET status = 'failed', " \
	    "last_error = 'The exporter stopped too many times while " \
	    "writing this file.', lease_owner = NULL, lease_until = NULL, " \
	    "finished_at = UTC_TIMESTAMP(3), expires_at = UTC_TIMESTAMP(3) " \
	    "+ INTERVAL 1 DAY WHERE status = 'running' AND " \
	    "lease_until < UTC_TIMESTAMP(3) AND attempts >= ?") \
	/* The oldest queued export, or a running one whose lease ran out: \
	 * written again from the start. */ \
	X(EXPORT_CLAIM, "UPDATE exports SET status = 'running', " \
	    "lease_owner = ?, lease_until = UTC_TIMESTAMP(3) + INTERVAL ? " \
	    "SECOND, attempts = attempts + 1, rows_done = 0, chunks = 0, " \
	    "bytes = 0 WHERE status = 'queued' OR (status = 'running' AND " \
	    "lease_until < UTC_TIMESTAMP(3)) ORDER BY id LIMIT 1") \
	X(EXPORT_CLAIMED, "SELECT id, org_id, kind, campaign_id " \
	    "FROM exports WHERE lease_owner = ? AND status = 'running'") \
	/* What an earlier attempt wrote (a chunk a statement). */ \
	X(EXPORT_CHUNKS_CLEAR, "DELETE FROM export_chunks " \
	    "WHERE export_id = ? ORDER BY seq LIMIT 8") \
	X(EXPORT_COUNT_MESSAGES, "SELECT COUNT(*) FROM conversations c " \
	    "FORCE INDEX (conversations_campaign_id) JOIN messages m " \
	    "FORCE INDEX (messages_conversation) ON m.conversation_id = c.id " \
	    "WHERE c.campaign_id = ?") \
	X(EXPORT_COUNT_OPT_OUTS, "SELECT COUNT(*) FROM opt_outs " \
	    "WHERE org_id = ?") \
	X(EXPORT_CHUNK_ADD, "INSERT INTO export_chunks (export_id, seq, " \
	    "data) SELECT id, ?, ? FROM exports WHERE id = ? AND " \
	    "lease_owner = ? AND status = 'running'") \
	/* Progress, and the lease renewed with it. */ \
	X(EXPORT_PROGRESS, "UPDATE exports SET rows_done = ?, " \
	    "rows_total = ?, lease_until = " \
	    "UTC_TIMESTAMP(3) + INTERVAL ? SECOND WHERE id = ? AND " \
	    "lease_owner = ? AND status = 'running'") \
	X(EXPORT_DONE, "UPDATE exports SET status = 'done', rows_done = ?, " \
	    "rows_total = ?, chunks = ?, bytes = ?, lease_until = NULL, " \
	    "finished_at = UTC_TIMESTAMP(3), expires_at = UTC_TIMESTAMP(3) " \
	    "+ INTERVAL 1 DAY WHERE id = ? AND lease_owner = ? " \
	    "AND status = 'running'") \
	X(EXPORT_FAILED, "UPDATE exports SET status = 'failed', " \
	    "last_error = ?, lease_until = NULL, " \
	    "finished_at = UTC_TIMESTAMP(3), expires_at = UTC_TIMESTAMP(3) " \
	    "+ INTERVAL 1 DAY WHERE id = ? AND lease_owner = ? " \
	    "AND status = 'running'") \
	/* A failure that may pass (the database): claimable again now. */ \
	X(EXPORT_RELEASE, "UPDATE exports SET lease_until = " \
	    "UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = ? AND " \
	    "lease_owner = ? AND status = 'running'") \
	/* housekeeping.c: the file when it expires (a day after it \
	 * finished); the row an hour later, so a late download answers 410 \
	 * instead of 404 meanwhile. */ \
	X(EXPORT_CHUNKS_PURGE, "DELETE FROM export_chunks WHERE export_id " \
	    "IN (SELECT id FROM exports WHERE expires_at <= " \
	    "UTC_TIMESTAMP(3)) ORDER BY export_id, seq LIMIT ?") \
	X(EXPORTS_PURGE, "DELETE FROM exports WHERE expires_at <= " \
	    "UTC_TIMESTAMP(3) - INTERVAL 1 HOUR AND NOT EXISTS (SELECT 1 " \
	    "FROM export_chunks k WHERE k.export_id = exports.id) " \
	    "ORDER BY id LIMIT ?")

#endif
