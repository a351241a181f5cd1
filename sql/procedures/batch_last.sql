-- Where the batch of p_size Unassigned conversations that are not opted
-- out, from p_from on in id order, ends; NULL when fewer are left.
--
-- Re-created by `launchline migrate` from this file at every run; the
-- migrations keep only the schema.
DROP FUNCTION IF EXISTS batch_last;
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
