-- The conversation events' webhook outbox (docs/bot-config.md#conversation-events): one row an
-- event a tenant subscribed to, written by the conversations projection in the transaction of its
-- rows and offset, sent by each node's delivery worker. A worker claims a row (claimed_until) before
-- sending it, so two nodes never send one row at once; a conversation's rows go out in event_seq
-- order. The body holds ids, counts and names of events, never what anyone wrote. Times are epoch
-- milliseconds.
CREATE TABLE IF NOT EXISTS webhook_delivery (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  tenant VARCHAR(64) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  event_seq BIGINT NOT NULL,
  event VARCHAR(32) NOT NULL,
  body VARCHAR(4000) NOT NULL,
  status VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  retry_from BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  attempts INT NOT NULL,
  claimed_until BIGINT,
  last_error VARCHAR(500),
  finished_at BIGINT,
  UNIQUE (tenant, session_id, event_seq)
);
CREATE INDEX IF NOT EXISTS webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_delivery_conversation ON webhook_delivery (tenant, session_id, status, event_seq);
CREATE INDEX IF NOT EXISTS webhook_delivery_tenant ON webhook_delivery (tenant, status, created_at);
