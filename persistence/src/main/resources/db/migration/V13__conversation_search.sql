-- Conversation search's blind index (docs/analytics.md, "Search"): one row for each distinct word
-- a conversation's customer, bot or agent wrote, the word held only as its term, the first 64 bits
-- of a keyed HMAC (BlindIndex), never as text. Written by the conversations projection in the
-- transaction of the conversation's row; deleted with it.
CREATE TABLE IF NOT EXISTS conversation_term (
  tenant VARCHAR(64) NOT NULL,
  term BIGINT NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (tenant, term, session_id)
);
-- A conversation's terms, for its erasure.
CREATE INDEX IF NOT EXISTS conversation_term_session ON conversation_term (tenant, session_id);
-- [postgres]
-- A search is planned from how common each of its words is: keep the frequencies of the 1,000 most
-- common terms, not the default 100, so that a common word is known as one.
ALTER TABLE conversation_term ALTER COLUMN term SET STATISTICS 1000;
-- [end]
