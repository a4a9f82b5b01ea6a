-- The search index of the generated conversations (conversations.sh, once the node has the
-- conversation_term table): each conversation holds 4 to 9 words of the vocabulary
-- (conversations-terms.js, on psql's standard input), drawn so that a few words are in many
-- conversations ("refund", rank 5, in about 7 %) and most in few ("chargeback", rank 1500, in about
-- 0.2 %). The same :seed makes the same rows.
-- node conversations-terms.js <key> 2000 acme ... | psql -v words=2000 -v seed=0.42 -f conversations-seed-terms.sql
CREATE TEMP TABLE vocabulary (tenant VARCHAR(64) NOT NULL, rank INT NOT NULL, term BIGINT NOT NULL,
  PRIMARY KEY (tenant, rank));
\copy vocabulary FROM pstdin CSV
SELECT setseed(:seed);
-- Each conversation draws its own words: a memoized lateral would reuse one draw for every
-- conversation of the same length.
SET enable_memoize = off;
INSERT INTO conversation_term (tenant, term, session_id)
SELECT c.tenant, v.term, c.session_id
FROM conversation c
CROSS JOIN LATERAL (SELECT DISTINCT floor(power(random(), 3) * :words)::int AS rank
                    FROM generate_series(1, 3 + least(c.user_messages, 6))) picked
JOIN vocabulary v ON v.tenant = c.tenant AND v.rank = picked.rank;
VACUUM ANALYZE conversation_term;
SELECT count(*) AS terms FROM conversation_term;
