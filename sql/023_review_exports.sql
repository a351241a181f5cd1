-- 023: message review and exports (issue 18, for organizers).
--
-- The review list pages a campaign's (or the organization's)
-- conversations in id order through windows of ids (db_sql_review.h), so
-- every page reads a bounded number of rows whatever the filters; the
-- window of a campaign starts at its first conversation and the export
-- walks a campaign in id order: both read this index ((campaign_id) with
-- InnoDB's implicit id after it, named so the statements can force it).
--
-- Text search in the messages is a bounded LIKE scan inside each window
-- (no FULLTEXT index: it would tax every inbound and outbound message
-- insert, the sender's hot path, for a screen organizers open now and
-- then; and InnoDB FULLTEXT does not find parts of words, which is what
-- a search for "vote" in "voter" wants).
ALTER TABLE conversations
  ADD INDEX conversations_campaign_id (campaign_id, id);
