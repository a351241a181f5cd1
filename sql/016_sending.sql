-- 016: sending against a provider that ignores Idempotency-Key on
-- POST /messages (Telnyx), and pacing (issue 15).

-- 'unknown': the provider never answered a POST (a 5xx, a timeout, a
-- sender killed mid-flight), no webhook named our reference within
-- sender_reconcile_s, and the provider's message records showed no such
-- message until sender_records_wait_s after the first POST (or cannot be
-- read). The text may or may not have reached the contact: it is never
-- posted again on its own; an admin may send it again (POST
-- .../messages/{id}/resend). A late webhook naming our reference still
-- settles it. Appended last, so the ENUM changes in place.
--
-- first_posted_at: when the first POST of the message (since it was last
-- queued by a person) left; the records are searched from there, and
-- sender_records_wait_s counts from there.
--
-- paced: 1 while the message is queued with its slot reserved: its
-- next_attempt_at is the slot the pacing gave it (send_pacing below), so
-- the sender takes it then without consulting the limits again. A message
-- is given a slot once; a retry after a 429 takes a new one.
--
-- campaign_id: the conversation's campaign, for the campaign's queue
-- figures (waiting, unknown, how long until they drain) from one index
-- range, without reading the conversations.
ALTER TABLE messages
  MODIFY status ENUM('queued','sending','sent','delivered','failed','received','unknown') NOT NULL,
  ADD COLUMN campaign_id      BIGINT UNSIGNED NULL AFTER conversation_id,
  ADD COLUMN paced            TINYINT NOT NULL DEFAULT 0 AFTER next_attempt_at,
  ADD COLUMN first_posted_at  DATETIME(3) NULL AFTER paced;

UPDATE messages m JOIN conversations c ON c.id = m.conversation_id
  SET m.campaign_id = c.campaign_id WHERE m.direction = 'out';

ALTER TABLE messages
  ADD KEY messages_campaign_queue (campaign_id, status, paced, next_attempt_at);

-- One row per paced scope ('use_case:<id>', 'number:<id>'): tat_us, the
-- earliest time its next message may go (microseconds since the epoch, by
-- the database's clock). The sender's claim locks the rows of the scopes
-- it gives slots on, moves them past the slots it gave, and commits: any
-- number of senders on any number of hosts share one limit.
CREATE TABLE send_pacing (
  scope       VARCHAR(40) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  tat_us      BIGINT NOT NULL DEFAULT 0,
  updated_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
              ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- queue_message (sql/procedures/) stores the campaign on the message: the
-- handler has it from its read of the conversation.
