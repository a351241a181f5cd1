-- 006: provisioning emails. An email is a row of the outbox, written in the
-- same transaction as the status change that causes it (db_number_finish),
-- and sent by the mailer role. Times are UTC.

-- Each person may switch provisioning emails off for themselves.
ALTER TABLE users
  ADD COLUMN provisioning_emails TINYINT(1) NOT NULL DEFAULT 1;

-- dedupe_key names the event ("number:<id>:complete"), so the event makes
-- at most one email whatever happens. The row holds what the email is
-- about, not its text: the mailer composes it when sending.
-- status: queued (due at next_attempt_at) -> sending (claimed by lease) ->
--         sent | failed, or back to queued after a temporary failure.
-- A 'sending' row whose lease ran out belonged to a mailer that died; it is
-- sent again (the one case where the recipient may get two copies: the
-- server may have accepted it before the mailer could record that).
CREATE TABLE email_outbox (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id           BIGINT UNSIGNED NOT NULL,
  dedupe_key       VARCHAR(100) CHARACTER SET ascii NOT NULL,
  user_id          BIGINT UNSIGNED NOT NULL,    -- the recipient
  kind             ENUM('number_complete','number_failed',
                        'campaign_active','campaign_failed') NOT NULL,
  number_id        BIGINT UNSIGNED NOT NULL,
  campaign_id      BIGINT UNSIGNED NULL,        -- campaign_* kinds
  status           ENUM('queued','sending','sent','failed') NOT NULL DEFAULT 'queued',
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,   -- sessions started
  next_attempt_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  lease_owner      VARCHAR(64) CHARACTER SET ascii NULL,  -- kept after sending: who sent it
  lease_until      DATETIME(3) NULL,
  message_id       VARCHAR(200) CHARACTER SET ascii NULL, -- fixed at the first claim
  last_error       VARCHAR(1000) NULL,          -- the server's answer, or why not
  created_at       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  sent_at          DATETIME(3) NULL,            -- when the server's 250 was recorded
  UNIQUE KEY email_outbox_dedupe (dedupe_key),
  KEY email_outbox_work (status, next_attempt_at),
  KEY email_outbox_org (org_id, id),
  CONSTRAINT email_outbox_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT email_outbox_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT email_outbox_number FOREIGN KEY (number_id) REFERENCES phone_numbers (id),
  CONSTRAINT email_outbox_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
