-- Tenants created through the API (PUT /v1/tenants/{tenant}; JdbcTenants), read by every node
-- (TenantDirectory). document is the tenant's entry as the operator last wrote it, the same JSON
-- object as an entry of PARLEY_TENANTS, its token secret included: the database is as private as
-- the environment that holds PARLEY_TENANTS. Tenants named in PARLEY_TENANTS are not here.
-- [h2]
-- The same table as PostgreSQL's, with H2's name for TEXT (VARCHAR: up to 1,000,000 characters).
-- [end]
CREATE TABLE IF NOT EXISTS tenants (
  tenant VARCHAR(63) NOT NULL PRIMARY KEY,
-- [h2]
  document VARCHAR(1000000) NOT NULL,
-- [postgres]
  document TEXT NOT NULL,
-- [end]
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by VARCHAR(200) NOT NULL
);
