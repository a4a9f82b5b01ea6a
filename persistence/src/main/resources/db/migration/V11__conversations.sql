-- The conversations read model (ConversationProjection, docs/analytics.md): one row a session,
-- folded from its journal's events; no message text and nothing the customer wrote. Times are
-- epoch milliseconds, durations milliseconds.
CREATE TABLE IF NOT EXISTS conversation (
  tenant VARCHAR(64) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  user_id VARCHAR(128),
  channel VARCHAR(16) NOT NULL,
  started_at BIGINT NOT NULL,
  last_event_at BIGINT NOT NULL,
  closed_at BIGINT,
  status VARCHAR(16) NOT NULL,
  resolved_by VARCHAR(16),
  handoff_asked_at BIGINT,
  handoff_taken_at BIGINT,
  handoff_wait_ms BIGINT,
  user_messages INT NOT NULL,
  bot_messages INT NOT NULL,
  agent_messages INT NOT NULL,
  notices INT NOT NULL,
  unanswered_since BIGINT,
  first_response_ms BIGINT,
  answer_ms_total BIGINT NOT NULL,
  answers INT NOT NULL,
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  priced_provider VARCHAR(64),
  cost_usd DOUBLE PRECISION NOT NULL,
  lead_score INT,
  lead_qualified BOOLEAN NOT NULL,
  rating INT,
  language VARCHAR(16),
  voice_seconds BIGINT NOT NULL,
  PRIMARY KEY (tenant, session_id)
);
CREATE INDEX IF NOT EXISTS conversation_started ON conversation (tenant, started_at, session_id);
CREATE INDEX IF NOT EXISTS conversation_user ON conversation (tenant, user_id);

-- Tags staff put on a conversation.
CREATE TABLE IF NOT EXISTS conversation_tag (
  tenant VARCHAR(64) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  tag VARCHAR(64) NOT NULL,
  PRIMARY KEY (tenant, session_id, tag)
);
CREATE INDEX IF NOT EXISTS conversation_tag_by_tag ON conversation_tag (tenant, tag);

-- pekko-projection-jdbc's offsets, committed in the transaction of the rows above (exactly once).
CREATE TABLE IF NOT EXISTS pekko_projection_offset_store (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  current_offset VARCHAR(255) NOT NULL,
  manifest VARCHAR(4) NOT NULL,
  mergeable BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY (projection_name, projection_key)
);
CREATE INDEX IF NOT EXISTS projection_name_index ON pekko_projection_offset_store (projection_name);

CREATE TABLE IF NOT EXISTS pekko_projection_management (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  paused BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY (projection_name, projection_key)
);
