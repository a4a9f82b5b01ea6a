-- The knowledge base per tenant (KnowledgeBase in tools): documents as ingested, their chunks with
-- embeddings, and a revision per tenant. Always read by tenant.
-- kb_document.content keeps the original text (Markdown, plain text or HTML) so a later chunker
-- can cut it again. kb_chunk.embedding: the chunk's unit vector as little-endian float32 (1536
-- bytes for MiniLM's 384 dimensions), ranked in Java like user_memory's; heading is the chunk's
-- heading path ("Returns > Refund timing"), empty when it has none.
-- kb_revision.revision grows by one with every change to a tenant's documents, in the same
-- transaction; each node compares it with the revision its in-memory index was built from.
-- [h2]
-- The same tables as PostgreSQL's, with H2's names for TEXT (VARCHAR: up to 1,000,000 characters) and BYTEA.
-- [end]

CREATE TABLE IF NOT EXISTS kb_document (
  tenant VARCHAR(255) NOT NULL,
  id VARCHAR(64) NOT NULL,
  title VARCHAR(300) NOT NULL,
  format VARCHAR(16) NOT NULL CHECK (format IN ('markdown', 'text', 'html')),
  source VARCHAR(500) NOT NULL,
-- [h2]
  content VARCHAR NOT NULL,
-- [postgres]
  content TEXT NOT NULL,
-- [end]
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, id)
);

CREATE TABLE IF NOT EXISTS kb_chunk (
  tenant VARCHAR(255) NOT NULL,
  document_id VARCHAR(64) NOT NULL,
  ordinal INTEGER NOT NULL,
-- [h2]
  heading VARCHAR NOT NULL,
  text VARCHAR NOT NULL,
  embedding VARBINARY NOT NULL,
-- [postgres]
  heading TEXT NOT NULL,
  text TEXT NOT NULL,
  embedding BYTEA NOT NULL,
-- [end]
  PRIMARY KEY (tenant, document_id, ordinal),
  FOREIGN KEY (tenant, document_id) REFERENCES kb_document (tenant, id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS kb_revision (
  tenant VARCHAR(255) NOT NULL PRIMARY KEY,
  revision BIGINT NOT NULL
);
