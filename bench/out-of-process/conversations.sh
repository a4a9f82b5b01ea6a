#!/usr/bin/env bash
# Measures the conversations read model at scale as staff see it: a new PostgreSQL database is
# filled with generated conversation rows and their tags by bulk SQL (conversations-seed.sql; no
# session is played; with search, its index too: conversations-seed-terms.sql; with the analytics'
# rollups, those too, by V17's backfill), then each jar runs
# as its own JVM on it, one after another, and conversations.js asks it over HTTP, from a process
# of its own, for filtered pages, searches and 90 days of analytics, ROUNDS times each. The database is dropped at the end.
#
#   ROWS=1000000 bench/out-of-process/conversations.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): ROWS (conversations, 1000000), DAYS (the days they started over, 120),
# ROUNDS (requests a case, 40), SLOW_MS (a case whose first answer takes longer is timed only once,
# 10000), SEARCH (0 leaves the search index empty, the longest part of the seed: the searches then
# find nothing; 1), PGHOST, PGPORT, PGUSER (127.0.0.1, 5432, postgres). The first jar creates the schema; a
# jar with a newer migration (an index) adds it when it starts, so give an older jar before a newer
# one. Prints one JSON line a case and jar, then a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings rows=ROWS:1000000 days=DAYS:120 rounds=ROUNDS:40 search=SEARCH:1
api_key="bench-conversations-$$-$RANDOM"
key_hash="$(printf %s "$api_key" | sha256sum | cut -d' ' -f1)"
database="parley_bench_conversations_$$"
new_database "$database"
# Midnight UTC today: the generated days end there, the 90 days of analytics too.
end_ms="$(( $(date -u +%s) / 86400 * 86400 * 1000 ))"
rollup_migration="$here/../../persistence/src/main/resources/db/migration/V17__conversation_rollup.sql"
seeded=""
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  http_port="$(free_port)"
  PARLEY_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database" PARLEY_DB_USER="$PGUSER" \
    PARLEY_TENANTS="{\"acme\": {\"apiKeys\": [{\"name\": \"bench\", \"sha256\": \"$key_hash\", \"roles\": [\"admin\"]}]}}" \
    start_node "$name" "$jar" "$http_port" "$(free_port)" "$(free_port)"
  await_ready "$http_port" 240 "$name"
  if [ -z "$seeded" ]; then
    psql -q -v ON_ERROR_STOP=1 -v rows="$rows" -v days="$days" -v end_ms="$end_ms" -v seed=0.42 \
      -f "$here/conversations-seed.sql" "$database" >&2
    # With conversation search, its blind index too, under the key the node made at its start.
    if [ "$search" = 1 ] && [ "$(psql -Atc "SELECT to_regclass('conversation_term') IS NOT NULL" "$database")" = t ]; then
      key="$(psql -Atc "SELECT setting FROM cluster_settings WHERE name = 'conversation-search-key'" "$database")"
      node "$here/conversations-terms.js" "$key" 2000 acme globex initech umbrella \
        | psql -q -v ON_ERROR_STOP=1 -v words=2000 -v seed=0.42 -f "$here/conversations-seed-terms.sql" "$database" >&2
    fi
    # With the analytics' rollups, theirs too: V17's backfill, the sums the projection would have kept.
    if [ "$(psql -Atc "SELECT to_regclass('conversation_rollup') IS NOT NULL" "$database")" = t ]; then
      sed -n '/^INSERT INTO conversation_rollup/,/;$/p' "$rollup_migration" | psql -q -v ON_ERROR_STOP=1 "$database" >&2
    fi
    seeded=yes
  fi
  load="$(cut -d' ' -f1 /proc/loadavg)"
  node "$here/conversations.js" "$http_port" "$api_key" "$rounds" "$end_ms" \
    | while read -r line; do echo "{\"node\":\"$name\",\"rows\":$rows,\"load\":$load,\"result\":$line}"; done \
    | tee -a "$results"
  stop_node "$node_pid"
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
console.log("\n| node | rows | load | case | found | p50 ms | p95 | p99 | max |");
console.log("|---|---:|---:|---|---:|---:|---:|---:|---:|");
for (const { node, rows: n, load, result: r } of rows) {
  if (r.unsupported) console.log(`| ${node} | ${n} | ${load} | ${r.case} | not supported: ${r.unsupported} | | | | |`);
  else if (r.failed) console.log(`| ${node} | ${n} | ${load} | ${r.case} | failed: ${r.failed} | | | | |`);
  else if (r.once) console.log(`| ${node} | ${n} | ${load} | ${r.case} | ${r.found} | once: ${r.once} | | | |`);
  else console.log(`| ${node} | ${n} | ${load} | ${r.case} | ${r.found} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} |`);
}
' "$results"
