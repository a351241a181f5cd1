-- queue_message: a texter's send in one round trip.
--
-- Queueing a message marks the conversation (the row lock makes a double
-- click wait, then find it messaged and write nothing) and inserts the
-- message, in one transaction. From the worker that was six round trips a
-- send; here it is one. The rules (whose conversation, the sending gates,
-- the text) stay in the handlers: this only writes what they decided.
--
-- It does not look up the texter's next conversation (sql/014): walking
-- the assignment index after the commit cost MariaDB about 100 us of CPU
-- a send; the handler's read says whether the conversation after this one
-- is the texter's next (one primary-key row), and only when it is not
-- does the handler look, after the send. Its UPDATE names the primary key:
-- otherwise the optimizer estimated the texter's range of the (assignee_id,
-- status) index on every send, a fifth of the statement's time. It stores
-- the campaign on the message (sql/016: the sender's pacing reads it).
--
-- queue_message(initial, conversation, user, body, from, to, campaign,
-- assignee) answers one row: the new message's id, or NULL when the
-- conversation had changed (already messaged, opted out, or no longer
-- assignee's). user is who sends; assignee whose the conversation was when
-- the handler checked it (NULL: Unassigned): the texter themselves, or
-- for an organizer replying from message review, whoever holds it.
--
-- Re-created by `launchline migrate` from this file at every run; the
-- migrations keep only the schema.
DROP PROCEDURE IF EXISTS queue_message;
CREATE PROCEDURE queue_message(IN p_initial TINYINT,
    IN p_conversation BIGINT UNSIGNED, IN p_user BIGINT UNSIGNED,
    IN p_body TEXT, IN p_from VARCHAR(16) CHARACTER SET ascii,
    IN p_to VARCHAR(16) CHARACTER SET ascii, IN p_campaign BIGINT UNSIGNED,
    IN p_assignee BIGINT UNSIGNED)
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
      WHERE id = p_conversation AND assignee_id <=> p_assignee
        AND opted_out = 0
        AND status = 'needs_message';
  ELSE
    UPDATE conversations FORCE INDEX (PRIMARY) SET status = 'convo',
        last_message_at = UTC_TIMESTAMP()
      WHERE id = p_conversation AND assignee_id <=> p_assignee
        AND opted_out = 0
        AND status <> 'needs_message';
  END IF;
  IF ROW_COUNT() > 0 THEN
    INSERT INTO messages (conversation_id, campaign_id, direction, initial,
        body, from_number, to_number, sender_id, status, next_attempt_at,
        status_at)
      VALUES (p_conversation, p_campaign, 'out', p_initial, p_body, p_from,
        p_to, p_user, 'queued', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));
    SET v_message = LAST_INSERT_ID();
  END IF;
  COMMIT;
  SELECT v_message;
END;
