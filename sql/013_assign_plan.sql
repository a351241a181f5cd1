-- 013: self assign's batches planned ahead.
--
-- A claim's batch is the next batch_size Unassigned conversations from
-- the cursor on, so finding where it ends walks batch_size entries of the
-- assignment index: ~190 us for 300, in the broker's turn, for every
-- batch. Every texter waiting waited for all of them (a turn of 16 claims
-- took ~4.9 ms, 3 of them walking). The walk does not depend on who asks:
-- the assigner role now walks ahead of the claims (plan_batches) and a
-- claim reads where its batch ends, one primary-key row.
--
-- A plan row is used only while nothing it counted has changed: whatever
-- makes Unassigned conversations ahead of the cursor more or fewer (an
-- admin's moves, a texter removed, an opt-out, contacts removed) bumps
-- the cursor's plan_gen in the same transaction or right after, and rows
-- of an older generation are never read again. A batch size other than
-- the planned one (plan_batch) is not read either. Without a plan row the
-- claim walks as before, to the same boundary: the plan is a shortcut,
-- never the rule.
ALTER TABLE assign_cursors
  ADD COLUMN plan_gen   INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN plan_batch INT UNSIGNED NULL,          -- the size planned for
  ADD COLUMN plan_to    BIGINT UNSIGNED NULL,       -- planning goes on from here
  ADD COLUMN plan_done  TINYINT(1) NOT NULL DEFAULT 0;  -- only a tail is left

-- A batch of the plan: from the cursor at from_id, it ends at last_id.
CREATE TABLE assign_plan (
  campaign_id  BIGINT UNSIGNED NOT NULL,
  from_id      BIGINT UNSIGNED NOT NULL,
  last_id      BIGINT UNSIGNED NOT NULL,
  gen          INT UNSIGNED NOT NULL,
  PRIMARY KEY (campaign_id, from_id),
  CONSTRAINT assign_plan_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
