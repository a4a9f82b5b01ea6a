-- Whether every phone user id an earlier version stored as a plain hash of the number has been keyed
-- (docs/security.md#phone-user-ids): one row, written by PhoneUserKeys once a pass left none while no
-- node of a release before keying was up (such a node still writes plain ids). A node that finds the
-- row skips the scan of user_memory, conversation, knowledge_gap and data_key at its start; without
-- it, as on every database until a node of this release has come up, the scan runs. keyed_at: when,
-- in epoch milliseconds.
CREATE TABLE IF NOT EXISTS phone_user_ids_keyed (
  id SMALLINT NOT NULL PRIMARY KEY CHECK (id = 1),
  keyed_at BIGINT NOT NULL
);
