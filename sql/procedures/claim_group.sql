-- claim_group: the claim broker's turn in one round trip.
--
-- The broker (fcgi/roles/claimer.c) answers together every self-assign request
-- that arrived while it was busy: one transaction per campaign. Run from C
-- as statements (campaign, slot lock, cursor, eligibility, one skip per
-- batch, claim rows, cursor move, commit, unlock), a turn of 16 claims was
-- ~25 round trips, ~8 ms on two busy cores, and every texter waiting
-- waited for all of them. Here the turn is the procedure's own work.
--
-- claim_group(org, campaign, texters, slot, wait_s): texters is a JSON
-- array of distinct user ids, batches go in that order. Answers one row:
--   status, self_assign, batch_size  the campaign's (status NULL: no such
--                                    campaign of org)
--   busy     1 when the slot's lock was not had within wait_s
--   has_gap  whether conversations were given back behind the cursor
--   answers  JSON [[texter, outcome, claim_id, first_id, last_id, claimed],
--            ...]: outcome 'claimed' | 'empty' (nothing from the cursor
--            on) | 'not_on_campaign' | 'unfinished' (as claim_batch)
-- Nothing is claimed unless self assign is on and the campaign launching,
-- active or paused (the rule of claim_open in fcgi/data/db_claims.c, which
-- words the answer); answers is then NULL. 'empty' with has_gap = 1 leaves
-- the sweep behind the cursor to the caller, as with claim_batch.
--
-- A whole batch's end is read from the plan when the plan holds
-- (assign_plan, sql/013; batch_last walks otherwise), and the batch size
-- is the organization's default when the campaign names none.
--
-- Re-created by `launchline migrate` from this file at every run; the
-- migrations keep only the schema.
DROP PROCEDURE IF EXISTS claim_group;
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
