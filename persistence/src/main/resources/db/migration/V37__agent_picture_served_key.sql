-- The name customers' browsers load an agent's picture by (JdbcAgentPictures): 32 random hex digits,
-- new with every upload, so no one computes it from a tenant and an agent's id, and a browser never
-- shows a replaced picture from its cache. Expand only: a row without one (uploaded before, or by a
-- node of the release before) is given one when a node first names the picture.
ALTER TABLE agent_pictures ADD COLUMN served_key VARCHAR(64);
CREATE UNIQUE INDEX agent_pictures_served_key ON agent_pictures (served_key);
