-- More of the conversations read model (docs/analytics.md): answers the answer cache served and
-- what they saved, and the knowledge-base articles the bot's searches found, per tenant and UTC
-- day (article ids and titles, the tenant's own help centre; nothing the customer wrote). Each
-- projection slice counts in rows of its own, so one writer a row: the figures add the slices up.
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS cached_answers INT NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS saved_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS saved_cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS conversation_language ON conversation (tenant, language, started_at);

CREATE TABLE IF NOT EXISTS kb_article_use (
  tenant VARCHAR(64) NOT NULL,
  used_on DATE NOT NULL,
  document_id VARCHAR(64) NOT NULL,
  slice VARCHAR(16) NOT NULL,
  title VARCHAR(300) NOT NULL,
  uses BIGINT NOT NULL,
  PRIMARY KEY (tenant, used_on, document_id, slice)
);

-- The outbox's delivered (and long-failed) rows are pruned by their finish.
CREATE INDEX IF NOT EXISTS webhook_delivery_finished ON webhook_delivery (status, finished_at);
