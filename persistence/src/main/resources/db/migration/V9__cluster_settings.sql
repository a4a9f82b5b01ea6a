-- Settings every node of a cluster must share and that its stored sessions fix for good
-- (ShardCount): today, under the name number-of-shards, how many shards sharded entities
-- (sessions, workflows, budgets) are spread over. A remembered entity is restarted in the shard it
-- was remembered in, so the count must never change once the journal remembers any.
CREATE TABLE IF NOT EXISTS cluster_settings (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  setting VARCHAR(255) NOT NULL
);

-- A journal that already remembers sharded entities was written with Pekko's default of 1,000
-- shards, the only count Parley ran with before this table.
INSERT INTO cluster_settings (name, setting)
SELECT 'number-of-shards', '1000'
WHERE NOT EXISTS (SELECT 1 FROM cluster_settings WHERE name = 'number-of-shards')
  AND (EXISTS (SELECT 1 FROM event_journal WHERE persistence_id LIKE '/sharding/%')
    OR EXISTS (SELECT 1 FROM snapshot WHERE persistence_id LIKE '/sharding/%'));
