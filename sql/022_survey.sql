-- 022: survey questions (issue 18): a campaign's question tree, the
-- answers texters record for their contacts, and who changed them when.
--
-- A question has answer options; an option may carry the scripted reply
-- a texter is offered when the contact gives that answer (the script's
-- merge fields, checked by the API: fcgi/domain/survey.c) and the next
-- question to ask (or none). The campaign's first question (lowest id)
-- starts the survey; the API refuses a next question that would loop
-- back (the tree has no cycles) or belongs elsewhere.
--
-- Limits, checked by the API: question text 1-500 characters, option
-- label 1-100, reply 0-1600 (empty: no reply offered); 50 questions a
-- campaign, 10 options a question.
CREATE TABLE survey_questions (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id       BIGINT UNSIGNED NOT NULL,
  campaign_id  BIGINT UNSIGNED NOT NULL,
  text         VARCHAR(500) NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
               ON UPDATE CURRENT_TIMESTAMP,
  KEY survey_questions_list (org_id, campaign_id, id),
  CONSTRAINT survey_questions_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT survey_questions_campaign FOREIGN KEY (campaign_id)
    REFERENCES campaigns (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Deleting a question takes its options with it, and every option that
-- led to it then leads nowhere (ON DELETE SET NULL).
CREATE TABLE survey_options (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  question_id       BIGINT UNSIGNED NOT NULL,
  label             VARCHAR(100) NOT NULL,
  reply             TEXT NOT NULL,
  next_question_id  BIGINT UNSIGNED NULL,
  created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
                    ON UPDATE CURRENT_TIMESTAMP,
  KEY survey_options_question (question_id, id),
  KEY survey_options_next (next_question_id),
  CONSTRAINT survey_options_question FOREIGN KEY (question_id)
    REFERENCES survey_questions (id) ON DELETE CASCADE,
  CONSTRAINT survey_options_next FOREIGN KEY (next_question_id)
    REFERENCES survey_questions (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A conversation's current answer to a question. The API refuses to
-- delete an option (or its question) while answers hold it (409), so
-- recorded answers stay readable; the foreign keys agree (RESTRICT).
CREATE TABLE survey_answers (
  conversation_id  BIGINT UNSIGNED NOT NULL,
  question_id      BIGINT UNSIGNED NOT NULL,
  option_id        BIGINT UNSIGNED NOT NULL,
  campaign_id      BIGINT UNSIGNED NOT NULL,
  answered_by      BIGINT UNSIGNED NOT NULL,
  answered_at      DATETIME(3) NOT NULL,
  PRIMARY KEY (conversation_id, question_id),
  KEY survey_answers_option (option_id),
  KEY survey_answers_campaign (campaign_id, option_id),
  KEY survey_answers_question (question_id),
  CONSTRAINT survey_answers_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT survey_answers_question FOREIGN KEY (question_id)
    REFERENCES survey_questions (id),
  CONSTRAINT survey_answers_option FOREIGN KEY (option_id)
    REFERENCES survey_options (id),
  CONSTRAINT survey_answers_by FOREIGN KEY (answered_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every answer recorded, changed or cleared (option_id NULL with label
-- NULL: cleared), newest last: who and when. label is the option's label
-- at the time, so the history reads the same after an option is renamed
-- or deleted (then option_id becomes NULL, label stays).
CREATE TABLE survey_answer_log (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  question_id      BIGINT UNSIGNED NOT NULL,
  option_id        BIGINT UNSIGNED NULL,
  label            VARCHAR(100) NULL,
  answered_by      BIGINT UNSIGNED NOT NULL,
  answered_at      DATETIME(3) NOT NULL,
  KEY survey_answer_log_conversation (conversation_id, id),
  CONSTRAINT survey_answer_log_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT survey_answer_log_question FOREIGN KEY (question_id)
    REFERENCES survey_questions (id) ON DELETE CASCADE,
  CONSTRAINT survey_answer_log_option FOREIGN KEY (option_id)
    REFERENCES survey_options (id) ON DELETE SET NULL,
  CONSTRAINT survey_answer_log_by FOREIGN KEY (answered_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
