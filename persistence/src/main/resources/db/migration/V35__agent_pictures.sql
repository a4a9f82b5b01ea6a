-- The pictures agents upload for customers to see (docs/agent-console.md; JdbcAgentPictures): stored
-- drawn again by the node (AgentPicture: at most 256 pixels a side, no metadata) and served from its
-- own origin under picture_key, a digest of the tenant and the agent's id, so a customer's browser
-- never loads an image from a host an agent named. One picture an agent; replaced whole.
CREATE TABLE IF NOT EXISTS agent_pictures (
  picture_key VARCHAR(64) NOT NULL PRIMARY KEY,
  tenant VARCHAR(63) NOT NULL,
  agent_id VARCHAR(255) NOT NULL,
  media_type VARCHAR(32) NOT NULL,
-- [h2]
  content VARBINARY NOT NULL,
-- [postgres]
  content BYTEA NOT NULL,
-- [end]
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
