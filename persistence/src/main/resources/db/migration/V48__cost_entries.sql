-- What calls and conversations cost (docs/operations.md#what-calls-cost): one row per use of a paid
-- engine (speech-to-text, text-to-speech, the model, the trunk), priced by the tenant's price table
-- when it was used, in nanos (billionths) of that table's currency. entry_key names the use once: a
-- retry inserts nothing. A tenant's spend in a budget period is the sum of its rows since the period
-- began, a conversation's cost the sum of its rows. No personal data: the session id and counts only.
CREATE TABLE IF NOT EXISTS cost_entry (
  tenant VARCHAR(128) NOT NULL,
  entry_key VARCHAR(400) NOT NULL,
  session_id VARCHAR(300) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  engine VARCHAR(128) NOT NULL,
  quantity BIGINT NOT NULL,
  amount_nanos BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (tenant, entry_key));
CREATE INDEX IF NOT EXISTS cost_entry_spend ON cost_entry (tenant, at);
CREATE INDEX IF NOT EXISTS cost_entry_session ON cost_entry (tenant, session_id);
