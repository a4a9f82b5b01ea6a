-- The failures of sessions (docs/operations.md#failed-safe-sessions), counted outside their
-- journals by JdbcSessionFailures: a session whose count reaches the node's bound is failed-safe,
-- read before its journal is replayed. kind: recovery or command; reason: the failure's exception
-- types only, never a message or anything the customer wrote; times in epoch milliseconds. Staff
-- retrying the session delete its row.
CREATE TABLE IF NOT EXISTS session_failure (
  tenant VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('recovery', 'command')),
  reason VARCHAR(255) NOT NULL,
  failures INTEGER NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (tenant, session_id)
);
