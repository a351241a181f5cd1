/*
 * db_sql_campaigns: the SQL of campaigns, their contacts, launching and
 * the platform settings; part of the one statement list of db_sql.h
 * (included there as DB_CAMPAIGN_STATEMENTS). Typed functions over them
 * live in db_campaigns.c.
 */
#ifndef LL_DB_SQL_CAMPAIGNS_H
#define LL_DB_SQL_CAMPAIGNS_H

/*
 * A campaign, declared once (columns.h): the struct campaign member each
 * column fills, its kind, its SQL and its name in the Campaign object of
 * openapi.json (NULL: shown by campaign_view.c in a shape of its own, or
 * not at all). Every join is by primary key from campaigns k:
 * STRAIGHT_JOIN spares the optimizer its search.
 */
#define CAMPAIGN_TABLE(X) \
	X(id,			INT,	"k.id",			"id") \
	X(parent_id,		ID,	"k.parent_id",		"parent_id") \
	X(v.name,		STR,	"k.name",		"name") \
	X(v.description,	STR,	"k.description",	"description") \
	X(status,		STR,	"k.status",		"status") \
	X(v.time_zone,		STR,	"k.time_zone",		"time_zone") \
	X(v.start_at,		TIME,	"k.start_at",		"start_at") \
	X(v.end_at,		TIME,	"k.end_at",		"end_at") \
	X(v.open_from,		INT,	"k.open_from_min",	NULL) \
	X(v.open_until,		INT,	"k.open_until_min",	NULL) \
	X(v.org_display_name,	STR,	"k.org_display_name",	"org_display_name") \
	X(v.opt_out_language,	STR,	"k.opt_out_language",	"opt_out_language") \
	X(org_name,		STR,	"COALESCE(o.display_name, o.name)", NULL) \
	X(org_opt_out_language,	STR,	"o.opt_out_language",	NULL) \
	X(v.number_mode,	STR,	"k.number_mode",	"number_mode") \
	X(v.phone_number_id,	ID,	"k.phone_number_id",	"phone_number_id") \
	X(number_e164,		STR,	"n.phone_number",	NULL) \
	X(number_name,		STR,	"n.name",		NULL) \
	X(number_status,	STR,	"n.provisioning_status", NULL) \
	X(number_failure,	STR,	"n.failure_reason",	NULL) \
	X(number_released,	BOOL,	"n.release_requested_at IS NOT NULL", NULL) \
	X(number_use_case_id,	INT,	"nuc.id",		NULL) \
	X(number_use_case_name,	STR,	"nuc.name",		NULL) \
	X(number_use_case_status, STR,	"nuc.status",		NULL) \
	X(number_use_case_detail, STR,	"nuc.status_detail",	NULL) \
	X(v.use_case_id,	ID,	"k.use_case_id",	"use_case_id") \
	X(v.regions,		LIST,	"k.regions",		"regions") \
	X(v.script,		STR,	"k.script",		NULL) \
	X(v.self_assign,	BOOL,	"k.self_assign",	"self_assign") \
	X(v.batch_size,		INT,	"k.batch_size",		NULL) \
	X(org_batch_size,	INT,	"o.default_batch_size",	NULL) \
	X(invite_token,		STR,	"k.invite_token",	"invite_token") \
	X(contact_count,	INT,	"k.contact_count",	"contact_count") \
	X(contact_columns,	LIST,	"k.contact_columns",	"contact_columns") \
	X(v.launch_at,		TIME,	"k.launch_at",		"launch_at") \
	X(v.launch_error,	STR,	"k.launch_error",	"launch_error") \
	X(launched_at,		TIME,	"k.launched_at",	"launched_at") \
	X(activated_at,		TIME,	"k.activated_at",	"activated_at") \
	X(sending_opens_at,	TIME,	"k.sending_opens_at",	"sending_opens_at") \
	X(archived_at,		TIME,	"k.archived_at",	"archived_at") \
	X(created_at,		TIME,	"k.created_at",		"created_at") \
	X(updated_at,		TIME,	"k.updated_at",		"updated_at") \
	X(org_id,		INT,	"k.org_id",		NULL) \
	X(v.scheduled_by,	INT,	"k.scheduled_by",	NULL) \
	X(created_by,		INT,	"k.created_by",		NULL) \
	X(now,			STR,	"UTC_TIMESTAMP()",	NULL)

#define CAMPAIGN_JOINS \
	"JOIN orgs o ON o.id = k.org_id " \
	"LEFT JOIN phone_numbers n ON n.id = k.phone_number_id " \
	"LEFT JOIN use_cases nuc ON nuc.id = n.use_case_id "

#define CAMPAIGN_SELECT \
	"SELECT STRAIGHT_JOIN 0" CAMPAIGN_TABLE(COL_SQL) " FROM campaigns k " \
	CAMPAIGN_JOINS

/* A campaign on a number, locked while its number's provisioning ends
 * (struct campaign_ref, db_campaigns.h). */
#define CAMPAIGN_REF_TABLE(X) \
	X(id,			INT,	"id",			NULL) \
	X(status,		STR,	"status",		NULL) \
	X(number_mode,		STR,	"number_mode",		NULL)

/* A number as a campaign's draft sees it (struct number_brief). */
#define NUMBER_BRIEF_TABLE(X) \
	X(id,			INT,	"id",			NULL) \
	X(kind,			STR,	"kind",			NULL) \
	X(status,		STR,	"provisioning_status",	NULL) \
	X(released,		BOOL,	"release_requested_at IS NOT NULL", NULL) \
	X(use_case_id,		INT,	"use_case_id",		NULL)

/* A contact (struct contact, db_campaigns.h), declared once; JSON names
 * as in the Contact object (NULL: its fields as an object, by
 * h_contacts.c). */
#define CONTACT_TABLE(X) \
	X(id,			INT,	"c.id",			"id") \
	X(phone,		STR,	"c.phone",		"phone") \
	X(first_name,		STR,	"c.first_name",		"first_name") \
	X(last_name,		STR,	"c.last_name",		"last_name") \
	X(fields,		STR,	"c.fields",		NULL) \
	X(status,		STR,	"c.status",		"status") \
	X(assignee_id,		ID,	"c.assignee_id",	"assignee_id") \
	X(opted_out,		BOOL,	"c.opted_out",		"opted_out")

#define CONTACT_SELECT \
	"SELECT 0" CONTACT_TABLE(COL_SQL) " FROM conversations c "

/* A contact file's rows, as a JSON array of [phone, first, last, fields]. */
#define CONTACT_ROWS \
	"JSON_TABLE(?, '$[*]' COLUMNS (phone VARCHAR(16) PATH '$[0]', " \
	"first_name VARCHAR(100) PATH '$[1]', " \
	"last_name VARCHAR(100) PATH '$[2]', fields TEXT PATH '$[3]')) AS j"

/* Conversations a followup may take: not opted out of the organization. */
#define NOT_OPTED_OUT \
	"NOT EXISTS (SELECT 1 FROM opt_outs oo WHERE oo.org_id = ? " \
	"AND oo.phone = src.phone) "

#define DB_CAMPAIGN_STATEMENTS(X) \
	X(CAMPAIGN_INSERT, "INSERT INTO campaigns (org_id, parent_id, name, " \
	    "description, time_zone, start_at, end_at, open_from_min, " \
	    "open_until_min, org_display_name, opt_out_language, " \
	    "number_mode, phone_number_id, use_case_id, regions, script, " \
	    "self_assign, batch_size, launch_at, scheduled_by, " \
	    "contact_columns, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " \
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") \
	X(CAMPAIGN_GET, CAMPAIGN_SELECT "WHERE k.org_id = ? AND k.id = ?") \
	X(CAMPAIGN_BY_TOKEN, CAMPAIGN_SELECT "WHERE k.invite_token = ?") \
	X(CAMPAIGN_LOCK, "SELECT id FROM campaigns WHERE org_id = ? " \
	    "AND id = ? FOR UPDATE") \
	X(CAMPAIGNS_LIST, CAMPAIGN_SELECT "WHERE k.org_id = ? AND k.id < ? " \
	    "AND (? IS NULL OR k.status = ?) ORDER BY k.id DESC LIMIT ?") \
	X(CAMPAIGN_UPDATE, "UPDATE campaigns SET name = ?, description = ?, " \
	    "time_zone = ?, start_at = ?, end_at = ?, open_from_min = ?, " \
	    "open_until_min = ?, org_display_name = ?, opt_out_language = ?, " \
	    "number_mode = ?, phone_number_id = ?, use_case_id = ?, " \
	    "regions = ?, script = ?, self_assign = ?, batch_size = ?, " \
	    "launch_at = ?, launch_error = ?, scheduled_by = ? WHERE id = ?") \
	X(CAMPAIGN_LAUNCHED, "UPDATE campaigns SET status = ?, " \
	    "phone_number_id = ?, launched_at = UTC_TIMESTAMP(), " \
	    "launched_by = ?, activated_at = IF(? = 'active', " \
	    "UTC_TIMESTAMP(), NULL), sending_opens_at = IF(? = 1, " \
	    "UTC_TIMESTAMP() + INTERVAL ? MINUTE, NULL), launch_at = NULL, " \
	    "launch_error = NULL, scheduled_by = NULL WHERE id = ?") \
	X(CAMPAIGN_SET_STATUS, "UPDATE campaigns SET status = ?, " \
	    "activated_at = IF(? = 'active' AND activated_at IS NULL, " \
	    "UTC_TIMESTAMP(), activated_at), archived_at = IF(? = " \
	    "'archived', UTC_TIMESTAMP(), archived_at), launch_at = IF(? = " \
	    "'archived', NULL, launch_at) WHERE id = ?") \
	X(CAMPAIGN_LAUNCH_REFUSED, "UPDATE campaigns SET launch_at = NULL, " \
	    "launch_error = ?, scheduled_by = NULL WHERE id = ?") \
	X(CAMPAIGN_DUE, "SELECT id, org_id, COALESCE(scheduled_by, " \
	    "created_by) FROM campaigns WHERE status = 'draft' AND " \
	    "launch_at <= UTC_TIMESTAMP() ORDER BY status, launch_at " \
	    "LIMIT 1 FOR UPDATE SKIP LOCKED") \
	/* A number's campaigns: read without locks, then each locked by \
	 * its primary key (the lock order of db_campaigns.c). */ \
	X(CAMPAIGN_IDS_OF_NUMBER, "SELECT id FROM campaigns WHERE " \
	    "phone_number_id = ? ORDER BY id") \
	X(CAMPAIGN_LOCK_ON_NUMBER, "SELECT 0" CAMPAIGN_REF_TABLE(COL_SQL) \
	    " FROM campaigns WHERE id = ? AND phone_number_id = ? FOR UPDATE") \
	X(CAMPAIGNS_USING_NUMBER, "SELECT COUNT(*) FROM campaigns WHERE " \
	    "org_id = ? AND phone_number_id = ? AND status IN ('draft', " \
	    "'launching', 'active', 'paused')") \
	X(CAMPAIGN_CLONE, "INSERT INTO campaigns (org_id, parent_id, name, " \
	    "description, time_zone, start_at, end_at, open_from_min, " \
	    "open_until_min, org_display_name, opt_out_language, " \
	    "number_mode, phone_number_id, use_case_id, regions, script, " \
	    "self_assign, batch_size, contact_columns, created_by) " \
	    "SELECT org_id, IF(number_mode = 'followup', parent_id, NULL), " \
	    "?, description, time_zone, start_at, " \
	    "end_at, open_from_min, open_until_min, org_display_name, " \
	    "opt_out_language, number_mode, IF(number_mode = 'single_use', " \
	    "NULL, phone_number_id), use_case_id, regions, script, " \
	    "self_assign, batch_size, contact_columns, ? FROM campaigns " \
	    "WHERE org_id = ? AND id = ?") \
	X(CAMPAIGN_NAMES_FROM, "SELECT name FROM campaigns WHERE org_id = ? " \
	    "AND LEFT(name, CHAR_LENGTH(?)) = ?") \
	X(CAMPAIGN_FOLLOWUP, "INSERT INTO campaigns (org_id, parent_id, " \
	    "name, description, time_zone, start_at, end_at, open_from_min, " \
	    "open_until_min, org_display_name, opt_out_language, " \
	    "number_mode, phone_number_id, self_assign, batch_size, " \
	    "contact_columns, created_by) SELECT org_id, id, ?, description, " \
	    "time_zone, NULL, end_at, open_from_min, open_until_min, " \
	    "org_display_name, opt_out_language, 'followup', " \
	    "phone_number_id, self_assign, batch_size, contact_columns, ? " \
	    "FROM campaigns WHERE org_id = ? AND id = ?") \
	X(CONTACTS_COPY, "INSERT INTO conversations (campaign_id, phone, " \
	    "first_name, last_name, fields) SELECT ?, src.phone, " \
	    "src.first_name, src.last_name, src.fields FROM conversations src " \
	    "WHERE src.campaign_id = ? AND src.opted_out = 0 AND " \
	    NOT_OPTED_OUT "ORDER BY src.id") \
	X(CONTACTS_COPY_TARGETED, "INSERT INTO conversations (campaign_id, " \
	    "phone, first_name, last_name, fields) SELECT ?, src.phone, " \
	    "src.first_name, src.last_name, src.fields FROM conversations src " \
	    "WHERE src.campaign_id = ? AND " NOT_OPTED_OUT \
	    "AND NOT (? AND src.status IN ('needs_response', 'convo', " \
	    "'closed')) AND NOT (? AND src.status IN ('needs_message', " \
	    "'messaged')) AND NOT (? AND src.opted_out = 1) ORDER BY src.id") \
	X(CAMPAIGN_COUNT_CONTACTS, "UPDATE campaigns SET contact_count = " \
	    "(SELECT COUNT(*) FROM conversations WHERE campaign_id = ?) " \
	    "WHERE id = ?") \
	X(CAMPAIGN_CONTACTS_ADDED, "UPDATE campaigns SET contact_count = " \
	    "contact_count + ?, contact_columns = ? WHERE id = ?") \
	X(CONTACTS_INSERT, "INSERT INTO conversations (campaign_id, phone, " \
	    "first_name, last_name, fields) SELECT ?, j.phone, j.first_name, " \
	    "j.last_name, j.fields FROM " CONTACT_ROWS) \
	X(CONTACTS_REMOVE, "DELETE c FROM conversations c JOIN " \
	    "JSON_TABLE(?, '$[*]' COLUMNS (phone VARCHAR(16) PATH '$')) AS j " \
	    "ON c.phone = j.phone WHERE c.campaign_id = ? AND " \
	    "c.status = 'needs_message' AND c.assignee_id IS NULL") \
	X(CONTACT_PHONES_PAGE, "SELECT id, phone FROM conversations WHERE " \
	    "campaign_id = ? AND id > ? ORDER BY id LIMIT ?") \
	X(OPT_OUTS_PAGE, "SELECT phone FROM opt_outs WHERE org_id = ? AND " \
	    "phone > ? ORDER BY phone LIMIT ?") \
	X(CONTACTS_LIST, CONTACT_SELECT "WHERE c.campaign_id = ? AND " \
	    "c.id > ? ORDER BY c.id LIMIT ?") \
	X(CONTACT_FIRST, CONTACT_SELECT "WHERE c.campaign_id = ? AND " \
	    "(? = 0 OR c.id = ?) ORDER BY c.id LIMIT 1") \
	X(NUMBER_BRIEF, "SELECT 0" NUMBER_BRIEF_TABLE(COL_SQL) \
	    " FROM phone_numbers WHERE org_id = ? AND id = ?") \
	X(AREA_CODES_OF_STATE, "SELECT code FROM area_codes WHERE state = ? " \
	    "ORDER BY code") \
	X(SETTING_GET, "SELECT value FROM settings WHERE name = ?") \
	X(SETTING_SET, "INSERT INTO settings (name, value) VALUES (?, ?) " \
	    "ON DUPLICATE KEY UPDATE value = VALUES(value)") \
	X(PROVISIONING_HISTORY, "SELECT TIMESTAMPDIFF(SECOND, created_at, " \
	    "completed_at) FROM phone_numbers WHERE provisioning_status = " \
	    "'complete' AND created_at > UTC_TIMESTAMP() - INTERVAL 90 DAY " \
	    "AND completed_at IS NOT NULL AND LEAST(MOD(WEEKDAY(created_at) " \
	    "* 24 + HOUR(created_at) - ? + 168, 168), MOD(? - " \
	    "WEEKDAY(created_at) * 24 - HOUR(created_at) + 168, 168)) <= ? " \
	    "ORDER BY 1 LIMIT 10000")

#endif
