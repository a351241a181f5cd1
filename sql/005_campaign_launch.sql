-- 005: what launching campaigns needs beyond 004.

-- launch_error: why the last scheduled launch (launch_at) did not happen
-- (a launch check failed when the time came); cleared by the next edit of
-- launch_at or a launch. launched_by is in 004.
ALTER TABLE campaigns
  ADD COLUMN launch_error VARCHAR(500) NULL AFTER launch_at;

-- The launch estimate reads finished provisioning by when it was asked for.
ALTER TABLE phone_numbers
  ADD KEY phone_numbers_history (provisioning_status, created_at);

-- scheduled_by: who set launch_at (the scheduled launch acts as them: a
-- single-use number is initiated by them, and they get its email).
-- contact_columns: the contact file's other columns (JSON array of names),
-- the merge fields a script may use beyond the built-in ones.
ALTER TABLE campaigns
  ADD COLUMN scheduled_by BIGINT UNSIGNED NULL AFTER launch_error,
  ADD COLUMN contact_columns VARCHAR(4000) NULL AFTER contact_count;
