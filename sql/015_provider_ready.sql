-- 015: ready for the real Telnyx (issue 15).

-- This deployment's identity, made once, here, at random. It is part of
-- every reference Launchline leaves at the provider (an order's
-- customer_reference, a message's key, a messaging profile's name), so two
-- deployments sharing one provider account (staging and production, a
-- database reset) never take each other's orders, numbers or messages for
-- their own. `launchline admin status` shows it.
CREATE TABLE deployment (
  id             TINYINT UNSIGNED NOT NULL PRIMARY KEY DEFAULT 1,
  deployment_id  CHAR(16) CHARACTER SET ascii NOT NULL,
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT deployment_one_row CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO deployment (id, deployment_id) VALUES (1, LOWER(HEX(RANDOM_BYTES(8))));

-- Each organization's own messaging profile at the provider: Telnyx keeps
-- a contact's STOP per messaging profile, so one organization's opt-outs
-- never block another's texts. The provisioner makes it (by lease: one
-- provisioner at a time) before the organization's first number is
-- ordered, and orders every number of the organization into it.
CREATE TABLE messaging_profiles (
  org_id               BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  provider_profile_id  VARCHAR(64) CHARACTER SET ascii NULL,   -- once made
  name                 VARCHAR(200) NOT NULL,                  -- ours: names the deployment
  lease_owner          VARCHAR(64) CHARACTER SET ascii NULL,
  lease_until          DATETIME NULL,
  created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT messaging_profiles_org FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A use case is registered with the id its admin has in hand:
-- provider_campaign_id keeps it as given, Telnyx's campaign id (used by
-- every 10DLC call) or the registry's TCR id; the provisioner looks up the
-- other one. 'suspended': approved once, no longer (suspended, expired):
-- launches and new numbers wait. messages_per_minute paces the sender
-- (NULL: the configuration's sender_use_case_per_minute).
ALTER TABLE use_cases
  ADD COLUMN telnyx_campaign_id  VARCHAR(64) CHARACTER SET ascii NULL AFTER provider_campaign_id,
  ADD COLUMN tcr_campaign_id     VARCHAR(64) CHARACTER SET ascii NULL AFTER telnyx_campaign_id,
  ADD COLUMN messages_per_minute INT UNSIGNED NULL,
  MODIFY status ENUM('pending','approved','suspended','rejected') NOT NULL DEFAULT 'pending';

-- provider_ref: the customer_reference of our order for the number (set
-- before the order is sent), also set on the provider's number resource
-- once bought; a number is released only while the provider's record is
-- ours. Once there may be an order, a failed or deleted number is due for
-- release (release_due): the release finds out what was bought.
-- provider_number_id is now the number resource's own id (an order's
-- phone_numbers[].id is the order item's). A release the provider refuses
-- (404, or a number that is not ours) is not a release: the number stays
-- listed, "release failed", with the answer, until an admin tries again.
ALTER TABLE phone_numbers
  ADD COLUMN provider_ref       VARCHAR(100) CHARACTER SET ascii NULL AFTER provider_number_id,
  ADD COLUMN release_failed_at  DATETIME NULL AFTER released_at,
  ADD COLUMN release_error      VARCHAR(1000) NULL AFTER release_failed_at,
  DROP INDEX phone_numbers_release_due,
  DROP COLUMN release_due;
ALTER TABLE phone_numbers
  ADD COLUMN release_due TINYINT AS
    (IF(released_at IS NULL AND release_failed_at IS NULL AND
        provider_ref IS NOT NULL AND
        (release_requested_at IS NOT NULL OR provisioning_status = 'failed'),
        1, NULL)) PERSISTENT,
  ADD KEY phone_numbers_release_due (release_due, next_attempt_at);
