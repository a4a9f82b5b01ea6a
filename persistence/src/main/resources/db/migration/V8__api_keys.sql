-- API keys created through the API (POST /v1/keys; JdbcApiKeys), shared by every node so that a
-- key revoked on one stops working on all at once. Only the key's SHA-256 is stored (sha256, 64
-- hex digits, unique: it is what a presented key is looked up by). roles is a comma-separated
-- list of agent and admin; expires_at NULL never expires; revoked_at NULL is not revoked.
-- Configured keys (PARLEY_TENANTS) are not here.

CREATE TABLE IF NOT EXISTS api_keys (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  tenant VARCHAR(255) NOT NULL,
  name VARCHAR(100) NOT NULL,
  sha256 CHAR(64) NOT NULL,
  roles VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE,
  revoked_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT api_keys_sha256 UNIQUE (sha256)
);

CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys (tenant, created_at);
