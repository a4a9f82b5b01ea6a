-- Crypto-shredding (docs/security.md, "Erasure and export"): each session's journal events and
-- snapshots are sealed (AES-256-GCM) with the session's data key. data_key holds that key wrapped
-- (AES-GCM) by its tenant's key, indexed by the session's user (NULL: anonymous) and its start.
-- Erasing a session deletes the key and the user id, and keeps the row as a tombstone
-- (wrapped_key NULL, erased_at set): every node then reads the session as erased.
-- tenant_key holds each tenant's key wrapped by the root key (PARLEY_ROOT_KEY_FILE or
-- PARLEY_ROOT_KEY; root_key_id tells which root key wrapped it). Without a configured root key the
-- nodes share one generated into root_key, which protects nothing at rest but lets erasure work.

CREATE TABLE IF NOT EXISTS root_key (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
-- [h2]
  key_bytes VARBINARY NOT NULL,
-- [postgres]
  key_bytes BYTEA NOT NULL,
-- [end]
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS tenant_key (
  tenant VARCHAR(255) NOT NULL PRIMARY KEY,
  root_key_id VARCHAR(16) NOT NULL,
-- [h2]
  wrapped_key VARBINARY NOT NULL,
-- [postgres]
  wrapped_key BYTEA NOT NULL,
-- [end]
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS data_key (
  tenant VARCHAR(255) NOT NULL,
  session_id VARCHAR(64) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(255),
-- [h2]
  wrapped_key VARBINARY,
-- [postgres]
  wrapped_key BYTEA,
-- [end]
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  erased_at TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (tenant, session_id)
);

CREATE INDEX IF NOT EXISTS data_key_user ON data_key (tenant, user_id);
CREATE INDEX IF NOT EXISTS data_key_created ON data_key (tenant, created_at);
