-- Long-term memory per user (JdbcUserMemory): one row per remembered item of a closed session,
-- its episode (the summary) first and then its pinned facts, numbered by ordinal from 0; always
-- read by tenant AND user. remember() replaces a session's rows in one transaction; the primary
-- key makes a concurrent retry of the same session collide instead of duplicating them, and its
-- leading columns are the (tenant, user_id) index every query uses.
-- embedding: the text's unit vector as little-endian float32 (1536 bytes for MiniLM's 384
-- dimensions). Ranked in Java, so no vector type is needed; pgvector is the upgrade path.
-- [h2]
-- The same table as PostgreSQL's, with H2's names for TEXT (VARCHAR: up to 1,000,000 characters) and BYTEA.
-- [end]

CREATE TABLE IF NOT EXISTS user_memory (
  tenant VARCHAR(255) NOT NULL,
  user_id VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  ordinal INTEGER NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('episodic', 'semantic')),
  name VARCHAR(100) NOT NULL,
-- [h2]
  text VARCHAR NOT NULL,
  embedding VARBINARY NOT NULL,
-- [postgres]
  text TEXT NOT NULL,
  embedding BYTEA NOT NULL,
-- [end]
  source_seq BIGINT,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  session_closed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, user_id, session_id, ordinal)
);
