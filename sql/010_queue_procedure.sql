-- A texter's send in one round trip.
--
-- Queueing a message marks the conversation (the row lock makes a double
-- click wait, then find it messaged and write nothing) and inserts the
-- message, in one transaction; an initial send then looks up the texter's
-- next conversation. From the worker that was six round trips a send;
-- here it is one. The rules (whose conversation, the sending gates, the
-- text) stay in the handlers: this only writes what they decided.
--
-- queue_message(initial, conversation, user, body, from, to, campaign)
-- answers one row: the new message's id (NULL when the conversation had
-- changed: already messaged, opted out, or not the user's), and for an
-- initial send the next conversation of the user's that waits for its
-- initial message, after this one or else from the start (NULL: none).
CREATE PROCEDURE queue_message(IN p_initial TINYINT,
    IN p_conversation BIGINT UNSIGNED, IN p_user BIGINT UNSIGNED,
    IN p_body TEXT, IN p_from VARCHAR(16) CHARACTER SET ascii,
    IN p_to VARCHAR(16) CHARACTER SET ascii, IN p_campaign BIGINT UNSIGNED)
MODIFIES SQL DATA
BEGIN
  DECLARE v_message BIGINT UNSIGNED DEFAULT NULL;
  DECLARE v_next BIGINT UNSIGNED DEFAULT NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;

  START TRANSACTION;
  IF p_initial THEN
    UPDATE conversations SET status = 'messaged',
        last_message_at = UTC_TIMESTAMP()
      WHERE id = p_conversation AND assignee_id = p_user AND opted_out = 0
        AND status = 'needs_message';
  ELSE
    UPDATE conversations SET status = 'convo',
        last_message_at = UTC_TIMESTAMP()
      WHERE id = p_conversation AND assignee_id = p_user AND opted_out = 0
        AND status <> 'needs_message';
  END IF;
  IF ROW_COUNT() > 0 THEN
    INSERT INTO messages (conversation_id, direction, initial, body,
        from_number, to_number, sender_id, status, next_attempt_at,
        status_at)
      VALUES (p_conversation, 'out', p_initial, p_body, p_from, p_to, p_user,
        'queued', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));
    SET v_message = LAST_INSERT_ID();
  END IF;
  COMMIT;
  IF v_message IS NOT NULL AND p_initial THEN
    SELECT id INTO v_next FROM conversations FORCE INDEX (conversations_assign)
      WHERE campaign_id = p_campaign AND assignee_id = p_user
        AND status = 'needs_message' AND opted_out = 0 AND id > p_conversation
      ORDER BY id LIMIT 1;
    IF v_next IS NULL THEN	-- wrap around to one skipped earlier
      SELECT id INTO v_next FROM conversations
          FORCE INDEX (conversations_assign)
        WHERE campaign_id = p_campaign AND assignee_id = p_user
          AND status = 'needs_message' AND opted_out = 0
        ORDER BY id LIMIT 1;
    END IF;
  END IF;
  SELECT v_message, v_next;
END;
