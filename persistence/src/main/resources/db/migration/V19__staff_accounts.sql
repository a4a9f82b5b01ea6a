-- Staff accounts that sign in with an email and a password (JdbcStaffAccounts), shared by every node
-- so that a sign-in, a lockout or a removal holds on all of them. password_hash is an Argon2id hash in
-- its PHC string form (the salt and the cost inside), never the password. roles is a comma-separated
-- list of operator, admin and agent. failed_sign_ins counts the wrong passwords since the last right
-- one; locked_until NULL: not locked.
CREATE TABLE IF NOT EXISTS staff_accounts (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  tenant VARCHAR(63) NOT NULL,
  email VARCHAR(254) NOT NULL,
  roles VARCHAR(64) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  failed_sign_ins INTEGER NOT NULL,
  locked_until TIMESTAMP WITH TIME ZONE,
  CONSTRAINT staff_accounts_email UNIQUE (email)
);
CREATE INDEX IF NOT EXISTS staff_accounts_tenant ON staff_accounts (tenant, email);

-- A signed-in browser: the SHA-256 (hex) of the random secret its HttpOnly cookie holds. Removed on
-- sign-out and with the account's password reset; expired ones are removed as new ones are made.
CREATE TABLE IF NOT EXISTS staff_sessions (
  sha256 CHAR(64) NOT NULL PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_sessions_account ON staff_sessions (account_id);

-- Single-use links: the node's first-run setup link (kind setup), an invitation to a tenant (kind
-- invitation: tenant, email and roles of the account it makes), an admin's password reset (kind
-- reset: account_id). Only the SHA-256 (hex) of the link's secret is stored; used_at NULL: not used.
CREATE TABLE IF NOT EXISTS staff_links (
  sha256 CHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  tenant VARCHAR(63),
  email VARCHAR(254),
  roles VARCHAR(64),
  account_id VARCHAR(64),
  created_by VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS staff_links_kind ON staff_links (kind, used_at);
