-- 007: texting: the messages of conversations, and self assign (a cursor
-- per campaign and the batches it handed out).

-- One text, either way. Outbound ones are a queue for the sender role:
-- queued (waiting) -> sending (handed to the provider; while next_attempt_at
-- is in the future, leased by lease_owner; once it has passed with the
-- status still 'sending', the provider's answer never reached us and the
-- message is reconciled, never blindly sent again) -> sent (the provider
-- took it: provider_message_id) -> delivered / failed (from webhooks).
-- Our reference at the provider is "launchline-message-<id>": the
-- Idempotency-Key of every POST /messages for it, and the ref= of the
-- webhook_url it asks status webhooks to be sent to.
-- Inbound ones arrive 'received' with the provider's id (UNIQUE: a webhook
-- delivered twice stores one message).
CREATE TABLE messages (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id      BIGINT UNSIGNED NOT NULL,
  direction            ENUM('out','in') NOT NULL,
  initial              TINYINT(1) NOT NULL DEFAULT 0,   -- the script's first text
  body                 TEXT NOT NULL,
  from_number          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  to_number            VARCHAR(16) CHARACTER SET ascii NOT NULL,
  sender_id            BIGINT UNSIGNED NULL,            -- who pressed Send
  status               ENUM('queued','sending','sent','delivered','failed','received')
                       NOT NULL,
  provider_message_id  VARCHAR(64) CHARACTER SET ascii NULL,
  attempts             SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at      DATETIME(3) NULL,                -- queued / sending only
  lease_owner          VARCHAR(64) CHARACTER SET ascii NULL,
  error                VARCHAR(500) NULL,
  created_at           DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  status_at            DATETIME(3) NULL,                -- the last status change
  UNIQUE KEY messages_provider (provider_message_id),
  KEY messages_conversation (conversation_id, id),
  KEY messages_work (status, next_attempt_at),
  CONSTRAINT messages_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The assignment index gains opted_out before id: self assign's scan of
-- the next batch (Unassigned, needs_message, not opted out, from the
-- cursor on, in id order) then reads only index entries, and so does
-- "anything left to send in my assignment".
ALTER TABLE conversations
  DROP INDEX conversations_assign,
  ADD INDEX conversations_assign (campaign_id, assignee_id, status, opted_out, id);

-- Self assign hands out Unassigned conversations in id order: next_id is
-- where the next batch starts, so a claim never rescans what was handed
-- out (its cost stays flat while the campaign is worked through).
-- Conversations given back to Unassigned behind the cursor (unassigned,
-- a texter removed) lower gap_from; the claim sweeps from there once the
-- cursor has reached the end.
CREATE TABLE assign_cursors (
  campaign_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  next_id      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  gap_from     BIGINT UNSIGNED NULL,
  CONSTRAINT assign_cursors_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A batch taken by self assign: the Unassigned conversations from first_id
-- to last_id went to texter_id. Taking it writes this one row; setting
-- the conversations' assignee_id (applied_at) happens right after, by the
-- assigner role or by the texter's next request, whichever comes first.
-- Until then the batch counts as the texter's.
CREATE TABLE assign_claims (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id  BIGINT UNSIGNED NOT NULL,
  texter_id    BIGINT UNSIGNED NOT NULL,
  first_id     BIGINT UNSIGNED NOT NULL,
  last_id      BIGINT UNSIGNED NOT NULL,
  claimed      INT UNSIGNED NOT NULL,      -- conversations in the range when taken
  created_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  applied_at   DATETIME(3) NULL,
  applied      INT UNSIGNED NULL,          -- conversations actually set
  KEY assign_claims_pending (applied_at, id),
  KEY assign_claims_texter (texter_id, campaign_id, applied_at),
  KEY assign_claims_campaign (campaign_id, applied_at),
  CONSTRAINT assign_claims_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id),
  CONSTRAINT assign_claims_texter FOREIGN KEY (texter_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
