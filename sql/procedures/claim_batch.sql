-- Self assign's claim in one round trip.
--
-- A claim locks the campaign's cursor row, so claims of one campaign take
-- turns. Run from the worker as five statements, each turn held the row
-- across five round trips and as many context switches, ~1.4 ms on two
-- busy cores: 200 texters pressing "Request conversations" at once waited
-- ~300 ms. Here the turn is the procedure's own work, a fraction of that.
--
-- claim_batch(campaign, texter, batch, slot, wait_s) answers one row:
--   outcome  'claimed' | 'empty' (nothing from the cursor on) | 'busy' |
--            'not_on_campaign' | 'unfinished' (the texter still has
--            conversations to send to, or a batch being set)
--   claim_id, first_id, last_id, claimed  (of the new assign_claims row)
--   has_gap  whether conversations were given back behind the cursor
-- 'empty' with has_gap = 1 leaves the sweep behind the cursor to the
-- caller (fcgi/data/db_claims.c), which first sets the pending batches.
--
-- The claimer first takes one of the campaign's named-lock slots (as the
-- admin moves in fcgi/data/db_assign.c expect: they take every slot to keep claims
-- out), then the cursor row; both are let go before it returns.
--
-- Re-created by `launchline migrate` from this file at every run; the
-- migrations keep only the schema.
DROP PROCEDURE IF EXISTS claim_batch;
CREATE PROCEDURE claim_batch(IN p_campaign BIGINT UNSIGNED,
    IN p_texter BIGINT UNSIGNED, IN p_batch INT UNSIGNED, IN p_slot INT,
    IN p_wait_s INT)
MODIFIES SQL DATA
BEGIN
  DECLARE v_lock VARCHAR(80)
      DEFAULT CONCAT('launchline-claim-', p_campaign, '-', p_slot);
  DECLARE v_next BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_gap BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_first BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_last BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_n INT UNSIGNED DEFAULT 0;
  DECLARE v_claim BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_outcome VARCHAR(20) DEFAULT NULL;
  DECLARE v_on, v_unfinished BOOLEAN DEFAULT FALSE;
  DECLARE v_have INT DEFAULT 0;
  DECLARE v_skip INT UNSIGNED DEFAULT GREATEST(p_batch, 1) - 1;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DO RELEASE_LOCK(v_lock);
    RESIGNAL;
  END;

  IF COALESCE(GET_LOCK(v_lock, p_wait_s), 0) <> 1 THEN
    SELECT 'busy', NULL, NULL, NULL, 0, 0;
  ELSE
    -- The campaign's first claim makes its cursor row, on its own and
    -- before the transaction: a FOR UPDATE on a missing row takes a gap
    -- lock that every first claimer shares, and their inserts into that
    -- gap would then deadlock.
    SELECT COUNT(*) INTO v_have FROM assign_cursors
      WHERE campaign_id = p_campaign;
    IF v_have = 0 THEN
      INSERT IGNORE INTO assign_cursors (campaign_id) VALUES (p_campaign);
    END IF;
    START TRANSACTION;
    SELECT next_id, gap_from INTO v_next, v_gap FROM assign_cursors
      WHERE campaign_id = p_campaign FOR UPDATE;
    -- Under the cursor's lock, so a double click takes one batch: the
    -- texter must be on the campaign and have nothing left to send (no
    -- batch waiting to be set, no conversation waiting for its initial
    -- message). Read by SELECT ... INTO, a plain read: a subquery in an IF
    -- would take shared locks and deadlock with the assigner.
    SELECT EXISTS (SELECT 1 FROM campaign_texters
          WHERE campaign_id = p_campaign AND user_id = p_texter),
        EXISTS (SELECT 1 FROM assign_claims FORCE INDEX (assign_claims_texter)
          WHERE texter_id = p_texter AND campaign_id = p_campaign
            AND applied_at IS NULL)
        OR EXISTS (SELECT 1 FROM conversations
            FORCE INDEX (conversations_assign)
          WHERE campaign_id = p_campaign AND assignee_id = p_texter
            AND status = 'needs_message' AND opted_out = 0)
      INTO v_on, v_unfinished;
    IF NOT v_on THEN
      SET v_outcome = 'not_on_campaign';
    ELSEIF v_unfinished THEN
      SET v_outcome = 'unfinished';
    ELSE
      -- The next batch: the first p_batch Unassigned conversations that are
      -- not opted out from the cursor on, read from the index alone. The
      -- batch's last one is found by skipping to it (no rows copied); only
      -- the campaign's tail, shorter than a batch, is counted.
      SELECT id INTO v_last FROM conversations FORCE INDEX (conversations_assign)
        WHERE campaign_id = p_campaign AND assignee_id IS NULL
          AND status = 'needs_message' AND opted_out = 0 AND id >= v_next
        ORDER BY id LIMIT v_skip, 1;
      IF v_last IS NOT NULL THEN
        SELECT id INTO v_first FROM conversations
            FORCE INDEX (conversations_assign)
          WHERE campaign_id = p_campaign AND assignee_id IS NULL
            AND status = 'needs_message' AND opted_out = 0 AND id >= v_next
          ORDER BY id LIMIT 1;
        SET v_n = p_batch;
      ELSE
        SELECT MIN(id), MAX(id), COUNT(*) INTO v_first, v_last, v_n
          FROM conversations FORCE INDEX (conversations_assign)
          WHERE campaign_id = p_campaign AND assignee_id IS NULL
            AND status = 'needs_message' AND opted_out = 0 AND id >= v_next;
      END IF;
      IF v_n > 0 THEN
        UPDATE assign_cursors SET next_id = v_last + 1
          WHERE campaign_id = p_campaign;
        INSERT INTO assign_claims (campaign_id, texter_id, first_id, last_id,
            claimed)
          VALUES (p_campaign, p_texter, v_first, v_last, v_n);
        SET v_claim = LAST_INSERT_ID();
      END IF;
      SET v_outcome = IF(v_n > 0, 'claimed', 'empty');
    END IF;
    COMMIT;
    DO RELEASE_LOCK(v_lock);
    SELECT v_outcome, v_claim, v_first, v_last, v_n,
        v_gap IS NOT NULL;
  END IF;
END;
