-- 004: campaigns, their texters, their contacts (= conversations) and the
-- organization's opt-outs. Times are UTC; a campaign's local rules (open
-- hours) are applied in its IANA time zone by the application.

-- Organization defaults a campaign starts from (overridable per campaign).
ALTER TABLE orgs
  ADD COLUMN default_batch_size  INT UNSIGNED NOT NULL DEFAULT 300,
  ADD COLUMN opt_out_language    VARCHAR(300) NOT NULL
                                 DEFAULT 'Reply STOP to stop receiving messages.';

-- status: draft -> launching -> active <-> paused -> archived;
--         launching -> failed (its number's provisioning failed).
-- number_mode: dedicated (phone_number_id chosen in the draft, complete),
--   single_use (use_case_id + regions; phone_number_id set at launch to the
--   number created for it), followup (phone_number_id = the parent's).
CREATE TABLE campaigns (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id              BIGINT UNSIGNED NOT NULL,
  parent_id           BIGINT UNSIGNED NULL,      -- followups: the original
  name                VARCHAR(200) NOT NULL,
  description         VARCHAR(2000) NOT NULL DEFAULT '',
  status              ENUM('draft','launching','active','paused','failed','archived')
                      NOT NULL DEFAULT 'draft',
  time_zone           VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT 'America/New_York',
  start_at            DATETIME NULL,             -- initial messages window (UTC)
  end_at              DATETIME NULL,
  open_from_min       SMALLINT UNSIGNED NOT NULL DEFAULT 540,   -- 09:00 local
  open_until_min      SMALLINT UNSIGNED NOT NULL DEFAULT 1260,  -- 21:00 local
  org_display_name    VARCHAR(200) NULL,         -- NULL: the org's name
  opt_out_language    VARCHAR(300) NULL,         -- NULL: the org's default
  number_mode         ENUM('dedicated','single_use','followup') NULL,
  phone_number_id     BIGINT UNSIGNED NULL,
  use_case_id         BIGINT UNSIGNED NULL,      -- single_use
  regions             VARCHAR(2000) CHARACTER SET ascii NULL,  -- JSON, priority order
  script              TEXT NULL,
  self_assign         TINYINT(1) NOT NULL DEFAULT 0,
  batch_size          INT UNSIGNED NULL,         -- NULL: the org's default
  invite_token        CHAR(32) CHARACTER SET ascii NULL,  -- NULL: no live link
  contact_count       INT UNSIGNED NOT NULL DEFAULT 0,
  launch_at           DATETIME NULL,             -- scheduled launch
  launched_at         DATETIME NULL,
  launched_by         BIGINT UNSIGNED NULL,
  activated_at        DATETIME NULL,
  sending_opens_at    DATETIME NULL,             -- incident mode: launch + wait
  archived_at         DATETIME NULL,
  created_by          BIGINT UNSIGNED NOT NULL,
  created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
                      ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY campaigns_invite (invite_token),
  KEY campaigns_org (org_id, status, id),
  KEY campaigns_number (phone_number_id, status),
  KEY campaigns_launch_at (status, launch_at),
  CONSTRAINT campaigns_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT campaigns_parent FOREIGN KEY (parent_id) REFERENCES campaigns (id),
  CONSTRAINT campaigns_number FOREIGN KEY (phone_number_id) REFERENCES phone_numbers (id),
  CONSTRAINT campaigns_use_case FOREIGN KEY (use_case_id) REFERENCES use_cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The texters on a campaign.
CREATE TABLE campaign_texters (
  campaign_id  BIGINT UNSIGNED NOT NULL,
  user_id      BIGINT UNSIGNED NOT NULL,
  added_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (campaign_id, user_id),
  KEY campaign_texters_user (user_id),
  CONSTRAINT campaign_texters_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id),
  CONSTRAINT campaign_texters_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A contact of a campaign is its conversation. assignee_id NULL means
-- Unassigned. status: needs_message (no initial message yet), messaged
-- (sent, no reply), needs_response (the contact wrote last), convo (we
-- answered), closed. opted_out mirrors opt_outs for this conversation.
CREATE TABLE conversations (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id     BIGINT UNSIGNED NOT NULL,
  phone           VARCHAR(16) CHARACTER SET ascii NOT NULL,   -- E.164
  first_name      VARCHAR(100) NOT NULL DEFAULT '',
  last_name       VARCHAR(100) NOT NULL DEFAULT '',
  fields          TEXT NULL,       -- JSON object: the CSV's other columns
  assignee_id     BIGINT UNSIGNED NULL,
  status          ENUM('needs_message','messaged','needs_response','convo','closed')
                  NOT NULL DEFAULT 'needs_message',
  opted_out       TINYINT(1) NOT NULL DEFAULT 0,
  last_message_at DATETIME NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY conversations_phone (campaign_id, phone),
  KEY conversations_assign (campaign_id, assignee_id, status, id),
  KEY conversations_assignee (assignee_id, status),
  KEY conversations_e164 (phone, id),
  CONSTRAINT conversations_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Opted out of the whole organization: no campaign may text them again.
CREATE TABLE opt_outs (
  org_id      BIGINT UNSIGNED NOT NULL,
  phone       VARCHAR(16) CHARACTER SET ascii NOT NULL,
  source      VARCHAR(32) CHARACTER SET ascii NOT NULL,   -- keyword, texter, import
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (org_id, phone),
  CONSTRAINT opt_outs_org FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
