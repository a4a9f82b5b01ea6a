#!/usr/bin/env bash
# Measures what the conversations projection costs a node at its full chat throughput, and how far
# it falls behind: the jar runs as its own JVM on a new PostgreSQL database, offline (answers at
# once, so the node's own ceiling shows), once with the projection on and once off
# (PARLEY_CONVERSATIONS_ENABLED), ROUNDS times alternately. Customers (load.js) send messages as
# fast as they are answered, conversations of CONVERSATION messages; meanwhile projection-lag.js
# samples parley_conversations_lag_seconds. The node's CPU time is read from /proc over the load
# and SETTLE seconds after it (the projection's catching up included), divided by the messages; so
# is the CPU time of the run's database's PostgreSQL backends, when the server runs on this machine
# (0 otherwise).
#
#   ROUNDS=3 CUSTOMERS=32 SECONDS_PER_RUN=20 WARMUP=20000 bench/out-of-process/projection.sh main=http/target/parley-server.jar
#
# Settings (environment): ROUNDS (3), CUSTOMERS (32), SECONDS_PER_RUN (20), WARMUP (messages before
# each measured run, 20000, by 32 customers), CONVERSATION (messages a conversation, 50), SETTLE (3),
# PGHOST, PGPORT, PGUSER (127.0.0.1, 5432, postgres). Prints one JSON line a run, then a Markdown table
# with the rows the read model held after each run (none with the projection off).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${ROUNDS:-3}"
customers="${CUSTOMERS:-32}"
seconds="${SECONDS_PER_RUN:-20}"
warmup="${WARMUP:-20000}"
conversation="${CONVERSATION:-50}"
settle="${SETTLE:-3}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

. "$here/common.sh"
databases=()
cleanup_databases() { cleanup; for d in "${databases[@]}"; do dropdb --if-exists --force "$d" 2>/dev/null || true; done; }
trap cleanup_databases EXIT
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
# The CPU ticks of the backends serving database $1 (their process titles name it).
database_ticks() {
  local total=0 pid
  for pid in $(pgrep -f "^postgres: .* $1 " || true); do
    total=$((total + $(awk '{print $14 + $15}' /proc/"$pid"/stat 2>/dev/null || echo 0)))
  done
  echo "$total"
}

results="$work/results.jsonl"
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  for round in $(seq "$rounds"); do
    for projection in on off; do
      database="parley_bench_projection_$$_${name}_${round}_${projection}"
      createdb "$database"
      databases+=("$database")
      http_port="$(free_port)"
      enabled=true; [ "$projection" = on ] || enabled=false
      PARLEY_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database" PARLEY_DB_USER="$PGUSER" \
        PARLEY_CONVERSATIONS_ENABLED="$enabled" PARLEY_SESSION_TOKEN_BUDGET=1000000000 \
        PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000 PARLEY_ANSWER_CACHE=false \
        start_node "$name-$round-$projection" "$jar" "$http_port" "$(free_port)" "$(free_port)"
      for _ in $(seq 240); do ready "$http_port" && break; sleep 0.5; done
      ready "$http_port" || { cat "$work/node-$name-$round-$projection.log" >&2; exit 1; }
      node "$here/load.js" "$http_port" 32 0 "$(( (warmup + 31) / 32 ))" "$conversation" > /dev/null
      sleep "$settle"
      load="$(cut -d' ' -f1 /proc/loadavg)"
      ticks="$(cpu_ticks "$node_pid")"
      database_ticks_before="$(database_ticks "$database")"
      node "$here/projection-lag.js" "$http_port" "$((seconds + settle))" > "$work/lag.json" &
      sampler=$!
      line="$(node "$here/load.js" "$http_port" "$customers" "$seconds" 5 "$conversation")"
      sleep "$settle"
      ticks_after="$(cpu_ticks "$node_pid")"
      database_ticks_after="$(database_ticks "$database")"
      wait "$sampler"
      rows="$(psql -Atc 'SELECT count(*) FROM conversation' "$database")"
      echo "{\"node\":\"$name\",\"round\":$round,\"projection\":\"$projection\",\"load\":$load,\"run\":$line,\"lagMs\":$(cat "$work/lag.json"),\"nodeCpuMs\":$(((ticks_after - ticks) * 1000 / $(getconf CLK_TCK))),\"databaseCpuMs\":$(((database_ticks_after - database_ticks_before) * 1000 / $(getconf CLK_TCK))),\"conversationRows\":$rows}" \
        | tee -a "$results"
      kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
      # --force: a query the node left running (its connection not yet closed) would refuse the drop.
      dropdb --force "$database"
    done
  done
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = v => v === null || v === undefined ? "–" : v;
console.log("\n| node | round | projection | load | answers/s | ack p50 ms | ack p99 | node CPU ms per message | database CPU ms per message | lag p50 ms | lag p99 | lag max | conversation rows |");
console.log("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const lag = r.projection === "on" ? r.lagMs : {};
  console.log(`| ${r.node} | ${r.round} | ${r.projection} | ${r.load} | ${r.run.answersPerSecond} | ${f(r.run.ackP50)} | ${f(r.run.ackP99)} | ${(r.nodeCpuMs / r.run.acks).toFixed(3)} | ${(r.databaseCpuMs / r.run.acks).toFixed(3)} | ${f(lag.p50)} | ${f(lag.p99)} | ${f(lag.max)} | ${r.conversationRows} |`);
}
' "$results"
