-- Indexes for the conversation list's filters (JdbcConversations.page, docs/performance.md): a page is
-- the newest (or oldest) 50 of a tenant's conversations that match, so each index keeps the start
-- order after the column it narrows to, and a rare value is found without reading every row.
CREATE INDEX IF NOT EXISTS conversation_channel ON conversation (tenant, channel, started_at, session_id);
CREATE INDEX IF NOT EXISTS conversation_rating ON conversation (tenant, rating, started_at, session_id);

-- A tag's conversations in start order, read from the tag's rows: the conversation's start is kept
-- beside its tag (it never changes), so a page of a rare tag reads 50 tags, not every conversation.
ALTER TABLE conversation_tag ADD COLUMN started_at BIGINT;
UPDATE conversation_tag t SET started_at = (SELECT c.started_at FROM conversation c
  WHERE c.tenant = t.tenant AND c.session_id = t.session_id);
DELETE FROM conversation_tag WHERE started_at IS NULL;
ALTER TABLE conversation_tag ALTER COLUMN started_at SET NOT NULL;
CREATE INDEX IF NOT EXISTS conversation_tag_started ON conversation_tag (tenant, tag, started_at, session_id);
DROP INDEX IF EXISTS conversation_tag_by_tag;
