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

-- Where the batch of p_size Unassigned conversations that are not opted
-- out, from p_from on in id order, ends; NULL when fewer are left.
CREATE FUNCTION batch_last(p_campaign BIGINT UNSIGNED,
    p_from BIGINT UNSIGNED, p_size INT UNSIGNED) RETURNS BIGINT UNSIGNED
READS SQL DATA
BEGIN
  DECLARE v_skip INT UNSIGNED DEFAULT GREATEST(p_size, 1) - 1;
  DECLARE v_last BIGINT UNSIGNED DEFAULT NULL;

  SELECT id INTO v_last FROM conversations FORCE INDEX (conversations_assign)
    WHERE campaign_id = p_campaign AND assignee_id IS NULL
      AND status = 'needs_message' AND opted_out = 0 AND id >= p_from
    ORDER BY id LIMIT v_skip, 1;
  RETURN v_last;
END;

-- plan_batches(campaign, rows): plans up to rows more batches ahead of the
-- cursor, each its own autocommitted row (claims see them at once), and
-- answers how many. Started again from the cursor when the plan was
-- outrun or no longer holds (a new generation, another batch size, a
-- claim's cursor that is not where a planned batch starts). Any number
-- of planners may run: they write the same rows.
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

-- claim_group as in sql/012, with two changes: a whole batch's end is read
-- from the plan when the plan holds (batch_last walks otherwise), and the
-- batch size is the organization's default when the campaign names none
-- (012 read NULL there and answered 'empty').
DROP PROCEDURE claim_group;
CREATE PROCEDURE claim_group(IN p_org BIGINT UNSIGNED,
    IN p_campaign BIGINT UNSIGNED, IN p_texters LONGTEXT, IN p_slot INT,
    IN p_wait_s INT)
MODIFIES SQL DATA
BEGIN
  DECLARE v_lock VARCHAR(80)
      DEFAULT CONCAT('launchline-claim-', p_campaign, '-', p_slot);
  DECLARE v_status VARCHAR(20) DEFAULT NULL;
  DECLARE v_self BOOLEAN DEFAULT FALSE;
  DECLARE v_batch INT UNSIGNED DEFAULT 0;
  DECLARE v_next BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_gap BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_gen INT UNSIGNED DEFAULT 0;
  DECLARE v_planned INT UNSIGNED DEFAULT NULL;
  DECLARE v_first BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_last BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_n INT UNSIGNED DEFAULT 0;
  DECLARE v_claim BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_t BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_outcome VARCHAR(20) DEFAULT NULL;
  DECLARE v_whos TEXT DEFAULT NULL;
  DECLARE v_who CHAR(1) DEFAULT NULL;
  DECLARE v_empty BOOLEAN DEFAULT FALSE;
  DECLARE v_i, v_count INT DEFAULT 0;
  DECLARE v_answers LONGTEXT DEFAULT NULL;
  DECLARE v_locked BOOLEAN DEFAULT FALSE;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    IF v_locked THEN
      DO RELEASE_LOCK(v_lock);
    END IF;
    RESIGNAL;
  END;

  SELECT k.status, k.self_assign, COALESCE(k.batch_size, o.default_batch_size)
    INTO v_status, v_self, v_batch
    FROM campaigns k JOIN orgs o ON o.id = k.org_id
    WHERE k.id = p_campaign AND k.org_id = p_org;
  IF v_status IS NULL OR NOT v_self
      OR v_status NOT IN ('launching', 'active', 'paused') THEN
    SELECT v_status, v_self, v_batch, 0, 0, NULL;
  ELSEIF COALESCE(GET_LOCK(v_lock, p_wait_s), 0) <> 1 THEN
    SELECT v_status, v_self, v_batch, 1, 0, NULL;
  ELSE
    SET v_locked = TRUE;
    -- The campaign's first claim makes its cursor row before the
    -- transaction (see claim_batch: a FOR UPDATE on a missing row takes a
    -- gap lock that every first claimer would share). Inline: a nested
    -- CALL here made the turn measurably slower (p99 102-115 ms against
    -- 78-90 ms).
    IF NOT EXISTS (SELECT 1 FROM assign_cursors
        WHERE campaign_id = p_campaign) THEN
      INSERT IGNORE INTO assign_cursors (campaign_id) VALUES (p_campaign);
    END IF;
    START TRANSACTION;
    SELECT next_id, gap_from, plan_gen, plan_batch
      INTO v_next, v_gap, v_gen, v_planned
      FROM assign_cursors WHERE campaign_id = p_campaign FOR UPDATE;
    SET v_count = COALESCE(JSON_LENGTH(p_texters), 0);
    SET v_answers = '';
    -- Under the cursor's lock, as in claim_batch: which texters are on the
    -- campaign and have nothing left to send (no batch waiting to be set,
    -- no conversation waiting for its initial message), in one statement
    -- for the group: a letter each, in order, 'n' not on the campaign,
    -- 'u' unfinished, 'e' eligible. A plain read (SELECT ... INTO).
    SELECT GROUP_CONCAT(IF(NOT EXISTS (SELECT 1 FROM campaign_texters ct
            WHERE ct.campaign_id = p_campaign AND ct.user_id = j.t), 'n',
          IF(EXISTS (SELECT 1 FROM assign_claims c
                FORCE INDEX (assign_claims_texter)
              WHERE c.texter_id = j.t AND c.campaign_id = p_campaign
                AND c.applied_at IS NULL)
            OR EXISTS (SELECT 1 FROM conversations v
                FORCE INDEX (conversations_assign)
              WHERE v.campaign_id = p_campaign AND v.assignee_id = j.t
                AND v.status = 'needs_message' AND v.opted_out = 0),
            'u', 'e')) ORDER BY j.k SEPARATOR '')
      INTO v_whos
      FROM JSON_TABLE(p_texters, '$[*]' COLUMNS (k FOR ORDINALITY,
          t BIGINT UNSIGNED PATH '$')) AS j;
    WHILE v_i < v_count DO
      SET v_t = COALESCE(JSON_VALUE(p_texters, CONCAT('$[', v_i, ']')), 0);
      SET v_claim = NULL, v_first = NULL, v_last = NULL, v_n = 0;
      SET v_who = SUBSTRING(v_whos, v_i + 1, 1);
      IF v_who = 'n' THEN
        SET v_outcome = 'not_on_campaign';
      ELSEIF v_who <> 'e' THEN
        SET v_outcome = 'unfinished';
      ELSEIF v_empty THEN
        SET v_outcome = 'empty';
      ELSE
        -- The next batch from the cursor on: where it ends, from the plan
        -- or else by walking the index; only a tail shorter than a batch
        -- is counted. A whole batch's range starts at the cursor: it
        -- holds exactly the batch, so its first id need not be looked up.
        IF v_planned = v_batch THEN
          SELECT last_id INTO v_last FROM assign_plan
            WHERE campaign_id = p_campaign AND from_id = v_next
              AND gen = v_gen;
        END IF;
        IF v_last IS NULL THEN
          SET v_last = batch_last(p_campaign, v_next, v_batch);
        END IF;
        IF v_last IS NOT NULL THEN
          SET v_first = v_next, v_n = v_batch;
        ELSE
          SELECT MIN(id), MAX(id), COUNT(*) INTO v_first, v_last, v_n
            FROM conversations FORCE INDEX (conversations_assign)
            WHERE campaign_id = p_campaign AND assignee_id IS NULL
              AND status = 'needs_message' AND opted_out = 0
              AND id >= v_next;
        END IF;
        IF v_n > 0 THEN
          INSERT INTO assign_claims (campaign_id, texter_id, first_id,
              last_id, claimed)
            VALUES (p_campaign, v_t, v_first, v_last, v_n);
          SET v_claim = LAST_INSERT_ID(), v_next = v_last + 1;
          SET v_outcome = 'claimed';
        ELSE
          SET v_outcome = 'empty', v_empty = TRUE;
        END IF;
      END IF;
      SET v_answers = CONCAT(v_answers, IF(v_i > 0, ',', ''), '[', v_t,
          ',"', v_outcome, '",', COALESCE(v_claim, 0), ',',
          COALESCE(v_first, 0), ',', COALESCE(v_last, 0), ',', v_n, ']');
      SET v_i = v_i + 1;
    END WHILE;
    UPDATE assign_cursors SET next_id = v_next
      WHERE campaign_id = p_campaign;
    COMMIT;
    DO RELEASE_LOCK(v_lock);
    SELECT v_status, v_self, v_batch, 0, v_gap IS NOT NULL,
        CONCAT('[', v_answers, ']');
  END IF;
END;
