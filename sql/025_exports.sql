-- 025: export jobs (issue 18, for admins). An admin asks for a CSV
-- (POST /orgs/{org}/exports); the exporter role writes it here, in the
-- database, so a download reaching any app host behind nginx finds it;
-- it can be downloaded for a day after it finished (expires_at), then
-- housekeeping deletes the file; the row goes an hour later (a late
-- download meanwhile answers 410 Gone). Times are UTC.
--
-- status: queued -> running (claimed by lease: lease_owner, lease_until)
--         -> done | failed. A running row whose lease ran out belonged to
-- an exporter that died: the next claim deletes its chunks and writes
-- the file again from the start (attempts counts the claims; after
-- EXPORT_ATTEMPTS_MAX the export fails). Every write of the exporter is
-- fenced by its lease_owner, so one export never gets two files.
CREATE TABLE exports (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id        BIGINT UNSIGNED NOT NULL,
  kind          ENUM('conversations','messages','opt_outs') NOT NULL,
  campaign_id   BIGINT UNSIGNED NULL,          -- conversations, messages
  requested_by  BIGINT UNSIGNED NOT NULL,
  status        ENUM('queued','running','done','failed') NOT NULL DEFAULT 'queued',
  rows_done     BIGINT UNSIGNED NOT NULL DEFAULT 0,
  rows_total    BIGINT UNSIGNED NOT NULL DEFAULT 0,  -- estimated at the start; exact when done
  chunks        INT UNSIGNED NOT NULL DEFAULT 0,
  bytes         BIGINT UNSIGNED NOT NULL DEFAULT 0,
  attempts      INT UNSIGNED NOT NULL DEFAULT 0,
  lease_owner   VARCHAR(64) CHARACTER SET ascii NULL,
  lease_until   DATETIME(3) NULL,
  last_error    VARCHAR(300) NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at   DATETIME(3) NULL,
  expires_at    DATETIME(3) NULL,              -- finished_at + 1 day
  KEY exports_org (org_id, id),
  KEY exports_work (status, lease_until),
  KEY exports_expiry (expires_at),
  CONSTRAINT exports_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT exports_user FOREIGN KEY (requested_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The file, in pieces of about a megabyte (EXPORT_CHUNK in
-- roles/exporter.c), in order: a download streams them one at a time.
CREATE TABLE export_chunks (
  export_id     BIGINT UNSIGNED NOT NULL,
  seq           INT UNSIGNED NOT NULL,
  data          MEDIUMBLOB NOT NULL,
  PRIMARY KEY (export_id, seq),
  CONSTRAINT export_chunks_export FOREIGN KEY (export_id) REFERENCES exports (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
