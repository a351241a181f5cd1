-- 008: conversation counts of large campaigns, kept as a snapshot.
--
-- Counting a campaign's conversations per assignee and status scans its
-- whole assignment index (about 0.3 s at 1,000,000 conversations), and the
-- campaign and texting pages poll those counts. Campaigns above
-- counts_live_max conversations are counted at most every
-- counts_refresh_s while somebody looks at them, by one process at a time
-- (a lease on this row; the assigner role does it), and every poll reads
-- the last result. Smaller ones are counted live.

-- One row per large campaign somebody looked at.
CREATE TABLE campaign_counts (
  campaign_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  computed_at  DATETIME(3) NULL,      -- the counts are as of then; NULL: not yet
  took_ms      INT UNSIGNED NULL,     -- how long counting took
  wanted_at    DATETIME(3) NOT NULL,  -- a page last asked (refreshed while recent)
  lease_owner  VARCHAR(64) CHARACTER SET ascii NULL,  -- counting now
  lease_until  DATETIME(3) NULL,
  CONSTRAINT campaign_counts_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last result: how many conversations per assignee (0: Unassigned),
-- status and opted_out, replaced whole in the transaction that moves
-- computed_at.
CREATE TABLE campaign_count_rows (
  campaign_id  BIGINT UNSIGNED NOT NULL,
  assignee_id  BIGINT UNSIGNED NOT NULL,
  status       ENUM('needs_message','messaged','needs_response','convo','closed') NOT NULL,
  opted_out    TINYINT(1) NOT NULL,
  n            INT UNSIGNED NOT NULL,
  PRIMARY KEY (campaign_id, assignee_id, status, opted_out)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
