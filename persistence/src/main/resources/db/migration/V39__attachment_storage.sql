-- The bytes of the files each tenant's conversations hold (docs/attachments.md; JdbcStoredBytes):
-- counted up as a file is stored, down as erasure or retention deletes it, so that every node holds a
-- tenant to one storage quota. Files stored before this table existed are not counted.
CREATE TABLE IF NOT EXISTS attachment_storage (
  tenant VARCHAR(63) NOT NULL PRIMARY KEY,
  stored_bytes BIGINT NOT NULL
);
