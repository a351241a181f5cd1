/*
 * db_sql: every SQL statement of the API workers and the CLI, as a
 * constant with ? placeholders. Each is prepared once per connection, on
 * first use. A new query is one line here and one typed function in a
 * db_<area>.c file.
 */
#ifndef LL_DB_SQL_H
#define LL_DB_SQL_H

#include "db_sql_campaigns.h"
#include "db_sql_canned.h"
#include "db_sql_counts.h"
#include "db_sql_exports.h"
#include "db_sql_orgs.h"
#include "db_sql_provider.h"
#include "db_sql_resets.h"
#include "db_sql_review.h"
#include "db_sql_send.h"
#include "db_sql_survey.h"
#include "db_sql_tags.h"
#include "db_sql_texting.h"

#define INVITE_STATUS \
	"CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted' " \
	"WHEN i.revoked_at IS NOT NULL THEN 'revoked' " \
	"WHEN i.expires_at <= UTC_TIMESTAMP() THEN 'expired' " \
	"ELSE 'pending' END"

#define INVITE_PENDING \
	"(i.accepted_at IS NULL AND i.revoked_at IS NULL " \
	"AND i.expires_at > UTC_TIMESTAMP())"

/* i.email NULL: an open link (sql/017). */
#define INVITE_COLUMNS \
	"SELECT i.id, i.email, i.role, " INVITE_STATUS ", i.created_at, " \
	"i.expires_at, u.name, " INVITE_PENDING ", i.uses " \
	"FROM invitations i JOIN users u ON u.id = i.invited_by "

#define PERSON_COLUMNS \
	"SELECT u.id, u.email, u.name, m.role, m.created_at " \
	"FROM memberships m JOIN users u ON u.id = m.user_id "

#define USE_CASE_LIVE \
	"(SELECT COUNT(*) FROM phone_numbers n WHERE n.use_case_id = uc.id " \
	"AND n.release_requested_at IS NULL AND n.provisioning_status <> 'failed')"

/* A use case, declared once (columns.h); JSON names as in the UseCase
 * object of openapi.json (NULL: shown by h_numbers.c in a shape of its
 * own). */
#define USE_CASE_TABLE(X) \
	X(id,			INT,	"uc.id",		"id") \
	X(name,			STR,	"uc.name",		"name") \
	X(provider_campaign_id,	STR,	"uc.provider_campaign_id", "provider_campaign_id") \
	X(telnyx_campaign_id,	STR,	"uc.telnyx_campaign_id", "telnyx_campaign_id") \
	X(tcr_campaign_id,	STR,	"uc.tcr_campaign_id",	"tcr_campaign_id") \
	X(status,		STR,	"uc.status",		"status") \
	X(status_detail,	STR,	"uc.status_detail",	"status_detail") \
	X(checked_at,		TIME,	"uc.checked_at",	"checked_at") \
	X(live_numbers,		INT,	USE_CASE_LIVE,		"live_numbers") \
	X(created_at,		TIME,	"uc.created_at",	"created_at") \
	X(messages_per_minute,	INT,	"uc.messages_per_minute", NULL)

#define USE_CASE_SELECT \
	"SELECT 0" USE_CASE_TABLE(COL_SQL) " FROM use_cases uc "

/* Deleted numbers leave the lists, unless their release failed (and while
 * it is tried again: release_error keeps the last answer until then). */
#define NUMBER_LISTED \
	"(n.release_requested_at IS NULL OR n.release_error IS NOT NULL)"

/*
 * A number, declared once; JSON names as in the Number object (NULL: its
 * area codes as a list, its use case as an object, and completed_at while
 * complete only, by h_numbers.c). deleted: its release was asked for;
 * release_failed, release_error: the provider refused it, and its answer
 * (see NUMBER_LISTED).
 */
#define NUMBER_TABLE(X) \
	X(id,			INT,	"n.id",			"id") \
	X(kind,			STR,	"n.kind",		"kind") \
	X(name,			STR,	"n.name",		"name") \
	X(area_codes,		STR,	"n.area_codes",		NULL) \
	X(phone_number,		STR,	"n.phone_number",	"phone_number") \
	X(status,		STR,	"n.provisioning_status", "provisioning_status") \
	X(failure_reason,	STR,	"n.failure_reason",	"failure_reason") \
	X(use_case_id,		INT,	"uc.id",		NULL) \
	X(use_case_name,	STR,	"uc.name",		NULL) \
	X(initiated_by_name,	STR,	"u.name",		"initiated_by_name") \
	X(created_at,		TIME,	"n.created_at",		"created_at") \
	X(completed_at,		TIME,	"n.completed_at",	NULL) \
	X(deleted,		BOOL,	"n.release_requested_at IS NOT NULL", "deleted") \
	X(release_failed,	BOOL,	"n.release_failed_at IS NOT NULL", "release_failed") \
	X(release_error,	STR,	"n.release_error",	"release_error")

#define NUMBER_SELECT \
	"SELECT 0" NUMBER_TABLE(COL_SQL) " FROM phone_numbers n " \
	"JOIN use_cases uc ON uc.id = n.use_case_id " \
	"JOIN users u ON u.id = n.initiated_by "

/* An entry of a number's provisioning timeline (TimelineEvent). */
#define NUMBER_EVENT_TABLE(X) \
	X(at,			TIME,	"e.at",			"at") \
	X(kind,			STR,	"e.kind",		"kind") \
	X(detail,		STR,	"e.detail",		"detail")

/* An area code, and where it is (AreaCode). */
#define AREA_CODE_TABLE(X) \
	X(code,			STR,	"a.code",		"code") \
	X(state,		STR,	"a.state",		"state") \
	X(places,		STR,	"a.places",		"places")

/*
 * The email an ended provisioning causes, if any: to the person who asked
 * for the number, while they are still a member of its organization and
 * have not switched these emails off; about the campaign (the second
 * argument, NULL for none: the caller has it locked) when the number is
 * that campaign's single-use number. The dedupe key makes it one email per
 * event, whatever runs twice.
 */
#define OUTBOX_NUMBER_EVENT_SQL \
	"INSERT INTO email_outbox (org_id, dedupe_key, user_id, kind, " \
	"number_id, campaign_id) " \
	"SELECT n.org_id, CONCAT('number:', n.id, ':', " \
	"n.provisioning_status), n.initiated_by, " \
	"CASE WHEN c.id IS NULL THEN CONCAT('number_', n.provisioning_status) " \
	"WHEN n.provisioning_status = 'complete' THEN 'campaign_active' " \
	"ELSE 'campaign_failed' END, n.id, c.id " \
	"FROM phone_numbers n " \
	"JOIN users u ON u.id = n.initiated_by " \
	"JOIN memberships m ON m.org_id = n.org_id AND m.user_id = u.id " \
	"LEFT JOIN campaigns c ON c.id = ? AND c.phone_number_id = n.id " \
	"AND c.number_mode = 'single_use' " \
	"WHERE n.id = ? AND u.provisioning_emails = 1 " \
	"AND n.provisioning_status IN ('complete', 'failed') " \
	"ON DUPLICATE KEY UPDATE email_outbox.attempts = email_outbox.attempts"

/*
 * An email claimed for sending (struct mail_job, db_mail.h), with
 * everything its words need: its kind by name (kind), the recipient, the
 * number and the campaign it is about. Never shown.
 */
#define OUTBOX_JOB_TABLE(X) \
	X(id,			INT,	"o.id",			NULL) \
	X(kind,			STR,	"o.kind",		NULL) \
	X(attempts,		INT,	"o.attempts",		NULL) \
	X(message_id,		STR,	"o.message_id",		NULL) \
	X(to_addr,		STR,	"COALESCE(o.to_email, u.email)", NULL) \
	X(ev.recipient_name,	STR,	"COALESCE(u.name, '')",	NULL) \
	X(ev.org_name,		STR,	"org.name",		NULL) \
	X(ev.number_id,		INT,	"o.number_id",		NULL) \
	X(ev.number_name,	STR,	"n.name",		NULL) \
	X(ev.phone_number,	STR,	"n.phone_number",	NULL) \
	X(ev.area_codes,	STR,	"n.area_codes",		NULL) \
	X(ev.failure_reason,	STR,	"n.failure_reason",	NULL) \
	X(ev.use_case_name,	STR,	"uc.name",		NULL) \
	X(ev.campaign_id,	INT,	"o.campaign_id",	NULL) \
	X(ev.campaign_name,	STR,	"c.name",		NULL) \
	X(ev.org_id,		INT,	"o.org_id",		NULL) \
	X(ev.secret,		STR,	"o.secret",		NULL) \
	X(ev.role,		STR,	"i.role",		NULL) \
	X(ev.inviter_name,	STR,	"iu.name",		NULL)

/*
 * An email as admins see it (struct mail_row); JSON names as in the Email
 * object (NULL: its kind by mail_kind_name, next_attempt_at while it is
 * pending, the recipient as an object, and what its subject needs, by
 * h_emails.c).
 */
#define OUTBOX_TABLE(X) \
	X(id,			INT,	"o.id",			"id") \
	X(kind,			STR,	"o.kind",		NULL) \
	X(status,		STR,	"o.status",		"status") \
	X(ev.number_id,		ID,	"o.number_id",		"phone_number_id") \
	X(ev.campaign_id,	ID,	"o.campaign_id",	"campaign_id") \
	X(attempts,		INT,	"o.attempts",		"attempts") \
	X(last_error,		STR,	"o.last_error",		"last_error") \
	X(next_attempt_at,	TIME,	"o.next_attempt_at",	NULL) \
	X(sent_at,		TIME,	"o.sent_at",		"sent_at") \
	X(created_at,		TIME,	"o.created_at",		"created_at") \
	X(user_id,		INT,	"u.id",			NULL) \
	X(user_name,		STR,	"u.name",		NULL) \
	X(user_email,		STR,	"COALESCE(o.to_email, u.email)", NULL) \
	X(ev.number_name,	STR,	"n.name",		NULL) \
	X(ev.phone_number,	STR,	"n.phone_number",	NULL) \
	X(ev.area_codes,	STR,	"n.area_codes",		NULL) \
	X(ev.campaign_name,	STR,	"c.name",		NULL) \
	X(ev.org_name,		STR,	"org.name",		NULL) \
	X(invitation_id,		ID,	"o.invitation_id",	"invitation_id")

#define DB_STATEMENTS(X) \
	X(PING, "SELECT 1") \
	X(MIGRATION_APPLIED, "SELECT 1 FROM schema_migrations " \
	    "WHERE version = ?") \
	X(MIGRATION_RECORD, "INSERT INTO schema_migrations (version) " \
	    "VALUES (?)") \
	X(ORG_INSERT, "INSERT INTO orgs (name) VALUES (?)") \
	X(ORG_BY_NAME, "SELECT id FROM orgs WHERE name = ?") \
	X(USER_INSERT, "INSERT INTO users (email, name, password_hash) " \
	    "VALUES (?, ?, ?)") \
	X(USER_BY_EMAIL, "SELECT id, email, name, password_hash " \
	    "FROM users WHERE email = ?") \
	X(MEMBERSHIP_SET, "INSERT INTO memberships (org_id, user_id, role) " \
	    "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE role = VALUES(role)") \
	X(MEMBERSHIP_ADD, "INSERT INTO memberships (org_id, user_id, role) " \
	    "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE org_id = org_id") \
	X(MEMBERSHIP_ROLE, "SELECT role FROM memberships " \
	    "WHERE org_id = ? AND user_id = ?") \
	X(MEMBERSHIPS_OF_USER, "SELECT m.org_id, o.name, m.role " \
	    "FROM memberships m JOIN orgs o ON o.id = m.org_id " \
	    "WHERE m.user_id = ? ORDER BY o.name, o.id") \
	X(PEOPLE_LIST, PERSON_COLUMNS "WHERE m.org_id = ? AND u.id > ? " \
	    "ORDER BY u.id LIMIT ?") \
	X(PERSON_GET, PERSON_COLUMNS "WHERE m.org_id = ? AND m.user_id = ?") \
	/* sql/018: two nodes changing owners at once conflict here. */ \
	X(OWNERS_GUARD, "UPDATE orgs SET owners_guard = owners_guard + 1 " \
	    "WHERE id = ?") \
	X(OWNERS_LOCK, "SELECT user_id FROM memberships " \
	    "WHERE org_id = ? AND role = 'owner' FOR UPDATE") \
	X(MEMBERSHIP_UPDATE, "UPDATE memberships SET role = ? " \
	    "WHERE org_id = ? AND user_id = ?") \
	X(MEMBERSHIP_DELETE, "DELETE FROM memberships " \
	    "WHERE org_id = ? AND user_id = ?") \
	X(SESSION_INSERT, "INSERT INTO sessions (token_hash, user_id, " \
	    "csrf_token, user_agent, last_seen_at, expires_at) " \
	    "VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), " \
	    "UTC_TIMESTAMP() + INTERVAL ? HOUR)") \
	/* STRAIGHT_JOIN: the order is known; no plan search per request. */ \
	X(SESSION_BY_HASH, "SELECT STRAIGHT_JOIN s.user_id, s.csrf_token, " \
	    "u.email, u.name, m.org_id, o.name, m.role, " \
	    "UNIX_TIMESTAMP(s.expires_at), u.provisioning_emails, " \
	    "UNIX_TIMESTAMP(COALESCE(s.last_seen_at, s.created_at)) " \
	    "FROM sessions s " \
	    "JOIN users u ON u.id = s.user_id " \
	    "LEFT JOIN memberships m ON m.user_id = s.user_id " \
	    "LEFT JOIN orgs o ON o.id = m.org_id " \
	    "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP()") \
	X(SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = ?") \
	/* The time alone (no comma): db.c knows no cached session changed. */ \
	X(SESSION_SEEN, "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() " \
	    "WHERE token_hash = ?") \
	/* A person's own sessions, newest first; which one asks (never the \
	 * token or its hash). */ \
	X(SESSIONS_OF_USER, "SELECT s.id, s.user_agent, s.created_at, " \
	    "COALESCE(s.last_seen_at, s.created_at), s.token_hash = ? " \
	    "FROM sessions s WHERE s.user_id = ? AND s.id < ? " \
	    "AND s.expires_at > UTC_TIMESTAMP() ORDER BY s.id DESC LIMIT ?") \
	X(SESSION_OF_USER, "SELECT s.token_hash = ? FROM sessions s " \
	    "WHERE s.id = ? AND s.user_id = ? " \
	    "AND s.expires_at > UTC_TIMESTAMP()") \
	X(SESSION_END, "DELETE FROM sessions WHERE id = ? AND user_id = ?") \
	X(SESSIONS_END_OTHERS, "DELETE FROM sessions " \
	    "WHERE user_id = ? AND token_hash <> ?") \
	X(LOGIN_FAILURES, "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, " \
	    "UTC_TIMESTAMP(), MIN(at) + INTERVAL ? MINUTE), 0) " \
	    "FROM login_failures WHERE scope = ? AND subject = ? " \
	    "AND at > UTC_TIMESTAMP() - INTERVAL ? MINUTE") \
	X(LOGIN_FAILURE_ADD, "INSERT INTO login_failures (scope, subject, at) " \
	    "VALUES (?, ?, UTC_TIMESTAMP())") \
	X(LOGIN_FAILURES_CLEAR, "DELETE FROM login_failures " \
	    "WHERE scope = 'account' AND subject = ?") \
	/* Failed attempts of one kind from one address (sql/017): how many \
	 * distinct subjects in the window, and how long ago the last one. */ \
	X(ADDRESS_ATTEMPTS, "SELECT COUNT(DISTINCT subject_hash), " \
	    "COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(at), UTC_TIMESTAMP(3)) " \
	    "DIV 1000, 0) FROM address_attempts WHERE kind = ? " \
	    "AND address = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND") \
	X(ADDRESS_ATTEMPT_ADD, "INSERT INTO address_attempts (kind, address, " \
	    "subject_hash, at) VALUES (?, ?, ?, UTC_TIMESTAMP(3))") \
	X(ADDRESS_ATTEMPTS_FORGET, "DELETE FROM address_attempts " \
	    "WHERE kind = ? AND address = ? AND subject_hash = ?") \
	/* housekeeping.c: what has outlived its use, a chunk at a time */ \
	X(SESSIONS_PURGE, "DELETE FROM sessions " \
	    "WHERE expires_at < UTC_TIMESTAMP() LIMIT ?") \
	X(LOGIN_FAILURES_PURGE, "DELETE FROM login_failures " \
	    "WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY id LIMIT ?") \
	X(ADDRESS_ATTEMPTS_PURGE, "DELETE FROM address_attempts " \
	    "WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY id LIMIT ?") \
	/* Self assign's planned batches the cursor passed, of a plan that \
	 * no longer holds, or of a campaign that is over (sql/013). */ \
	X(PLAN_PURGE, "DELETE FROM assign_plan WHERE EXISTS (SELECT 1 " \
	    "FROM assign_cursors a JOIN campaigns k ON k.id = a.campaign_id " \
	    "WHERE a.campaign_id = assign_plan.campaign_id " \
	    "AND (assign_plan.from_id < a.next_id " \
	    "OR assign_plan.gen <> a.plan_gen " \
	    "OR k.status IN ('archived', 'failed'))) LIMIT ?") \
	X(INVITE_INSERT, "INSERT INTO invitations (org_id, email, role, " \
	    "token_hash, invited_by, expires_at) VALUES (?, ?, ?, ?, ?, " \
	    "UTC_TIMESTAMP() + INTERVAL 14 DAY)") \
	X(INVITE_GET, INVITE_COLUMNS "WHERE i.org_id = ? AND i.id = ?") \
	X(INVITES_LIST, INVITE_COLUMNS "WHERE i.org_id = ? AND (" \
	    INVITE_PENDING " < ? OR (" INVITE_PENDING " = ? AND i.id < ?)) " \
	    "ORDER BY " INVITE_PENDING " DESC, i.id DESC LIMIT ?") \
	X(INVITE_REVOKE, "UPDATE invitations SET revoked_at = UTC_TIMESTAMP() " \
	    "WHERE org_id = ? AND id = ? AND accepted_at IS NULL " \
	    "AND revoked_at IS NULL") \
	X(INVITE_BY_TOKEN, "SELECT i.id, i.org_id, o.name, i.email, i.role " \
	    "FROM invitations i JOIN orgs o ON o.id = i.org_id " \
	    "WHERE i.token_hash = ? AND i.accepted_at IS NULL " \
	    "AND i.revoked_at IS NULL AND i.expires_at > UTC_TIMESTAMP()") \
	X(AREA_CODES_ALL, "SELECT 0" AREA_CODE_TABLE(COL_SQL) \
	    " FROM area_codes a ORDER BY a.code") \
	DB_CAMPAIGN_STATEMENTS(X) \
	DB_COUNTS_STATEMENTS(X) \
	X(USE_CASE_INSERT, "INSERT INTO use_cases (org_id, name, " \
	    "provider_campaign_id, messages_per_minute) VALUES (?, ?, ?, ?)") \
	X(USE_CASE_PACE, "UPDATE use_cases SET messages_per_minute = ? " \
	    "WHERE org_id = ? AND id = ?") \
	X(USE_CASES_LIST, USE_CASE_SELECT "WHERE uc.org_id = ? AND uc.id > ? " \
	    "ORDER BY uc.id LIMIT ?") \
	X(USE_CASE_GET, USE_CASE_SELECT "WHERE uc.org_id = ? AND uc.id = ?") \
	X(USE_CASE_LOCK, USE_CASE_SELECT "WHERE uc.org_id = ? AND uc.id = ? " \
	    "FOR UPDATE") \
	/* sql/018: two nodes taking a number at once conflict here. */ \
	X(USE_CASE_GUARD, "UPDATE use_cases SET guard = guard + 1 " \
	    "WHERE org_id = ? AND id = ?") \
	X(USE_CASE_MARK_STALE, "UPDATE use_cases SET checked_at = NULL " \
	    "WHERE org_id = ? AND id = ?") \
	X(NUMBER_INSERT, "INSERT INTO phone_numbers (org_id, use_case_id, " \
	    "kind, name, area_codes, initiated_by) VALUES (?, ?, ?, ?, ?, ?)") \
	X(NUMBERS_LIST, NUMBER_SELECT "WHERE n.org_id = ? AND " \
	    NUMBER_LISTED " AND n.id < ? AND " \
	    "(? IS NULL OR n.kind = ?) AND " \
	    "(? IS NULL OR n.provisioning_status = ?) " \
	    "ORDER BY n.id DESC LIMIT ?") \
	X(NUMBER_GET, NUMBER_SELECT "WHERE n.org_id = ? AND n.id = ? AND " \
	    NUMBER_LISTED) \
	X(NUMBER_EVENTS, "SELECT 0" NUMBER_EVENT_TABLE(COL_SQL) \
	    " FROM provisioning_events e WHERE e.number_id = ? ORDER BY e.id") \
	X(NUMBER_EVENT_ADD, "INSERT INTO provisioning_events (number_id, " \
	    "kind, detail) VALUES (?, ?, ?)") \
	X(NUMBER_RELEASE_REQUEST, "UPDATE phone_numbers SET " \
	    "failure_reason = IF(provisioning_status = 'initiated', " \
	    "'Deleted before provisioning finished.', failure_reason), " \
	    "provisioning_status = IF(provisioning_status = 'initiated', " \
	    "'failed', provisioning_status), " \
	    "release_requested_at = COALESCE(release_requested_at, " \
	    "UTC_TIMESTAMP()), release_failed_at = NULL, " \
	    "next_attempt_at = UTC_TIMESTAMP() " \
	    "WHERE org_id = ? AND id = ? AND (release_requested_at IS NULL " \
	    "OR release_failed_at IS NOT NULL)") \
	X(NUMBER_FINISH, "UPDATE phone_numbers SET provisioning_status = ?, " \
	    "failure_reason = ?, step = 'done', " \
	    "completed_at = UTC_TIMESTAMP(), lease_owner = NULL, " \
	    "lease_until = NULL WHERE id = ? AND lease_owner = ? " \
	    "AND provisioning_status = 'initiated'") \
	X(USER_EMAILS_GET, "SELECT provisioning_emails FROM users " \
	    "WHERE id = ?") \
	X(USER_EMAILS_SET, "UPDATE users SET provisioning_emails = ? " \
	    "WHERE id = ?") \
	X(OUTBOX_NUMBER_EVENT, OUTBOX_NUMBER_EVENT_SQL) \
	X(OUTBOX_CLAIM, "UPDATE email_outbox SET " \
	    "last_error = IF(status = 'sending', 'A mailer stopped while " \
	    "sending this email; it was sent again.', last_error), " \
	    "status = 'sending', lease_owner = ?, " \
	    "lease_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND, " \
	    "next_attempt_at = lease_until, attempts = attempts + 1, " \
	    "message_id = COALESCE(message_id, " \
	    "CONCAT('<launchline.', id, '.', ?, '@', ?, '>')) " \
	    "WHERE status IN ('queued', 'sending') AND " \
	    "next_attempt_at <= UTC_TIMESTAMP(3) " \
	    "ORDER BY next_attempt_at LIMIT 1") \
	/* Resets are to an account, invitations to an address (to_email) \
	 * about no number: every join but the recipient's may be empty. */ \
	X(OUTBOX_CLAIMED, "SELECT 0" OUTBOX_JOB_TABLE(COL_SQL) \
	    " FROM email_outbox o LEFT JOIN users u ON u.id = o.user_id " \
	    "LEFT JOIN orgs org ON org.id = o.org_id " \
	    "LEFT JOIN phone_numbers n ON n.id = o.number_id " \
	    "LEFT JOIN use_cases uc ON uc.id = n.use_case_id " \
	    "LEFT JOIN campaigns c ON c.id = o.campaign_id " \
	    "LEFT JOIN invitations i ON i.id = o.invitation_id " \
	    "LEFT JOIN users iu ON iu.id = i.invited_by " \
	    "WHERE o.lease_owner = ? AND o.status = 'sending' " \
	    "AND o.lease_until > UTC_TIMESTAMP(3)") \
	/* A link's token is kept no longer than its email is unsent. */ \
	X(OUTBOX_SENT, "UPDATE email_outbox SET status = 'sent', " \
	    "sent_at = UTC_TIMESTAMP(3), lease_until = NULL, " \
	    "last_error = NULL, secret = NULL WHERE id = ? " \
	    "AND lease_owner = ? AND status = 'sending'") \
	X(OUTBOX_RETRY, "UPDATE email_outbox SET status = 'queued', " \
	    "last_error = ?, next_attempt_at = UTC_TIMESTAMP(3) + " \
	    "INTERVAL ? MICROSECOND, lease_owner = NULL, lease_until = NULL " \
	    "WHERE id = ? AND lease_owner = ? AND status = 'sending'") \
	X(OUTBOX_FAILED, "UPDATE email_outbox SET status = 'failed', " \
	    "last_error = ?, lease_owner = NULL, lease_until = NULL, " \
	    "secret = NULL " \
	    "WHERE id = ? AND lease_owner = ? AND status = 'sending'") \
	/* An admin's resend: only a failed row, the same row (its dedupe key \
	 * and Message-ID), queued now with its attempts counted afresh. */ \
	X(OUTBOX_RESEND, "UPDATE email_outbox SET status = 'queued', " \
	    "attempts = 0, next_attempt_at = UTC_TIMESTAMP(3), " \
	    "lease_owner = NULL, lease_until = NULL " \
	    "WHERE org_id = ? AND id = ? AND status = 'failed'") \
	X(OUTBOX_LIST, "SELECT 0" OUTBOX_TABLE(COL_SQL) \
	    " FROM email_outbox o LEFT JOIN users u ON u.id = o.user_id " \
	    "JOIN orgs org ON org.id = o.org_id " \
	    "LEFT JOIN phone_numbers n ON n.id = o.number_id " \
	    "LEFT JOIN campaigns c ON c.id = o.campaign_id " \
	    "WHERE o.org_id = ? AND o.id < ? AND (? IS NULL OR o.status = ?) " \
	    "ORDER BY o.id DESC LIMIT ?") \
	/* An invitation's email, with its link's token until it is sent; \
	 * a new token (a resend) makes a new email. */ \
	X(OUTBOX_INVITATION, "INSERT INTO email_outbox (org_id, dedupe_key, " \
	    "user_id, to_email, kind, invitation_id, secret) " \
	    "SELECT i.org_id, CONCAT('invitation:', i.id, ':', " \
	    "LEFT(i.token_hash, 16)), NULL, i.email, 'invitation', i.id, ? " \
	    "FROM invitations i WHERE i.org_id = ? AND i.id = ? " \
	    "AND i.email IS NOT NULL") \
	/* A resend: the pending invitation for an address gets a new \
	 * token (the old link stops working) and a new expiry. */ \
	X(INVITE_RETOKEN, "UPDATE invitations i SET token_hash = ?, " \
	    "expires_at = UTC_TIMESTAMP() + INTERVAL 14 DAY " \
	    "WHERE i.org_id = ? AND i.id = ? AND i.email IS NOT NULL " \
	    "AND i.accepted_at IS NULL AND i.revoked_at IS NULL") \
	/* An invitation's emails not yet sent, when its token changes or \
	 * it is revoked: they would carry a dead link. One being sent now \
	 * may still go out; its mailer finds the row no longer its own. */ \
	X(OUTBOX_INVITATION_CANCEL, "UPDATE email_outbox SET " \
	    "status = 'failed', last_error = ?, secret = NULL " \
	    "WHERE invitation_id = ? AND status IN ('queued', 'sending')") \
	DB_RESET_STATEMENTS(X) \
	/* An invitation for an address is spent; an open link only counts. */ \
	X(INVITE_CLAIM, "UPDATE invitations SET uses = uses + 1, " \
	    "accepted_at = IF(email IS NULL, NULL, UTC_TIMESTAMP()), " \
	    "accepted_by = IF(email IS NULL, NULL, ?) " \
	    "WHERE id = ? AND accepted_at IS NULL " \
	    "AND revoked_at IS NULL AND expires_at > UTC_TIMESTAMP()") \
	DB_ORG_STATEMENTS(X) \
	DB_TEXTING_STATEMENTS(X) \
	DB_PROVIDER_STATEMENTS(X) \
	DB_SEND_STATEMENTS(X) \
	DB_TAGS_STATEMENTS(X) \
	DB_CANNED_STATEMENTS(X) \
	DB_SURVEY_STATEMENTS(X) \
	DB_REVIEW_STATEMENTS(X) \
	DB_EXPORTS_STATEMENTS(X)

#define DB_ENUM(name, sql) DB_##name,
enum db_stmt { DB_STATEMENTS(DB_ENUM) DB__COUNT };
#undef DB_ENUM

#endif
