-- Files as a knowledge source (docs/knowledge-sources.md#files): files and zips uploaded by a
-- tenant's admins belong to a source of kind 'files', whose pages are the uploaded files (url: the
-- file's name, or the zip's name, '!/' and the entry's path) with what the last upload did with
-- each. A files source has no URL and no schedule: it syncs when files are uploaded to it.
-- The kind's CHECK is replaced to admit 'files'. PostgreSQL named the first one kb_source_kind_check;
-- H2 gave it a name of its own, so there the column is replaced, which drops its CHECK with it.
-- [h2]
ALTER TABLE kb_source ADD COLUMN source_kind VARCHAR(16);
UPDATE kb_source SET source_kind = kind;
ALTER TABLE kb_source DROP COLUMN kind;
ALTER TABLE kb_source ALTER COLUMN source_kind RENAME TO kind;
ALTER TABLE kb_source ALTER COLUMN kind SET NOT NULL;
-- [postgres]
ALTER TABLE kb_source DROP CONSTRAINT IF EXISTS kb_source_kind_check;
-- [end]
ALTER TABLE kb_source ADD CONSTRAINT kb_source_kind CHECK (kind IN ('website', 'zendesk', 'intercom', 'files'));
