-- 026: guard rows for a Galera cluster (issue 19). A row lock (FOR
-- UPDATE) holds only on the node that took it; Galera's certification
-- refuses one of two transactions only when both WRITE the same row. So
-- each check made under a lock that two app hosts could make at once on
-- two nodes also bumps a counter on the row it locks: the second of two
-- racing commits is refused (1213), run again whole, and sees the first.
-- On one server the bump is the row lock it always was.
--   use_cases.guard      the 49-number cap of a use case (a number created
--                        or a single-use number taken by a launch)
--   orgs.owners_guard    an organization keeps at least one owner
ALTER TABLE use_cases
  ADD COLUMN guard BIGINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE orgs
  ADD COLUMN owners_guard BIGINT UNSIGNED NOT NULL DEFAULT 0;
