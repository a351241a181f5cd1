/*
 * db_sql_resets: the SQL of passwords forgotten and changed
 * (sql/018_password_resets.sql); part of the one statement list of
 * db_sql.h. Typed functions over them live in db_resets.c.
 */
#ifndef LL_DB_SQL_RESETS_H
#define LL_DB_SQL_RESETS_H

#define DB_RESET_STATEMENTS(X) \
	/* An account's resets asked for within the last hour. */ \
	X(RESETS_RECENT, "SELECT COUNT(*) FROM password_resets " \
	    "WHERE user_id = ? AND created_at > UTC_TIMESTAMP(3) - " \
	    "INTERVAL 1 HOUR") \
	X(RESET_INSERT, "INSERT INTO password_resets (user_id, token_hash, " \
	    "created_at, expires_at) VALUES (?, ?, UTC_TIMESTAMP(3), " \
	    "UTC_TIMESTAMP(3) + INTERVAL ? SECOND)") \
	/* Its email, to the account, with the token until it is sent. */ \
	X(OUTBOX_RESET, "INSERT INTO email_outbox (org_id, dedupe_key, " \
	    "user_id, kind, reset_id, secret) VALUES (NULL, " \
	    "CONCAT('reset:', ?), ?, 'password_reset', ?, ?)") \
	/* The live reset of a token, held until the transaction ends. */ \
	X(RESET_LOCK, "SELECT r.user_id, u.email FROM password_resets r " \
	    "JOIN users u ON u.id = r.user_id WHERE r.token_hash = ? " \
	    "AND r.used_at IS NULL AND r.expires_at > UTC_TIMESTAMP(3) " \
	    "FOR UPDATE") \
	/* Spends every live reset of the account (the one used too). */ \
	X(RESETS_SPEND, "UPDATE password_resets SET used_at = " \
	    "UTC_TIMESTAMP(3) WHERE user_id = ? AND used_at IS NULL") \
	/* Reset emails not yet sent when their links die (as for \
	 * OUTBOX_INVITATION_CANCEL). */ \
	X(OUTBOX_RESETS_CANCEL, "UPDATE email_outbox SET status = 'failed', " \
	    "last_error = ?, secret = NULL WHERE user_id = ? " \
	    "AND kind = 'password_reset' AND status IN ('queued', 'sending')") \
	X(USER_PASSWORD_SET, "UPDATE users SET password_hash = ? " \
	    "WHERE id = ?") \
	X(SESSIONS_END_ALL, "DELETE FROM sessions WHERE user_id = ?") \
	/* housekeeping.c: resets a day past their hour. */ \
	X(RESETS_PURGE, "DELETE FROM password_resets " \
	    "WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 1 DAY " \
	    "ORDER BY id LIMIT ?")

#endif
