-- Every version of a knowledge-base document that came from a knowledge source (KnowledgeBase in
-- tools): what the bot knew on a given day. A version is written with the document, in its
-- transaction; retired_at is set when the source no longer has the page, and its document leaves
-- the index. Kept after the document itself is gone, until the tenant deletes the source.
-- [h2]
-- The same table as PostgreSQL's, with H2's name for TEXT.
-- [end]

CREATE TABLE IF NOT EXISTS kb_document_version (
  tenant VARCHAR(255) NOT NULL,
  document_id VARCHAR(64) NOT NULL,
  version INTEGER NOT NULL,
  title VARCHAR(300) NOT NULL,
  source VARCHAR(500) NOT NULL,
  content_hash VARCHAR(64) NOT NULL,
-- [h2]
  content VARCHAR NOT NULL,
-- [postgres]
  content TEXT NOT NULL,
-- [end]
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (tenant, document_id, version)
);
