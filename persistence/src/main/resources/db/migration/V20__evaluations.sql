-- The tenants' evaluations (docs/evaluations.md; JdbcEvaluations): their test cases, and their runs
-- on a configuration. A case's document is the JSON its admin wrote, checked before it is stored.
-- A run's document holds its progress and, per case, the verdicts, transcript, tokens and time;
-- the node that runs it is named and says every few seconds that it is alive (alive_at), so that
-- a node starting again marks the runs it left running as interrupted, and any node marks so a
-- run whose node went silent. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS evaluation_case (
  tenant VARCHAR(63) NOT NULL,
  case_id VARCHAR(36) NOT NULL,
  name VARCHAR(200) NOT NULL,
-- [h2]
  document VARCHAR(1000000) NOT NULL,
-- [postgres]
  document TEXT NOT NULL,
-- [end]
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant, case_id)
);
CREATE TABLE IF NOT EXISTS evaluation_run (
  tenant VARCHAR(63) NOT NULL,
  run_id VARCHAR(36) NOT NULL,
  draft BOOLEAN NOT NULL,
  config_version INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  node VARCHAR(200) NOT NULL,
  started_at BIGINT NOT NULL,
  alive_at BIGINT NOT NULL,
  finished_at BIGINT,
-- [h2]
  document VARCHAR(10000000) NOT NULL,
-- [postgres]
  document TEXT NOT NULL,
-- [end]
  PRIMARY KEY (tenant, run_id)
);
-- The latest finished run of a configuration (the publish gate, a run's comparison with the live version).
CREATE INDEX IF NOT EXISTS evaluation_run_config ON evaluation_run (tenant, draft, config_version, started_at);
-- The running runs, by node and by when they were last heard of.
CREATE INDEX IF NOT EXISTS evaluation_run_status ON evaluation_run (status, node, alive_at);
