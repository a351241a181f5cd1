-- 021: canned responses (issue 18): prepared replies a texter puts in the
-- reply box with one tap, merge fields rendered for the contact.
--
-- A canned response belongs to one campaign (campaign_id set) or to the
-- whole organization (campaign_id NULL); an organization-wide one reaches
-- a campaign's texters only once the campaign includes it
-- (campaign_canned_includes). title: 1-100 characters, text: 1-1600 (the
-- longest reply), both checked by the API (fcgi/domain/canned.c), which
-- also refuses merge fields the campaign's contacts lack.
CREATE TABLE canned_responses (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id       BIGINT UNSIGNED NOT NULL,
  campaign_id  BIGINT UNSIGNED NULL,
  title        VARCHAR(100) NOT NULL,
  text         TEXT NOT NULL,
  created_by   BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
               ON UPDATE CURRENT_TIMESTAMP,
  KEY canned_responses_org (org_id, campaign_id),
  KEY canned_responses_campaign (campaign_id),
  CONSTRAINT canned_responses_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT canned_responses_campaign FOREIGN KEY (campaign_id)
    REFERENCES campaigns (id),
  CONSTRAINT canned_responses_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The organization-wide canned responses a campaign includes. Deleting a
-- canned response takes its inclusions with it.
CREATE TABLE campaign_canned_includes (
  campaign_id  BIGINT UNSIGNED NOT NULL,
  canned_id    BIGINT UNSIGNED NOT NULL,
  added_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (campaign_id, canned_id),
  KEY campaign_canned_includes_canned (canned_id),
  CONSTRAINT campaign_canned_includes_campaign FOREIGN KEY (campaign_id)
    REFERENCES campaigns (id),
  CONSTRAINT campaign_canned_includes_canned FOREIGN KEY (canned_id)
    REFERENCES canned_responses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
