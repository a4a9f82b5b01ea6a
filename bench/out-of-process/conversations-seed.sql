-- Generated conversation rows for the read model's benchmark (conversations.sh), written straight
-- into PostgreSQL: :rows conversations over the :days days before :end_ms (epoch milliseconds),
-- four tenants (acme 70 %, globex 15 %, initech 10 %, umbrella 5 %), with the spread of a support
-- team's traffic: channels, statuses, resolutions, handoffs, ratings, lead scores, users who come
-- back, and staff's tags on a fifth of them. The same :seed makes the same rows.
-- psql -v rows=1000000 -v days=120 -v end_ms=... -v seed=0.42 -f conversations-seed.sql
SELECT setseed(:seed);

CREATE TEMP TABLE generated AS
SELECT n,
       CASE WHEN r1 < 0.70 THEN 'acme' WHEN r1 < 0.85 THEN 'globex' WHEN r1 < 0.95 THEN 'initech' ELSE 'umbrella' END
         AS tenant,
       md5(n::text || :'seed') AS id_hash,
       -- A day's later hours are busier: a start leans towards the evening.
       :end_ms::bigint - (floor(r2 * :days) * 86400000)::bigint - (floor(power(r3, 1.5) * 86400000))::bigint AS started_at,
       CASE WHEN r4 < 0.80 THEN 'chat' WHEN r4 < 0.90 THEN 'voice' ELSE 'phone' END AS channel,
       r5, r6, r7, r8, r9
FROM (SELECT n, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
             random() r8, random() r9
      FROM generate_series(1, :rows) n) draws;

INSERT INTO conversation (tenant, session_id, user_id, channel, started_at, last_event_at, closed_at, status,
    resolved_by, handoff_asked_at, handoff_taken_at, handoff_wait_ms, user_messages, bot_messages, agent_messages,
    notices, unanswered_since, first_response_ms, answer_ms_total, answers, prompt_tokens, completion_tokens,
    priced_provider, cost_usd, lead_score, lead_qualified, rating, language, voice_seconds)
SELECT tenant,
       substr(id_hash, 1, 8) || '-' || substr(id_hash, 9, 4) || '-4' || substr(id_hash, 14, 3) || '-a'
         || substr(id_hash, 18, 3) || '-' || substr(id_hash, 21, 12),
       'user-' || floor(power(r9, 2) * 200000)::int,
       channel, started_at, started_at + duration, CASE WHEN closed THEN started_at + duration END,
       CASE WHEN closed THEN 'closed' WHEN handoff >= 2 THEN 'with_agent' WHEN handoff = 1 THEN 'waiting' ELSE 'open' END,
       CASE WHEN NOT closed THEN NULL WHEN handoff >= 2 THEN 'agent' WHEN r6 < 0.12 THEN 'abandoned' ELSE 'bot' END,
       CASE WHEN handoff >= 1 THEN started_at + duration / 3 END,
       CASE WHEN handoff >= 2 THEN started_at + duration / 2 END,
       CASE WHEN handoff >= 2 THEN duration / 2 - duration / 3 END,
       user_messages, user_messages, CASE WHEN handoff >= 2 THEN 1 + user_messages / 2 ELSE 0 END,
       CASE WHEN handoff >= 1 THEN 1 ELSE 0 END, NULL,
       (400 + power(r7, 3) * 8000)::bigint, user_messages * (600 + (r7 * 1500)::bigint), user_messages,
       user_messages * 900, user_messages * 120, 'openai',
       user_messages * (900 * 0.15 + 120 * 0.60) / 1e6,
       CASE WHEN r8 < 0.35 THEN floor(r8 / 0.35 * 101)::int END,
       r8 < 0.35 AND r8 / 0.35 >= 0.7,
       CASE WHEN closed AND r7 < 0.30 THEN 1 + floor(power(r7 / 0.30, 0.6) * 5)::int END,
       NULL,
       CASE WHEN channel = 'chat' THEN 0 ELSE duration / 1000 END
FROM (SELECT *,
             -- Conversations of the last hours are still going on; older ones are closed.
             started_at < :end_ms::bigint - 3 * 3600000 OR r5 < 0.5 AS closed,
             CASE WHEN r5 < 0.75 THEN 0 WHEN r5 < 0.80 THEN 1 ELSE 2 END AS handoff,
             60000 + (power(r6, 2) * 1800000)::bigint AS duration,
             1 + floor(power(r6, 2) * 24)::int AS user_messages
      FROM generated) g;

-- Staff's tags: one on a fifth of the conversations, a second on a twentieth; a few tags are common, most rare.
CREATE TEMP TABLE generated_tags AS
SELECT c.tenant, c.session_id, c.started_at, (ARRAY['billing', 'refund', 'bug', 'login', 'shipping', 'feedback', 'vip',
    'churn-risk', 'upsell', 'legal', 'outage', 'escalated'])[1 + floor(power(random(), 2) * 12)::int] AS tag
FROM conversation c TABLESAMPLE BERNOULLI (20) REPEATABLE (42)
UNION
SELECT c.tenant, c.session_id, c.started_at, (ARRAY['priority', 'follow-up', 'duplicate'])[1 + floor(random() * 3)::int]
FROM conversation c TABLESAMPLE BERNOULLI (5) REPEATABLE (7);
-- A schema from V15 on keeps each tag's conversation start beside it.
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'conversation_tag'
  AND column_name = 'started_at') AS tags_have_starts \gset
\if :tags_have_starts
INSERT INTO conversation_tag (tenant, session_id, tag, started_at)
SELECT DISTINCT tenant, session_id, tag, started_at FROM generated_tags;
\else
INSERT INTO conversation_tag (tenant, session_id, tag) SELECT DISTINCT tenant, session_id, tag FROM generated_tags;
\endif

VACUUM ANALYZE conversation;
VACUUM ANALYZE conversation_tag;
SELECT tenant, count(*) AS conversations FROM conversation GROUP BY tenant ORDER BY tenant;
