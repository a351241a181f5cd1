-- 017: the edges of accounts (issue 16): invitations for their address or
-- open to texters, token lookups and sign-ins limited per client address,
-- and sessions a person can see and end.

-- An invitation names the email address it is for; only that account may
-- accept it, and signing up through it makes that address. email NULL is
-- an open link, which an admin makes deliberately: for texters only, not
-- spent by a use (anyone with the link may join until it is revoked or
-- expires). uses counts the people who came in through it.
ALTER TABLE invitations
  MODIFY email VARCHAR(254) NULL,
  ADD COLUMN uses INT UNSIGNED NOT NULL DEFAULT 0 AFTER accepted_by;

-- Failed attempts from one client address (REMOTE_ADDR as nginx passes
-- it), per kind of attempt: a sign-in ('login'), an invitation token
-- ('invitation'), a campaign link ('join'), and whatever else a visitor
-- may guess at (password reset tokens). subject_hash is the SHA-256 of
-- what was tried (the account's email, the token): the limit counts
-- DISTINCT subjects over a sliding window, so one person retrying their
-- own account (or one dead link shared by an office) is not an attack,
-- while walking through accounts or tokens is. Past the limit the address
-- backs off, each further distinct subject doubling the wait after its
-- last failure (fcgi/handlers/throttle.c). A successful sign-in forgets
-- that account's rows of that address. Rows older than a day are purged.
CREATE TABLE address_attempts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          VARCHAR(32) CHARACTER SET ascii NOT NULL,
  address       VARCHAR(64) CHARACTER SET ascii NOT NULL,
  subject_hash  CHAR(64) CHARACTER SET ascii NOT NULL,
  at            DATETIME(3) NOT NULL,
  KEY address_attempts_window (kind, address, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- login_failures keeps counting per account; its 'address' rows are no
-- longer written (the address limit lives in address_attempts now).

-- Sessions a person can list and end one by one: an id to name one by
-- (never the token or its hash), the User-Agent it signed in with, and
-- when it was last used (marked at most once a minute: marking changes
-- nothing a cached session holds, so it does not bump the auth epoch).
ALTER TABLE sessions
  ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE FIRST,
  ADD COLUMN user_agent VARCHAR(255) NULL AFTER csrf_token,
  ADD COLUMN last_seen_at DATETIME NULL AFTER created_at;
