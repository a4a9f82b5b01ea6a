-- The experiment a conversation was started in and its arm ('live' or 'candidate'), NULL for one
-- started outside any: written once, from the session's start; an experiment's figures are read by them.
ALTER TABLE conversation ADD COLUMN experiment INTEGER;
ALTER TABLE conversation ADD COLUMN experiment_arm VARCHAR(16);
CREATE INDEX conversation_experiment ON conversation (tenant, experiment);
