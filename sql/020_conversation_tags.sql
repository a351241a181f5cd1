-- 020: after the first text: closing and skipping conversations, the
-- organization's tags on them, and the organizers' review queue of
-- escalated conversations.
--
-- Closing sets status 'closed' (the status existed, nothing set it); a new
-- inbound reply sets 'needs_response' again, as it always did.
--
-- skipped_at: the texter put this reply off. The inbox lists replies not
-- skipped first (in id order), then skipped ones in the order they were
-- skipped. A new inbound reply, closing, or answering clears it.
--
-- escalated: a tag marked escalate was added; the conversation waits in
-- the organizers' review queue until one of them clears it (removing the
-- tag does not: the organizers decide when it was looked at).
ALTER TABLE conversations
  ADD COLUMN skipped_at    DATETIME(3) NULL,
  ADD COLUMN escalated     TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN escalated_at  DATETIME(3) NULL,
  ADD INDEX conversations_escalated (campaign_id, escalated, id),
  ADD INDEX conversations_escalated_id (escalated, id);

-- An organization's tags. Names are unique in the organization (the
-- collation's case rules: "Wrong number" and "wrong number" are one).
CREATE TABLE tags (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id      BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(50) NOT NULL,
  escalate    TINYINT(1) NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY tags_name (org_id, name),
  CONSTRAINT tags_org FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A tag on a conversation: who added it, when. Deleting a tag takes it
-- off every conversation (ON DELETE CASCADE).
CREATE TABLE conversation_tags (
  conversation_id  BIGINT UNSIGNED NOT NULL,
  tag_id           BIGINT UNSIGNED NOT NULL,
  added_by         BIGINT UNSIGNED NULL,
  added_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (conversation_id, tag_id),
  KEY conversation_tags_tag (tag_id, conversation_id),
  CONSTRAINT conversation_tags_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT conversation_tags_tag FOREIGN KEY (tag_id)
    REFERENCES tags (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
