-- 018: passwords forgotten and changed, and invitations by email
-- (issue 17).

-- A password reset asked for by email. The link's token (256 random bits)
-- is sent once and only its SHA-256 is kept here; it works once (used_at)
-- and for an hour (expires_at). Completing one spends every other of the
-- account, sets the password and ends every session. Rows are purged a
-- day after they expire; created_at also counts an account's requests
-- (a few an hour are mailed; more are answered alike and mail nothing).
CREATE TABLE password_resets (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  token_hash  CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at  DATETIME(3) NOT NULL,
  expires_at  DATETIME(3) NOT NULL,
  used_at     DATETIME(3) NULL,
  UNIQUE KEY password_resets_token (token_hash),
  KEY password_resets_user (user_id, created_at),
  CONSTRAINT password_resets_user FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The outbox carries two more kinds of email, about no number:
--  password_reset  to an account (user_id), about no organization;
--  invitation      to an invitation's address (to_email: there may be no
--                  account yet), about its organization.
-- Their links hold a token that is stored nowhere else in the clear, so
-- the row keeps it in `secret` only until the email is sent or has
-- failed (then NULL), and a reset that is spent or superseded clears it.
ALTER TABLE email_outbox
  MODIFY org_id BIGINT UNSIGNED NULL,
  MODIFY user_id BIGINT UNSIGNED NULL,
  MODIFY number_id BIGINT UNSIGNED NULL,
  MODIFY kind ENUM('number_complete','number_failed',
                   'campaign_active','campaign_failed',
                   'password_reset','invitation') NOT NULL,
  ADD COLUMN to_email VARCHAR(254) NULL AFTER user_id,
  ADD COLUMN invitation_id BIGINT UNSIGNED NULL AFTER campaign_id,
  ADD COLUMN reset_id BIGINT UNSIGNED NULL AFTER invitation_id,
  ADD COLUMN secret VARCHAR(64) CHARACTER SET ascii NULL AFTER reset_id,
  ADD CONSTRAINT email_outbox_invitation FOREIGN KEY (invitation_id)
    REFERENCES invitations (id),
  ADD CONSTRAINT email_outbox_reset FOREIGN KEY (reset_id)
    REFERENCES password_resets (id) ON DELETE SET NULL;
