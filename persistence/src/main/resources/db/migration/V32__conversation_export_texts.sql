-- What the conversations export prints of a conversation besides its figures, kept by the projection
-- from the session's events so that the export reads no session (docs/analytics.md#export): the
-- rating's comment and the tool calls (a JSON array), each with its personal data held as a keyed
-- hash of the value, and export_redaction, how they are redacted (the session's policy and the
-- hashes of the values its messages mentioned, in order). NULL for a conversation projected before
-- this migration, or by a node of the release before: the export then asks its session, as before.
-- Deleted with the row, so an erasure takes them too; the projection's row writes never name them.
-- [h2]
-- H2's name for TEXT (VARCHAR: up to 1,000,000 characters).
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS export_redaction VARCHAR(1000000);
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS rating_comment VARCHAR(1000000);
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS tool_calls VARCHAR(1000000);
-- [postgres]
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS export_redaction TEXT;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS rating_comment TEXT;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS tool_calls TEXT;
-- [end]
