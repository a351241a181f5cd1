/*
 * db_sql_canned: the SQL of canned responses (sql/021), as constants with
 * ? placeholders; db_sql.h includes them in the one statement list as
 * DB_CANNED_STATEMENTS. Typed functions over them live in db_canned.c.
 *
 * Every statement names the organization: an id of another one finds
 * nothing.
 */
#ifndef LL_DB_SQL_CANNED_H
#define LL_DB_SQL_CANNED_H

/* A canned response (struct canned, db_canned.h), declared once
 * (columns.h); JSON names as in the CannedResponse object of
 * openapi.json (scope is made from campaign_id). */
#define CANNED_TABLE(X) \
	X(id,			INT,	"r.id",			"id") \
	X(campaign_id,		ID,	"r.campaign_id",	"campaign_id") \
	X(title,		STR,	"r.title",		"title") \
	X(text,			STR,	"r.text",		"text") \
	X(created_at,		TIME,	"r.created_at",		"created_at") \
	X(updated_at,		TIME,	"r.updated_at",		"updated_at")

/* What the merge-field check needs of a campaign (struct
 * canned_campaign): its contact file's columns, a JSON array. */
#define CANNED_CAMPAIGN_TABLE(X) \
	X(id,			INT,	"k.id",			NULL) \
	X(name,			STR,	"k.name",		NULL) \
	X(contact_columns,	LIST,	"k.contact_columns",	NULL)

#define CANNED_SELECT \
	"SELECT 0" CANNED_TABLE(COL_SQL) " FROM canned_responses r "

#define CANNED_ORDER	"ORDER BY r.title, r.id"

#define DB_CANNED_STATEMENTS(X) \
	X(CANNED_GET, CANNED_SELECT "WHERE r.org_id = ? AND r.id = ?") \
	/* The organization-wide ones. */ \
	X(CANNED_ORG_LIST, CANNED_SELECT \
	    "WHERE r.org_id = ? AND r.campaign_id IS NULL " CANNED_ORDER) \
	/* A campaign's own, and the organization-wide ones it includes. */ \
	X(CANNED_CAMPAIGN_LIST, CANNED_SELECT \
	    "WHERE r.org_id = ? AND (r.campaign_id = ? OR r.id IN (" \
	    "SELECT i.canned_id FROM campaign_canned_includes i " \
	    "WHERE i.campaign_id = ?)) " CANNED_ORDER) \
	/* How many one scope holds (campaign NULL: the organization's). */ \
	X(CANNED_COUNT, "SELECT COUNT(*) FROM canned_responses " \
	    "WHERE org_id = ? AND campaign_id <=> ?") \
	X(CANNED_INSERT, "INSERT INTO canned_responses (org_id, campaign_id, " \
	    "title, text, created_by) VALUES (?, ?, ?, ?, ?)") \
	X(CANNED_UPDATE, "UPDATE canned_responses SET title = ?, text = ? " \
	    "WHERE org_id = ? AND id = ?") \
	X(CANNED_DELETE, "DELETE FROM canned_responses " \
	    "WHERE org_id = ? AND id = ?") \
	X(CANNED_CAMPAIGN, "SELECT 0" CANNED_CAMPAIGN_TABLE(COL_SQL) \
	    " FROM campaigns k WHERE k.org_id = ? AND k.id = ?") \
	/* The campaigns that include an organization-wide one. */ \
	X(CANNED_INCLUDERS, "SELECT 0" CANNED_CAMPAIGN_TABLE(COL_SQL) \
	    " FROM campaign_canned_includes i " \
	    "JOIN campaigns k ON k.id = i.campaign_id " \
	    "WHERE i.canned_id = ? ORDER BY k.id") \
	X(CANNED_INCLUDES_COUNT, "SELECT COUNT(*) " \
	    "FROM campaign_canned_includes WHERE campaign_id = ?") \
	X(CANNED_INCLUDE, "INSERT IGNORE INTO campaign_canned_includes " \
	    "(campaign_id, canned_id) VALUES (?, ?)") \
	X(CANNED_EXCLUDE, "DELETE FROM campaign_canned_includes " \
	    "WHERE campaign_id = ? AND canned_id = ?")

#endif
