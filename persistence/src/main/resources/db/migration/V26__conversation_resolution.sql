-- Containment counts only the conversations the bot resolved (docs/analytics.md, "The figures"): a
-- conversation in which a person was asked for and none joined, or which the judge found
-- unresolved, is none. Rows folded before this version closed such conversations as the bot's;
-- the rollups lose their contained share, and those with a person asked for are abandoned.
-- (A row the judge found unresolved keeps resolved_by 'bot': the list and figures read it as
-- abandoned from its score.)
UPDATE conversation_rollup SET contained = contained - (SELECT COUNT(*) FROM conversation c
    WHERE c.resolved_by = 'bot' AND c.user_messages > 0 AND NOT c.test
    AND ((c.handoff_asked_at IS NOT NULL AND c.handoff_taken_at IS NULL) OR c.score_resolved = FALSE)
    AND c.tenant = conversation_rollup.tenant AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour
    AND c.channel = conversation_rollup.channel AND COALESCE(c.language, '') = conversation_rollup.language)
WHERE EXISTS (SELECT 1 FROM conversation c
    WHERE c.resolved_by = 'bot' AND c.user_messages > 0 AND NOT c.test
    AND ((c.handoff_asked_at IS NOT NULL AND c.handoff_taken_at IS NULL) OR c.score_resolved = FALSE)
    AND c.tenant = conversation_rollup.tenant AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour
    AND c.channel = conversation_rollup.channel AND COALESCE(c.language, '') = conversation_rollup.language);

UPDATE conversation SET resolved_by = 'abandoned'
WHERE resolved_by = 'bot' AND handoff_asked_at IS NOT NULL AND handoff_taken_at IS NULL;
