-- A conversation counts from its customer's first message (docs/analytics.md, "What counts as a
-- conversation"): a session the customer never wrote or spoke in (a page that loaded the widget, a
-- greeting nobody answered) is in neither the figures nor the list of conversations, and neither is
-- a test conversation (an admin trying the draft configuration), marked by test. Rows folded before
-- this version are not marked as tests (the read model never kept whether a session tried the
-- draft); the customer-message rule covers them as they are.
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS test BOOLEAN NOT NULL DEFAULT FALSE;

-- The rollups lose the shares of the sessions without a customer message, so an upgraded node's
-- figures leave its earlier empty sessions out too. Such a session has no customer message to
-- answer, so no first response, cached answer, lead or saved cost: only these quantities can be
-- in its share.
UPDATE conversation_rollup SET
  conversations = conversations - (SELECT COALESCE(SUM(1), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  closed = closed - (SELECT COALESCE(SUM(CASE WHEN resolved_by IS NOT NULL THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  contained = contained - (SELECT COALESCE(SUM(CASE WHEN resolved_by = 'bot' THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  handoffs_asked = handoffs_asked - (SELECT COALESCE(SUM(CASE WHEN handoff_asked_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  handoffs_taken = handoffs_taken - (SELECT COALESCE(SUM(CASE WHEN handoff_wait_ms IS NOT NULL THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  handoff_wait_ms = handoff_wait_ms - (SELECT COALESCE(SUM(COALESCE(handoff_wait_ms, 0)), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  bot_messages = bot_messages - (SELECT COALESCE(SUM(bot_messages), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  agent_messages = agent_messages - (SELECT COALESCE(SUM(agent_messages), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  rated_1 = rated_1 - (SELECT COALESCE(SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  rated_2 = rated_2 - (SELECT COALESCE(SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  rated_3 = rated_3 - (SELECT COALESCE(SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  rated_4 = rated_4 - (SELECT COALESCE(SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  rated_5 = rated_5 - (SELECT COALESCE(SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  prompt_tokens = prompt_tokens - (SELECT COALESCE(SUM(prompt_tokens), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  completion_tokens = completion_tokens - (SELECT COALESCE(SUM(completion_tokens), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  cost_usd = cost_usd - (SELECT COALESCE(SUM(cost_usd), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language),
  voice_seconds = voice_seconds - (SELECT COALESCE(SUM(voice_seconds), 0) FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
    AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
    AND COALESCE(c.language, '') = conversation_rollup.language)
WHERE EXISTS (SELECT 1 FROM conversation c WHERE c.user_messages = 0 AND c.tenant = conversation_rollup.tenant
  AND c.started_at / 3600000 * 3600000 = conversation_rollup.started_hour AND c.channel = conversation_rollup.channel
  AND COALESCE(c.language, '') = conversation_rollup.language);

-- A rollup row of empty sessions only is a row of no conversation, which no writer keeps.
DELETE FROM conversation_rollup WHERE conversations = 0;
