-- 001: organizations, people, sessions, invitations, login throttling,
-- platform settings. Times are UTC (DATETIME), text is utf8mb4.

CREATE TABLE orgs (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY orgs_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email          VARCHAR(254) NOT NULL,  -- stored lower-case
  name           VARCHAR(100) NOT NULL,
  password_hash  VARCHAR(255) NOT NULL,  -- libsodium Argon2id string
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE memberships (
  org_id      BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  role        ENUM('owner','admin','supervisor','texter') NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (org_id, user_id),
  KEY memberships_user (user_id),
  CONSTRAINT memberships_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT memberships_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only a hash of the session token is stored: a database dump logs no one in.
CREATE TABLE sessions (
  token_hash  CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  csrf_token  CHAR(43) CHARACTER SET ascii NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at  DATETIME NOT NULL,
  KEY sessions_user (user_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invitations (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id       BIGINT UNSIGNED NOT NULL,
  email        VARCHAR(254) NOT NULL,
  role         ENUM('owner','admin','supervisor','texter') NOT NULL,
  token_hash   CHAR(64) CHARACTER SET ascii NOT NULL,
  invited_by   BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at   DATETIME NOT NULL,
  accepted_at  DATETIME NULL,
  accepted_by  BIGINT UNSIGNED NULL,
  revoked_at   DATETIME NULL,
  UNIQUE KEY invitations_token (token_hash),
  KEY invitations_org (org_id, id),
  CONSTRAINT invitations_org FOREIGN KEY (org_id) REFERENCES orgs (id),
  CONSTRAINT invitations_by FOREIGN KEY (invited_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per failed login, per account and per client address; counted
-- over a sliding window.
CREATE TABLE login_failures (
  id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  scope    ENUM('account','address') NOT NULL,
  subject  VARCHAR(254) NOT NULL,
  at       DATETIME NOT NULL,
  KEY login_failures_subject (scope, subject, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Platform-wide switches (provisioning-based launching, wait minutes, ...).
CREATE TABLE settings (
  name   VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  value  VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO settings (name, value) VALUES
  ('provisioning_launch', 'on'),
  ('incident_wait_minutes', '10');
