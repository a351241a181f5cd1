-- 019: an organization's settings (issue 17): the name its texts sign
-- with and the time zone its new campaigns start in, beside the opt-out
-- language and batch size of 004. Admins change them in Settings
-- (GET/PATCH /orgs/:id/settings).

-- display_name NULL: the organization's name (orgs.name, unique, which
-- names it in the app). Campaigns without their own org_display_name use
-- COALESCE(display_name, name); a new campaign starts in time_zone.
ALTER TABLE orgs
  ADD COLUMN display_name  VARCHAR(200) NULL,
  ADD COLUMN time_zone     VARCHAR(64) CHARACTER SET ascii NOT NULL
                           DEFAULT 'America/New_York';
