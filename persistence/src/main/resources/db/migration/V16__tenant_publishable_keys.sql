-- The publishable keys of the tenants created through the API (JdbcTenants), one row a key, written
-- in the transaction of the tenant's row: the primary key makes a key belong to one tenant even
-- when two nodes store it for two tenants at the same moment. A key is held as its SHA-256 (hex).
CREATE TABLE IF NOT EXISTS tenant_publishable_key (
  key_sha256 CHAR(64) NOT NULL PRIMARY KEY,
  tenant VARCHAR(63) NOT NULL
);
-- A tenant's keys, replaced with its row.
CREATE INDEX IF NOT EXISTS tenant_publishable_key_tenant ON tenant_publishable_key (tenant);
