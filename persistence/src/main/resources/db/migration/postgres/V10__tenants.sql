-- Tenants created through the API (PUT /v1/tenants/{tenant}; JdbcTenants), read by every node
-- (TenantDirectory). document is the tenant's entry as the operator last wrote it, the same JSON
-- object as an entry of PARLEY_TENANTS, its token secret included: the database is as private as
-- the environment that holds PARLEY_TENANTS. Tenants named in PARLEY_TENANTS are not here.
CREATE TABLE IF NOT EXISTS tenants (
  tenant VARCHAR(63) NOT NULL PRIMARY KEY,
  document TEXT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by VARCHAR(200) NOT NULL
);
