-- 002: 10DLC use cases, phone numbers and their provisioning timeline.

-- A use case is the organization's 10DLC campaign registration at the
-- provider; numbers are assigned to it (at most 49 live ones).
CREATE TABLE use_cases (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id                BIGINT UNSIGNED NOT NULL,
  name                  VARCHAR(100) NOT NULL,
  provider_campaign_id  VARCHAR(64) CHARACTER SET ascii NOT NULL,
  status                ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  status_detail         VARCHAR(255) NULL,   -- the provider's campaignStatus
  checked_at            DATETIME NULL,
  created_at            DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY use_cases_campaign (org_id, provider_campaign_id),
  CONSTRAINT use_cases_org FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A number we provision. Work on it is claimed by lease (lease_owner,
-- lease_until) so two provisioners never act on one number at once; our
-- id is the order's customer_reference, so a crash never buys twice.
CREATE TABLE phone_numbers (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id               BIGINT UNSIGNED NOT NULL,
  use_case_id          BIGINT UNSIGNED NOT NULL,
  kind                 ENUM('dedicated','single_use') NOT NULL,
  name                 VARCHAR(100) NULL,
  area_codes           VARCHAR(2000) CHARACTER SET ascii NOT NULL,  -- "415,510" in preference order
  phone_number         VARCHAR(16) CHARACTER SET ascii NULL,        -- E.164 once chosen
  provider_order_id    VARCHAR(64) CHARACTER SET ascii NULL,
  provider_number_id   VARCHAR(64) CHARACTER SET ascii NULL,
  provisioning_status  ENUM('initiated','complete','failed') NOT NULL DEFAULT 'initiated',
  step                 ENUM('search','order','wait_order','profile','assign','poll','done') NOT NULL DEFAULT 'search',
  failure_reason       VARCHAR(1000) NULL,
  initiated_by         BIGINT UNSIGNED NOT NULL,
  next_attempt_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  order_attempts       INT UNSIGNED NOT NULL DEFAULT 0,
  poll_interval_s      INT UNSIGNED NOT NULL DEFAULT 0,
  deadline_at          DATETIME NULL,
  lease_owner          VARCHAR(64) CHARACTER SET ascii NULL,
  lease_until          DATETIME NULL,
  created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  completed_at         DATETIME NULL,
  release_requested_at DATETIME NULL,   -- deleted by a person; the provisioner releases
  released_at          DATETIME NULL,    -- released at the provider
  -- One live row per phone number: two numbers provisioning at once can
  -- never choose (and so order) the same one.
  live_phone_number    VARCHAR(16) CHARACTER SET ascii AS
                       (IF(released_at IS NULL AND provisioning_status <> 'failed',
                           phone_number, NULL)) PERSISTENT,
  UNIQUE KEY phone_numbers_live (live_phone_number),
  KEY phone_numbers_org (org_id, id),
  KEY phone_numbers_use_case (use_case_id, released_at),
  KEY phone_numbers_work (provisioning_status, next_attempt_at),
  KEY phone_numbers_release (release_requested_at, released_at),
  KEY phone_numbers_e164 (phone_number),
  CONSTRAINT phone_numbers_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT phone_numbers_use_case FOREIGN KEY (use_case_id) REFERENCES use_cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The timeline: every step and every provider answer, in order.
CREATE TABLE provisioning_events (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number_id  BIGINT UNSIGNED NOT NULL,
  at         DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  kind       VARCHAR(32) CHARACTER SET ascii NOT NULL,
  detail     VARCHAR(2000) NOT NULL,
  KEY provisioning_events_number (number_id, id),
  CONSTRAINT provisioning_events_number FOREIGN KEY (number_id) REFERENCES phone_numbers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Webhook deliveries already applied (Telnyx retries and duplicates).
CREATE TABLE webhook_events (
  provider_event_id  VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  event_type         VARCHAR(64) CHARACTER SET ascii NOT NULL,
  received_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
