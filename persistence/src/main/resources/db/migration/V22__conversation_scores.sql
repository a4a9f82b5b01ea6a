-- Every closed conversation scored by a judge model (docs/evaluations.md, "Every conversation
-- scored"). The projection marks a customer's conversation 'pending' as it folds its close, in the
-- transaction of its row, so a conversation closed while no node scored is scored later; a node
-- scoring it holds it until score_lease_until, and then writes its outcome: 'scored' (the score
-- from 1 to 5, resolved, grounded, tone and the judge's reason), 'error' (the judge failed or broke
-- its schema: the reason, never a score) or 'skipped' (not in the tenant's sample, or past its
-- daily token cap). The projection's own writes never name these columns.
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_state VARCHAR(16);
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score INT;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_resolved BOOLEAN;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_grounded BOOLEAN;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_tone VARCHAR(16);
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_reason VARCHAR(500);
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS scored_at BIGINT;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS score_lease_until BIGINT;
-- The conversations waiting for their score, found without reading the others.
CREATE INDEX IF NOT EXISTS conversation_score_state ON conversation (score_state, closed_at);
-- The list filtered or sorted by score, and the analytics' quality figures of a range.
CREATE INDEX IF NOT EXISTS conversation_scored ON conversation (tenant, score, started_at, session_id);

-- The tokens the judge spent scoring a tenant's conversations on a UTC day, against its daily cap.
CREATE TABLE IF NOT EXISTS quality_token_use (
  tenant VARCHAR(64) NOT NULL,
  used_on DATE NOT NULL,
  tokens BIGINT NOT NULL,
  PRIMARY KEY (tenant, used_on)
);
