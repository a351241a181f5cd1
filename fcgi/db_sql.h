/*
 * db_sql: every SQL statement of the API workers and the CLI, as a
 * constant with ? placeholders. Each is prepared once per connection, on
 * first use. A new query is one line here and one typed function in a
 * db_<area>.c file.
 */
#ifndef LL_DB_SQL_H
#define LL_DB_SQL_H

#define INVITE_STATUS \
	"CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted' " \
	"WHEN i.revoked_at IS NOT NULL THEN 'revoked' " \
	"WHEN i.expires_at <= UTC_TIMESTAMP() THEN 'expired' " \
	"ELSE 'pending' END"

#define INVITE_PENDING \
	"(i.accepted_at IS NULL AND i.revoked_at IS NULL " \
	"AND i.expires_at > UTC_TIMESTAMP())"

#define INVITE_COLUMNS \
	"SELECT i.id, i.email, i.role, " INVITE_STATUS ", i.created_at, " \
	"i.expires_at, u.name, " INVITE_PENDING " FROM invitations i " \
	"JOIN users u ON u.id = i.invited_by "

#define PERSON_COLUMNS \
	"SELECT u.id, u.email, u.name, m.role, m.created_at " \
	"FROM memberships m JOIN users u ON u.id = m.user_id "

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
	X(OWNERS_LOCK, "SELECT user_id FROM memberships " \
	    "WHERE org_id = ? AND role = 'owner' FOR UPDATE") \
	X(MEMBERSHIP_UPDATE, "UPDATE memberships SET role = ? " \
	    "WHERE org_id = ? AND user_id = ?") \
	X(MEMBERSHIP_DELETE, "DELETE FROM memberships " \
	    "WHERE org_id = ? AND user_id = ?") \
	X(SESSION_INSERT, "INSERT INTO sessions (token_hash, user_id, " \
	    "csrf_token, expires_at) VALUES (?, ?, ?, " \
	    "UTC_TIMESTAMP() + INTERVAL ? HOUR)") \
	X(SESSION_BY_HASH, "SELECT s.user_id, s.csrf_token, u.email, u.name, " \
	    "m.org_id, o.name, m.role FROM sessions s " \
	    "JOIN users u ON u.id = s.user_id " \
	    "LEFT JOIN memberships m ON m.user_id = s.user_id " \
	    "LEFT JOIN orgs o ON o.id = m.org_id " \
	    "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP() " \
	    "ORDER BY o.name, o.id") \
	X(SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = ?") \
	X(LOGIN_FAILURES, "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, " \
	    "UTC_TIMESTAMP(), MIN(at) + INTERVAL ? MINUTE), 0) " \
	    "FROM login_failures WHERE scope = ? AND subject = ? " \
	    "AND at > UTC_TIMESTAMP() - INTERVAL ? MINUTE") \
	X(LOGIN_FAILURE_ADD, "INSERT INTO login_failures (scope, subject, at) " \
	    "VALUES (?, ?, UTC_TIMESTAMP())") \
	X(LOGIN_FAILURES_CLEAR, "DELETE FROM login_failures " \
	    "WHERE scope = 'account' AND subject = ?") \
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
	X(INVITE_CLAIM, "UPDATE invitations SET accepted_at = UTC_TIMESTAMP(), " \
	    "accepted_by = ? WHERE id = ? AND accepted_at IS NULL " \
	    "AND revoked_at IS NULL AND expires_at > UTC_TIMESTAMP()")

#define DB_ENUM(name, sql) DB_##name,
enum db_stmt { DB_STATEMENTS(DB_ENUM) DB__COUNT };
#undef DB_ENUM

#endif
