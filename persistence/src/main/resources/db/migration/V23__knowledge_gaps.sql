-- The questions a tenant's bot could not answer (docs/analytics.md#knowledge-gaps; JdbcKnowledgeGaps):
-- the customer's words with their personal data replaced by placeholders, why they count, and their
-- sentence embedding (little-endian float32, as in user_memory), so that grouping them into topics
-- embeds nothing when it is read. Sessions of the draft configuration and of evaluations leave none.
-- A session's rows go when its data is erased. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS knowledge_gap (
  tenant VARCHAR(63) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  asked_at BIGINT NOT NULL,
  user_id VARCHAR(128),
  reason VARCHAR(16) NOT NULL,
  question VARCHAR(500) NOT NULL,
-- [h2]
  embedding VARBINARY NOT NULL
-- [postgres]
  embedding BYTEA NOT NULL
-- [end]
);
-- A window of a tenant's questions, read in the order they were asked.
CREATE INDEX IF NOT EXISTS knowledge_gap_asked ON knowledge_gap (tenant, asked_at);
CREATE INDEX IF NOT EXISTS knowledge_gap_session ON knowledge_gap (tenant, session_id);
