-- 024: the review list's selective filters read their own indexes
-- (issue 18, follow-up).
--
-- A review page reads one window of conversation ids (db_sql_review.h).
-- Read through the primary key, a selective filter (one texter, a tag,
-- escalated, a survey answer) reads and rejects most of the window's
-- rows; read through an index that holds only its matches, in id order,
-- the page stops after `limit` matches and touches only them. The tag
-- (conversation_tags_tag), escalated (conversations_escalated_id) and
-- survey answer (survey_answers_option, survey_answers_question) indexes
-- exist already: each ends in the conversation id. The texter's is new:
-- conversations_assign puts status and opted_out before the id, so it is
-- not in id order for one assignee. (assignee_id, id) serves one texter
-- and Unassigned (NULL) in one campaign (the window bounds the ids) or
-- across the organization alike.
ALTER TABLE conversations
  ADD INDEX conversations_review_assignee (assignee_id, id);
