-- A procedure run of a conversation (docs/analytics.md#procedures), folded by the conversations
-- projection from the session's procedure events: the procedure's name, the label of the step of
-- the run's last event (the ask a waiting run waits on), its outcome, and its times in epoch
-- milliseconds as the conversation's. Only names and labels of
-- the bot's configuration go in, nothing the customer wrote. waiting: the run's last event asked the
-- customer. A run still running when its conversation closes (asked or idle) is abandoned there if
-- waiting, else completed (a run whose last step was done records no end of its own). Deleted with
-- its conversation's row.
CREATE TABLE IF NOT EXISTS procedure_run (
  tenant VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  run_id VARCHAR(64) NOT NULL,
  procedure_name VARCHAR(64) NOT NULL,
  started_at BIGINT NOT NULL,
  step VARCHAR(255) NOT NULL,
  outcome VARCHAR(16) NOT NULL CHECK (outcome IN ('running', 'completed', 'handed_over', 'abandoned')),
  waiting BOOLEAN DEFAULT FALSE NOT NULL,
  ended_at BIGINT,
  PRIMARY KEY (tenant, session_id, run_id)
);
