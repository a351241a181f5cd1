-- plan_batches(campaign, rows): plans up to rows more batches ahead of the
-- cursor, each its own autocommitted row (claims see them at once), and
-- answers how many. Started again from the cursor when the plan was
-- outrun or no longer holds (a new generation, another batch size, a
-- claim's cursor that is not where a planned batch starts). Any number
-- of planners may run: they write the same rows.
--
-- Re-created by `launchline migrate` from this file at every run; the
-- migrations keep only the schema.
DROP PROCEDURE IF EXISTS plan_batches;
CREATE PROCEDURE plan_batches(IN p_campaign BIGINT UNSIGNED, IN p_rows INT)
MODIFIES SQL DATA
BEGIN
  DECLARE v_batch INT UNSIGNED DEFAULT NULL;
  DECLARE v_gen INT UNSIGNED DEFAULT 0;
  DECLARE v_next, v_to, v_last BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_planned INT UNSIGNED DEFAULT NULL;
  DECLARE v_at INT DEFAULT 0;
  DECLARE v_i INT DEFAULT 0;
  DECLARE v_done BOOLEAN DEFAULT FALSE;

  IF NOT EXISTS (SELECT 1 FROM assign_cursors
      WHERE campaign_id = p_campaign) THEN
    INSERT IGNORE INTO assign_cursors (campaign_id) VALUES (p_campaign);
  END IF;
  SELECT COALESCE(k.batch_size, o.default_batch_size), a.plan_gen,
      a.plan_batch, a.next_id, a.plan_to
    INTO v_batch, v_gen, v_planned, v_next, v_to
    FROM assign_cursors a JOIN campaigns k ON k.id = a.campaign_id
      JOIN orgs o ON o.id = k.org_id
    WHERE a.campaign_id = p_campaign;
  IF v_to IS NOT NULL AND v_to > v_next THEN
    -- Planned past the cursor: it must stand where a planned batch starts.
    SELECT COUNT(*) INTO v_at FROM assign_plan
      WHERE campaign_id = p_campaign AND from_id = v_next AND gen = v_gen;
  END IF;
  IF v_planned IS NULL OR v_planned <> v_batch
      OR (v_to IS NOT NULL AND v_to > v_next AND v_at = 0) THEN
    UPDATE assign_cursors SET plan_gen = plan_gen + 1, plan_batch = v_batch,
        plan_to = NULL, plan_done = 0
      WHERE campaign_id = p_campaign AND plan_gen = v_gen;
    -- Read again: an admin's move may have bumped it meanwhile.
    SELECT plan_gen INTO v_gen FROM assign_cursors
      WHERE campaign_id = p_campaign;
    SET v_to = NULL;
  END IF;
  DELETE FROM assign_plan WHERE campaign_id = p_campaign
    AND (from_id < v_next OR gen <> v_gen);
  IF v_to IS NULL OR v_to < v_next THEN
    SET v_to = v_next;
  END IF;
  WHILE v_i < p_rows AND NOT v_done DO
    SET v_last = batch_last(p_campaign, v_to, v_batch);
    IF v_last IS NULL THEN
      SET v_done = TRUE;
    ELSE
      INSERT INTO assign_plan (campaign_id, from_id, last_id, gen)
        VALUES (p_campaign, v_to, v_last, v_gen)
        ON DUPLICATE KEY UPDATE last_id = VALUES(last_id), gen = VALUES(gen);
      SET v_to = v_last + 1, v_i = v_i + 1;
    END IF;
  END WHILE;
  UPDATE assign_cursors SET plan_to = v_to, plan_done = v_done
    WHERE campaign_id = p_campaign AND plan_gen = v_gen;
  SELECT v_i;
END;
