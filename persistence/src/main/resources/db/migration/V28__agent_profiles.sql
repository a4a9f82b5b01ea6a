-- What customers see of an agent, set by the agent in the console: display_name (NULL: the account's
-- name) and picture_url (NULL: none; an https URL the customer's browser loads, never fetched by a
-- node). Keyed by the agent id a console signs in as (a staff account's id, a token's subject or
-- key:<name>), so agents signed in through the organisation's provider have one too.
CREATE TABLE IF NOT EXISTS agent_profiles (
  tenant VARCHAR(63) NOT NULL,
  agent_id VARCHAR(255) NOT NULL,
  display_name VARCHAR(64),
  picture_url VARCHAR(500),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, agent_id)
);
