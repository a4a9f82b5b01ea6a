-- A column a later release adds to a table of schema version 18.
-- [h2]
ALTER TABLE tenants ADD COLUMN note VARCHAR(1000000);
-- [postgres]
ALTER TABLE tenants ADD COLUMN note TEXT;
-- [end]
