#!/usr/bin/env bash
# A cluster losing a node, as docs/performance.md measures it: three nodes of each jar (java -jar,
# each its own JVM) on a new PostgreSQL database of their own; failover.js, a process of its own,
# opens SESSIONS chat sessions through the first two nodes and leaves them open; then the third
# node is killed with SIGKILL, and the customers of its sessions (and as many of the others) all
# come back at once through the survivors, each until its message is acked.
#
#   bench/out-of-process/failover.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): SESSIONS (6000), CONCURRENCY (starts under way at once; 48), PROBES
# (customers of each group at most; 500), XMX (1g a node), and the PostgreSQL server as PGHOST,
# PGPORT, PGUSER (127.0.0.1, 5432, postgres; trust authentication, as on the development
# machines). PARLEY_* variables set by the caller reach the nodes (those set here win).
# TRACE, a directory: the nodes log as text with Pekko's sharding and split-brain-resolver loggers
# at DEBUG (logback-trace.xml), their logs are kept there (a directory per run), and
# failover-steps.js prints the failover's steps from the survivors' logs.
# Prints JSON lines and a Markdown table at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings sessions=SESSIONS:6000 concurrency=CONCURRENCY:48 probes=PROBES:500 xmx=XMX:1g trace=TRACE:
java_options=("-Xmx$xmx")
[ -z "$trace" ] || java_options+=("-Dlogback.configurationFile=$here/logback-trace.xml" "-Dpekko.loglevel=DEBUG")

sql() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -At "$@"; }
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Members Up, as the first node's management port lists them.
members() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:${management[0]}/cluster/members" | grep -o '"status":"Up"' | wc -l; }
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  db="parley_failover_${name}_$$"
  sql -d postgres -c "CREATE DATABASE $db" >/dev/null
  http=(); cluster=(); management=(); pid=()
  for i in 0 1 2; do http+=("$(free_port)"); cluster+=("$(free_port)"); management+=("$(free_port)"); done
  for i in 0 1 2; do
    PARLEY_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" PARLEY_DB_USER="$PGUSER" PARLEY_CLUSTER_HOST=127.0.0.1 \
      PARLEY_SEED_NODES="127.0.0.1:${cluster[0]},127.0.0.1:${cluster[1]}" PARLEY_OPS_TOKEN="$token" \
      start_node "$name-$i" "$jar" "${http[$i]}" "${cluster[$i]}" "${management[$i]}" "${java_options[@]}"
    pid+=("$node_pid")
  done
  for i in 0 1 2; do await_ready "${http[$i]}" 240; done
  for _ in $(seq 120); do [ "$(members)" = 3 ] && break; sleep 0.5; done
  node "$here/failover.js" open "${http[0]},${http[1]}" "$sessions" "$work/ids-$name" "$concurrency" \
    | record "$name" open
  shards="$(sql -d "$db" -c "SELECT setting FROM cluster_settings WHERE name = 'number-of-shards'" 2>/dev/null || true)"
  shards="${shards:-1000}"
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:${management[2]}/cluster/shards/ChatSession" \
    | grep -o '"shardId":"[0-9]*"' | grep -o '[0-9]*' > "$work/victim-$name"
  kill -9 "${pid[2]}"
  killed_at=$(date +%s%3N)
  wait "${pid[2]}" 2>/dev/null || true
  node "$here/failover.js" probe "${http[0]},${http[1]}" "$work/ids-$name" "$work/victim-$name" "$shards" "$killed_at" "$probes" \
    | while read -r line; do echo "{\"node\":\"$name\",\"shards\":$shards,\"probe\":$line}" | tee -a "$results"; done
  probe_ended=$(date +%s%3N)
  if [ -n "$trace" ]; then
    # One directory per run: a jar named twice (alternated runs) appends to the same node logs.
    run_logs="$trace/$name-$killed_at"
    mkdir -p "$run_logs"
    cp "$work/node-$name-"*.log "$run_logs/"
    node "$here/failover-steps.js" "$killed_at" "$probe_ended" "$work/node-$name-0.log" "$work/node-$name-1.log"
  fi
  stop_node "${pid[0]}" "${pid[1]}"
  sql -d postgres -c "DROP DATABASE $db" >/dev/null
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
console.log("\n| node | shards | sessions | starts/s | customers of | sessions there | customers | acked after the kill p50 ms | p90 | p99 | max | asked again | not acked in 60 s |");
console.log("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows.filter(r => r.probe)) {
  const o = rows.find(x => x.node === r.node && x.open).open;
  const p = r.probe;
  console.log(`| ${r.node} | ${r.shards} | ${o.opened} | ${o.startsPerSecond} | ${p.group === "killedNode" ? "the killed node" : "the survivors"} | ${p.sessionsInGroup} | ${p.customers} | ${p.p50} | ${p.p90} | ${p.p99} | ${p.max} | ${p.askedAgain} | ${p.notAckedIn60s} |`);
}
' "$results"
