-- 014: queue_message no longer looks up the texter's next conversation.
--
-- Finding the next conversation after the commit walked the assignment
-- index for every initial send, and paid the optimizer's range estimate
-- each time. Measured with the sends benchmark, MariaDB spent about
-- 100 us more CPU a send with that lookup than without (about 510 against
-- 410 us); as a subquery of the handler's read it cost even more. The
-- handler's read now says whether the conversation after this one is the
-- texter's next (one primary-key row, TX_CONVERSATION_NEXT): a batch is a
-- run of ids, so it nearly always is. Only when it is not (a batch's end,
-- a skipped or foreign one) does the handler look, after the send.
--
-- Its UPDATE names the primary key: otherwise the optimizer estimated the
-- texter's range of the (assignee_id, status) index on every send, a
-- fifth of the statement's time.
--
-- queue_message(initial, conversation, user, body, from, to) answers one
-- row: the new message's id, or NULL when the conversation had changed
-- (already messaged, opted out, or not the user's).
DROP PROCEDURE queue_message;

CREATE PROCEDURE queue_message(IN p_initial TINYINT,
    IN p_conversation BIGINT UNSIGNED, IN p_user BIGINT UNSIGNED,
    IN p_body TEXT, IN p_from VARCHAR(16) CHARACTER SET ascii,
    IN p_to VARCHAR(16) CHARACTER SET ascii)
MODIFIES SQL DATA
BEGIN
  DECLARE v_message BIGINT UNSIGNED DEFAULT NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;

  START TRANSACTION;
  IF p_initial THEN
    UPDATE conversations FORCE INDEX (PRIMARY) SET status = 'messaged',
        last_message_at = UTC_TIMESTAMP()
      WHERE id = p_conversation AND assignee_id = p_user AND opted_out = 0
        AND status = 'needs_message';
  ELSE
    UPDATE conversations FORCE INDEX (PRIMARY) SET status = 'convo',
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
  SELECT v_message;
END;
