#!/usr/bin/env bash
# A node restarting with many open sessions, as docs/performance.md measures it: each jar runs as
# its own JVM (java -jar) on a data directory of its own (H2); restart.js, a process of its own,
# opens SESSIONS chat sessions and leaves them (sockets closed, sessions open); then the node is
# killed with SIGKILL and started again on the same data, and customers come back to their
# sessions one after another while the node's shards restart every session they remember.
#
#   bench/out-of-process/restart.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): SESSIONS (12000), CONCURRENCY (starts under way at once; 48), PROBES
# (customers who come back, each to another session; 300), WATCH_SECONDS (how long the node's
# gauges, RSS and CPU are read after the restart; 60), WATCH_UNTIL_ALL_BACK (1: stop reading them
# sooner, at the first reading after the last customer that counts every session awake or asleep
# and every session no customer came back to asleep (the node wakes those by itself, a few a second,
# and each sleeps again after its replay); 0), XMX (2g). PARLEY_* variables set by the caller reach
# the node (those set here win), e.g. PARLEY_SESSION_RESTART_WAKES_PER_SECOND=50.
# Prints JSON lines and, at the end, Markdown tables.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings sessions=SESSIONS:12000 concurrency=CONCURRENCY:48 probes=PROBES:300 \
  watch_seconds=WATCH_SECONDS:60 watch_until_all_back=WATCH_UNTIL_ALL_BACK:0 xmx=XMX:2g

for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  http_port="$(free_port)"; cluster_port="$(free_port)"; management_port="$(free_port)"
  start_node "$name" "$jar" "$http_port" "$cluster_port" "$management_port" "-Xmx$xmx"
  await_ready "$http_port" 180
  node "$here/restart.js" open "$http_port" "$sessions" "$work/ids-$name" "$concurrency" \
    | record "$name" before
  kill -9 "$node_pid"; wait "$node_pid" 2>/dev/null || true
  started=$(date +%s%N)
  start_node "$name" "$jar" "$http_port" "$cluster_port" "$management_port" "-Xmx$xmx"
  until ready "$http_port"; do sleep 0.1; done
  echo "{\"node\":\"$name\",\"restartToReadyS\":$(( ($(date +%s%N) - started) / 1000000 ))e-3}" | tee -a "$results"
  node "$here/restart.js" probe "$http_port" "$work/ids-$name" "$probes" "$node_pid" "$watch_seconds" "$watch_until_all_back" \
    | record "$name" after
  stop_node "$node_pid"
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = v => v === null || v === undefined ? "–" : v;
console.log("\n| node | sessions | starts/s | restart to ready s |");
console.log("|---|---:|---:|---:|");
for (const r of rows.filter(r => r.before)) {
  const ready = rows.find(x => x.node === r.node && x.restartToReadyS !== undefined);
  console.log(`| ${r.node} | ${r.before.opened} | ${r.before.startsPerSecond} | ${ready ? ready.restartToReadyS.toFixed(1) : "–"} |`);
}
console.log("\n| node | customers back from s | customers | ack p50 ms | max | answer p50 ms | max | acked after the answer | failures |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows.filter(r => r.after && r.after.probesFromSecond !== undefined)) {
  const a = r.after;
  console.log(`| ${r.node} | ${a.probesFromSecond} | ${a.customers} | ${f(a.ackP50)} | ${f(a.ackMax)} | ${f(a.answerP50)} | ${f(a.answerMax)} | ${a.lateAcks} | ${a.failures} |`);
}
console.log("\n| node | s after ready | awake | asleep | RSS MiB | CPU s |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows.filter(r => r.after && r.after.atSecond !== undefined)) {
  const a = r.after;
  if (a.atSecond % 10 === 0 || a.atSecond < 10) console.log(`| ${r.node} | ${a.atSecond} | ${a.awake} | ${a.asleep} | ${a.rssMiB} | ${a.cpuSeconds} |`);
}
' "$results"
