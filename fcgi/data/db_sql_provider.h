/*
 * db_sql_provider: the statements of the provisioner role and of what
 * Launchline keeps about the provider side (issue 15): this deployment's
 * identity, each organization's messaging profile, use cases' two campaign
 * ids and their checks, numbers' work, references and releases, and the
 * webhooks that wake a number. Part of db_sql.h's list.
 */
#ifndef LL_DB_SQL_PROVIDER_H
#define LL_DB_SQL_PROVIDER_H

/*
 * A number the provisioner holds (struct number_work, db_provider.h):
 * what its step needs, with its use case (both campaign ids, status,
 * seconds since checked: -1 never) and its organization's messaging
 * profile (NULL until made). Declared once (columns.h); never shown.
 */
#define NUMBER_WORK_TABLE(X) \
	X(id,			INT,	"n.id",			NULL) \
	X(org_id,		INT,	"n.org_id",		NULL) \
	X(step,			STR,	"n.step",		NULL) \
	X(area_codes,		STR,	"n.area_codes",		NULL) \
	X(phone_number,		STR,	"n.phone_number",	NULL) \
	X(order_id,		STR,	"n.provider_order_id",	NULL) \
	X(provider_number_id,	STR,	"n.provider_number_id",	NULL) \
	X(provider_ref,		STR,	"n.provider_ref",	NULL) \
	X(order_attempts,	INT,	"n.order_attempts",	NULL) \
	X(poll_interval_s,	INT,	"n.poll_interval_s",	NULL) \
	X(past_deadline,	BOOL,	"n.deadline_at IS NOT NULL AND " \
	    "n.deadline_at < UTC_TIMESTAMP()",			NULL) \
	X(release,		BOOL,	"n.release_due = 1",	NULL) \
	X(use_case_id,		INT,	"uc.id",		NULL) \
	X(use_case_name,	STR,	"uc.name",		NULL) \
	X(campaign_given,	STR,	"uc.provider_campaign_id", NULL) \
	X(campaign_id,		STR,	"uc.telnyx_campaign_id", NULL) \
	X(use_case_status,	STR,	"uc.status",		NULL) \
	X(use_case_detail,	STR,	"uc.status_detail",	NULL) \
	X(use_case_checked_s,	INT,	"COALESCE(TIMESTAMPDIFF(SECOND, " \
	    "uc.checked_at, UTC_TIMESTAMP()), -1)",		NULL) \
	X(profile_id,		STR,	"mp.provider_profile_id", NULL)

#define NUMBER_WORK_SQL \
	"SELECT 0" NUMBER_WORK_TABLE(COL_SQL) " FROM phone_numbers n " \
	"JOIN use_cases uc ON uc.id = n.use_case_id " \
	"LEFT JOIN messaging_profiles mp ON mp.org_id = n.org_id " \
	"WHERE n.lease_owner = ? AND n.lease_until > UTC_TIMESTAMP()"

/* A use case to check (struct use_case_check): the id as given and
 * Telnyx's, NULL until looked up. */
#define USE_CASE_CHECK_TABLE(X) \
	X(id,			INT,	"id",			NULL) \
	X(given,		STR,	"provider_campaign_id",	NULL) \
	X(campaign_id,		STR,	"telnyx_campaign_id",	NULL)

#define USE_CASE_CHECK_SELECT \
	"SELECT 0" USE_CASE_CHECK_TABLE(COL_SQL) " FROM use_cases "

/* provider-check's lists (cli/provider_check.c): the messaging profiles
 * made (struct profile_row), the use cases whose Telnyx campaign id is
 * known (struct use_case_row), and the complete numbers that should be
 * live at the provider (struct live_number). */
#define PROFILE_MADE_TABLE(X) \
	X(org_id,		INT,	"mp.org_id",		NULL) \
	X(org_name,		STR,	"o.name",		NULL) \
	X(profile_id,		STR,	"mp.provider_profile_id", NULL) \
	X(name,			STR,	"mp.name",		NULL)

#define USE_CASE_RESOLVED_TABLE(X) \
	X(id,			INT,	"uc.id",		NULL) \
	X(org_name,		STR,	"o.name",		NULL) \
	X(name,			STR,	"uc.name",		NULL) \
	X(campaign_id,		STR,	"uc.telnyx_campaign_id", NULL)

#define LIVE_NUMBER_TABLE(X) \
	X(id,			INT,	"n.id",			NULL) \
	X(org_name,		STR,	"o.name",		NULL) \
	X(phone_number,		STR,	"n.phone_number",	NULL) \
	X(provider_number_id,	STR,	"n.provider_number_id",	NULL) \
	X(profile_id,		STR,	"mp.provider_profile_id", NULL)

#define DB_PROVIDER_STATEMENTS(X) \
	X(DEPLOYMENT_ID, "SELECT deployment_id FROM deployment WHERE id = 1") \
	/* One row per line of `launchline admin status`. */ \
	X(STATUS_LINES, "SELECT 'schema', COALESCE(MAX(version), 'none') " \
	    "FROM schema_migrations UNION ALL " \
	    "SELECT 'provisioning-based launching', COALESCE(MAX(value), 'on') " \
	    "FROM settings WHERE name = 'provisioning_launch' UNION ALL " \
	    "SELECT 'organizations', COUNT(*) FROM orgs UNION ALL " \
	    "SELECT CONCAT('use cases ', status), COUNT(*) FROM use_cases " \
	    "GROUP BY status UNION ALL " \
	    "SELECT CONCAT('numbers ', provisioning_status), COUNT(*) " \
	    "FROM phone_numbers WHERE released_at IS NULL " \
	    "GROUP BY provisioning_status UNION ALL " \
	    "SELECT 'numbers whose release failed', COUNT(*) " \
	    "FROM phone_numbers WHERE release_failed_at IS NOT NULL UNION ALL " \
	    "SELECT CONCAT('messages ', status), COUNT(*) FROM messages " \
	    "WHERE status IN ('queued', 'sending', 'unknown') GROUP BY status " \
	    "UNION ALL SELECT CONCAT('emails ', status), COUNT(*) " \
	    "FROM email_outbox WHERE status IN ('queued', 'sending', 'failed') " \
	    "GROUP BY status") \
	X(DEPLOYMENT_RENEW, "UPDATE deployment SET deployment_id = " \
	    "LOWER(HEX(RANDOM_BYTES(8))), created_at = UTC_TIMESTAMP() " \
	    "WHERE id = 1") \
	/* --- the provisioner's claims: provisioning first, then releases -- */ \
	X(NUMBER_CLAIM, "UPDATE phone_numbers n SET lease_owner = ?, " \
	    "lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE " \
	    "n.provisioning_status = 'initiated' AND " \
	    "n.next_attempt_at <= UTC_TIMESTAMP() AND " \
	    "n.release_requested_at IS NULL AND " \
	    "(n.lease_until IS NULL OR n.lease_until < UTC_TIMESTAMP()) " \
	    "ORDER BY n.provisioning_status, n.next_attempt_at LIMIT 1") \
	X(NUMBER_CLAIM_RELEASE, "UPDATE phone_numbers n SET lease_owner = ?, " \
	    "lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE " \
	    "n.release_due = 1 AND n.next_attempt_at <= UTC_TIMESTAMP() AND " \
	    "(n.lease_until IS NULL OR n.lease_until < UTC_TIMESTAMP()) " \
	    "LIMIT 1") \
	X(NUMBER_WORK, NUMBER_WORK_SQL) \
	X(NUMBER_SAVE, "UPDATE phone_numbers SET step = ?, phone_number = ?, " \
	    "provider_order_id = ?, provider_number_id = ?, provider_ref = ?, " \
	    "order_attempts = ?, poll_interval_s = ?, " \
	    "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, " \
	    "deadline_at = COALESCE(deadline_at, " \
	    "UTC_TIMESTAMP() + INTERVAL ? MINUTE), " \
	    "lease_owner = NULL, lease_until = NULL " \
	    "WHERE id = ? AND lease_owner = ?") \
	/* What a step learnt, kept while the lease is held (before the end \
	 * of provisioning, which needs the lease). */ \
	X(NUMBER_KEEP, "UPDATE phone_numbers SET phone_number = ?, " \
	    "provider_order_id = ?, provider_number_id = ?, provider_ref = ? " \
	    "WHERE id = ? AND lease_owner = ?") \
	X(NUMBER_RESERVE, "UPDATE phone_numbers SET phone_number = ? " \
	    "WHERE id = ? AND lease_owner = ?") \
	/* Written before the order is sent: once there may be an order, \
	 * the number is released if it fails (release_due). */ \
	X(NUMBER_REF_SET, "UPDATE phone_numbers SET provider_ref = ? " \
	    "WHERE id = ? AND lease_owner = ?") \
	X(NUMBER_RELEASED, "UPDATE phone_numbers SET released_at = " \
	    "UTC_TIMESTAMP(), release_error = NULL, provider_number_id = COALESCE(?, " \
	    "provider_number_id), lease_owner = NULL, lease_until = NULL " \
	    "WHERE id = ? AND lease_owner = ?") \
	X(NUMBER_RELEASE_LATER, "UPDATE phone_numbers SET " \
	    "provider_number_id = COALESCE(?, provider_number_id), " \
	    "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, " \
	    "lease_owner = NULL, lease_until = NULL " \
	    "WHERE id = ? AND lease_owner = ?") \
	X(NUMBER_RELEASE_FAILED, "UPDATE phone_numbers SET " \
	    "release_failed_at = UTC_TIMESTAMP(), release_error = ?, " \
	    "lease_owner = NULL, lease_until = NULL " \
	    "WHERE id = ? AND lease_owner = ?") \
	/* --- webhooks wake a number; a woken one is due "a day ago": the \
	 * claim, oldest due first, takes it before the numbers merely due by \
	 * their back-off ----------------------------------------------- */ \
	X(NUMBER_WAKE_BY_E164, "UPDATE phone_numbers SET next_attempt_at = " \
	    "UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE phone_number = ? AND " \
	    "provisioning_status = 'initiated' AND step = 'poll'") \
	X(NUMBER_WAKE_BY_ORDER, "UPDATE phone_numbers SET next_attempt_at = " \
	    "UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE provider_order_id = ? AND " \
	    "provisioning_status = 'initiated'") \
	X(NUMBER_ID_BY_E164, "SELECT id FROM phone_numbers WHERE " \
	    "phone_number = ? AND provisioning_status = 'initiated'") \
	X(WEBHOOK_SEEN, "INSERT IGNORE INTO webhook_events " \
	    "(provider_event_id, event_type) VALUES (?, ?)") \
	/* --- organizations' messaging profiles ---------------------------- */ \
	X(PROFILE_ROW, "INSERT IGNORE INTO messaging_profiles (org_id, name) " \
	    "VALUES (?, ?)") \
	X(PROFILE_LEASE, "UPDATE messaging_profiles SET lease_owner = ?, " \
	    "lease_until = UTC_TIMESTAMP() + INTERVAL ? SECOND " \
	    "WHERE org_id = ? AND provider_profile_id IS NULL AND " \
	    "(lease_until IS NULL OR lease_until < UTC_TIMESTAMP())") \
	X(PROFILE_SET, "UPDATE messaging_profiles SET provider_profile_id = ?, " \
	    "lease_owner = NULL, lease_until = NULL " \
	    "WHERE org_id = ? AND lease_owner = ?") \
	X(PROFILE_UNLEASE, "UPDATE messaging_profiles SET lease_owner = NULL, " \
	    "lease_until = NULL WHERE org_id = ? AND lease_owner = ?") \
	X(PROFILES_MADE, "SELECT 0" PROFILE_MADE_TABLE(COL_SQL) \
	    " FROM messaging_profiles mp JOIN orgs o ON o.id = mp.org_id " \
	    "WHERE mp.provider_profile_id IS NOT NULL ORDER BY mp.org_id") \
	/* --- use cases: their ids looked up, their status checked ---------- */ \
	X(USE_CASES_TO_CHECK, USE_CASE_CHECK_SELECT "WHERE checked_at IS NULL " \
	    "OR (status = 'pending' AND " \
	    "checked_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND) " \
	    "OR checked_at < UTC_TIMESTAMP() - INTERVAL ? SECOND " \
	    "ORDER BY checked_at LIMIT 20") \
	X(USE_CASE_FOR_CHECK, USE_CASE_CHECK_SELECT "WHERE id = ?") \
	X(USE_CASE_RESOLVED, "UPDATE use_cases SET telnyx_campaign_id = ?, " \
	    "tcr_campaign_id = ? WHERE id = ?") \
	X(USE_CASE_TOUCH, "UPDATE use_cases SET checked_at = UTC_TIMESTAMP(), " \
	    "status_detail = ? WHERE id = ?") \
	X(USE_CASE_SET_STATUS, "UPDATE use_cases SET status = ?, " \
	    "status_detail = ?, checked_at = UTC_TIMESTAMP() WHERE id = ?") \
	X(USE_CASES_RESOLVED_ALL, "SELECT 0" USE_CASE_RESOLVED_TABLE(COL_SQL) \
	    " FROM use_cases uc JOIN orgs o ON o.id = uc.org_id " \
	    "WHERE uc.telnyx_campaign_id IS NOT NULL ORDER BY uc.id") \
	/* --- provider-check: the numbers that should be live there ------- */ \
	X(NUMBERS_AT_PROVIDER, "SELECT 0" LIVE_NUMBER_TABLE(COL_SQL) \
	    " FROM phone_numbers n JOIN orgs o ON o.id = n.org_id " \
	    "LEFT JOIN messaging_profiles mp ON mp.org_id = n.org_id " \
	    "WHERE n.provisioning_status = 'complete' AND " \
	    "n.released_at IS NULL AND n.release_requested_at IS NULL AND " \
	    "n.provider_number_id IS NOT NULL ORDER BY n.id")

#endif
