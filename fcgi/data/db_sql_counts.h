/*
 * db_sql_counts: the SQL of conversation counts (how many conversations a
 * campaign has per assignee, status and opted_out) and of their snapshot
 * for large campaigns (sql/008_counts.sql); part of the one statement list
 * of db_sql.h. Typed functions over them live in db_counts.c.
 */
#ifndef LL_DB_SQL_COUNTS_H
#define LL_DB_SQL_COUNTS_H

/* One pass over the campaign's assignment index, which holds every
 * column used (conversations_assign): no table rows are read. */
#define COUNTS_GROUPS \
	"COALESCE(assignee_id, 0), status, opted_out, COUNT(*) " \
	"FROM conversations FORCE INDEX (conversations_assign) " \
	"WHERE campaign_id = ? GROUP BY assignee_id, status, opted_out"

/* A lease: the one process counting a campaign now. */
#define COUNTS_LEASE \
	"lease_owner = ?, lease_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND "
#define COUNTS_FREE \
	"(lease_until IS NULL OR lease_until < UTC_TIMESTAMP(3)) "
#define COUNTS_OLDER_THAN \
	"(computed_at IS NULL OR computed_at < UTC_TIMESTAMP(3) - " \
	"INTERVAL ? SECOND) "

#define DB_COUNTS_STATEMENTS(X) \
	X(COUNTS_LIVE, "SELECT " COUNTS_GROUPS) \
	/* The campaign's size, and its snapshot when it has one: \
	 * [size, computed_at, older than ? s, wanted more than 10 s ago, \
	 * assignee, status, opted_out, n] (a snapshot of no conversations \
	 * is one row of NULL groups; none at all: one row of NULLs). */ \
	X(COUNTS_SNAPSHOT, "SELECT c.contact_count, k.computed_at, " \
	    "k.computed_at IS NULL OR k.computed_at < UTC_TIMESTAMP(3) - " \
	    "INTERVAL ? SECOND, k.wanted_at < UTC_TIMESTAMP(3) - " \
	    "INTERVAL 10 SECOND, r.assignee_id, r.status, r.opted_out, r.n " \
	    "FROM campaigns c LEFT JOIN campaign_counts k " \
	    "ON k.campaign_id = c.id LEFT JOIN campaign_count_rows r " \
	    "ON r.campaign_id = k.campaign_id AND k.computed_at IS NOT NULL " \
	    "WHERE c.id = ?") \
	X(COUNTS_WANT, "INSERT IGNORE INTO campaign_counts (campaign_id, " \
	    "wanted_at) VALUES (?, UTC_TIMESTAMP(3))") \
	X(COUNTS_WANTED, "UPDATE campaign_counts SET wanted_at = " \
	    "UTC_TIMESTAMP(3) WHERE campaign_id = ?") \
	/* The refresher: the stalest campaign a page asked for lately. */ \
	X(COUNTS_CLAIM_DUE, "UPDATE campaign_counts SET " COUNTS_LEASE \
	    "WHERE wanted_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND AND " \
	    COUNTS_OLDER_THAN "AND " COUNTS_FREE \
	    "ORDER BY computed_at LIMIT 1") \
	/* A request whose snapshot is too old, when no refresher kept up. */ \
	X(COUNTS_CLAIM_ONE, "UPDATE campaign_counts SET " COUNTS_LEASE \
	    "WHERE campaign_id = ? AND " COUNTS_OLDER_THAN "AND " COUNTS_FREE) \
	X(COUNTS_CLAIMED, "SELECT campaign_id, UTC_TIMESTAMP(3) FROM " \
	    "campaign_counts WHERE lease_owner = ? AND lease_until > " \
	    "UTC_TIMESTAMP(3)") \
	/* Counting reads without locks: sends keep changing conversations \
	 * meanwhile, and must not wait for a count. */ \
	X(COUNTS_READ_COMMITTED, "SET TRANSACTION ISOLATION LEVEL " \
	    "READ COMMITTED") \
	X(COUNTS_ROWS_CLEAR, "DELETE FROM campaign_count_rows WHERE " \
	    "campaign_id = ?") \
	X(COUNTS_ROWS_FILL, "INSERT INTO campaign_count_rows (campaign_id, " \
	    "assignee_id, status, opted_out, n) SELECT ?, " COUNTS_GROUPS) \
	X(COUNTS_DONE, "UPDATE campaign_counts SET computed_at = ?, " \
	    "took_ms = TIMESTAMPDIFF(MICROSECOND, ?, UTC_TIMESTAMP(3)) " \
	    "DIV 1000, lease_owner = NULL, lease_until = NULL " \
	    "WHERE campaign_id = ? AND lease_owner = ?")

#endif
