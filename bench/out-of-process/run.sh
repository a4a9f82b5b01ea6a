#!/usr/bin/env bash
# Measures Parley nodes as their customers see them: each node runs as its own JVM
# (java -jar), the customers (load.js) and the streaming fake model (fake-model.js) as Node.js
# processes of their own, over loopback WebSockets. Several jars are measured one after another
# in the same run, so that a before/after comparison shares the machine's load.
#
#   bench/out-of-process/run.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): CUSTOMERS ("1 8 32"), SECONDS_PER_RUN (15), WARMUP (messages sent before the runs
# of each node and mode, 400), WARMUP_CUSTOMERS (how many customers share them, 8; with 32 and a
# WARMUP of 20000 the per-message path is compiled by C2 before the first cell, see performance.md), MODES ("offline llm"), DATABASES ("h2", add
# "postgres" for a scratch database on the PostgreSQL at PGHOST:PGPORT as PGUSER, 127.0.0.1:5432
# postgres by default), PRIORITY (a nice value for the node, the model and the customers, e.g. -10
# as root on a machine shared with other work; empty by default), CONVERSATION (messages a customer
# sends before leaving and starting a new conversation on a new socket; 0, the default, keeps one
# conversation per customer for the whole run, which then grows to thousands of messages),
# MODEL_FIRST_TOKEN_MS (how long the fake model waits before its first word; 0), THINK_MS (how long
# each measured customer waits after an answer before the next message, see load.js; 0).
# Prints one JSON line per run and a Markdown table at the end, with the node's own share of the
# ack (its parley_chat_ack_seconds, interpolated within buckets), its CPU time and thread switches
# per acked message (read from /proc: unlike latencies, they hardly depend on what else the
# machine runs). JAVA_OPTS_<name> gives one node JVM options of its own (e.g. JAVA_OPTS_tuned="-Dx=y"
# beside tuned=http/target/parley-server.jar), so that a setting is measured against the same jar.
# With the model, each run also counts the judge's requests the fake model began during it
# (`judged`): with CONVERSATION set, closed conversations are scored while the customers talk
# (docs/performance.md, "Scoring closed conversations"); JAVA_OPTS_off="-Dparley.quality.scoring=false"
# gives a node that scores none.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings customers=CUSTOMERS:'1 8 32' seconds=SECONDS_PER_RUN:15 warmup=WARMUP:400 \
  warmup_customers=WARMUP_CUSTOMERS:8 modes=MODES:'offline llm' conversation=CONVERSATION:0 \
  databases=DATABASES:h2
[ "$warmup_customers" -ge 1 ] || { echo "WARMUP_CUSTOMERS must be 1 or more" >&2; exit 2; }
priority=()
[ -z "${PRIORITY:-}" ] || priority=(nice -n "$PRIORITY")
# The node's parley_chat_ack_seconds buckets, as JSON {"le": cumulative count}.
ack_buckets() {
  node -e "require('http').get('http://127.0.0.1:$1/metrics',r=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>{const o={};
    for (const m of b.matchAll(/^parley_chat_ack_seconds_bucket\{le=\"([^\"]+)\",?\} (\S+)/gm)) o[m[1]]=Number(m[2]);
    console.log(JSON.stringify(o))})})"
}
# Voluntary and involuntary switches of all the node's threads, and its CPU time in clock ticks.
node_counters() {
  echo "$(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s}')" \
    "$(cpu_ticks "$1")"
}

model_port=""
# Requests of the judge (json_schema) the fake model has begun; – without the model.
judged() { if [ -n "$model_port" ]; then node -e "require('http').get('http://127.0.0.1:$model_port/stats',r=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>console.log(JSON.parse(b).structured))})"; else echo null; fi; }
if [[ " $modes " == *" llm "* ]]; then
  start_model "${MODEL_FIRST_TOKEN_MS:-0}" "${priority[@]}"
fi
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  for db in $databases; do
    for mode in $modes; do
      http_port="$(free_port)"
      env=(PARLEY_HTTP_PORT="$http_port" PARLEY_CLUSTER_PORT="$(free_port)" PARLEY_MANAGEMENT_PORT="$(free_port)"
           PARLEY_DATA_DIR="$work/data-$name-$db-$mode" PARLEY_SESSION_MESSAGES_PER_MINUTE=1000000
           PARLEY_SESSION_MESSAGE_BURST=1000000 PARLEY_SESSION_STARTS_PER_ADDRESS=0 PARLEY_SESSION_STARTS_PER_TENANT=0 PARLEY_CONNECTIONS_PER_ADDRESS=0 PARLEY_HTTP_CONNECTIONS_PER_ADDRESS=0 PARLEY_CONNECTIONS_PER_TENANT=0 PARLEY_SESSION_TOKEN_BUDGET=1000000000 PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000
           PARLEY_SIP_ENABLED=false PARLEY_VOICE_WARM_UP=false
           PARLEY_ANSWER_CACHE=false)
      if [ "$mode" = llm ]; then env+=(PARLEY_LLM_BASE_URL="http://127.0.0.1:$model_port/v1" PARLEY_LLM_MODEL=bench); fi
      if [ "$db" = postgres ]; then
        database="parley_bench_$$_${name}_${mode}"
        new_database "$database"
        env+=(PARLEY_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database" PARLEY_DB_USER="$PGUSER")
      fi
      opts="JAVA_OPTS_$name"
      env "${env[@]}" JDK_JAVA_OPTIONS="${!opts:-}" "${priority[@]}" java -jar "$jar" > "$work/node-$name-$db-$mode.log" 2>&1 &
      node_pid=$!
      pids+=($node_pid)
      await_ready "$http_port" 120
      # Several customers share the warm-up, so that with the model (a few answers a second each) it ends in time.
      "${priority[@]}" node "$here/load.js" "$http_port" "$warmup_customers" 0 \
        "$(( (warmup + warmup_customers - 1) / warmup_customers ))" "$conversation" > /dev/null
      for n in $customers; do
        load="$(cut -d' ' -f1 /proc/loadavg)"
        read -r switches ticks < <(node_counters "$node_pid")
        acks_before="$(ack_buckets "$http_port")"
        judged_before="$(judged)"
        line="$("${priority[@]}" node "$here/load.js" "$http_port" "$n" "$seconds" 5 "$conversation")"
        read -r switches_after ticks_after < <(node_counters "$node_pid")
        acks_after="$(ack_buckets "$http_port")"
        judged_after="$(judged)"
        echo "{\"node\":\"$name\",\"conversation\":$conversation,\"db\":\"$db\",\"mode\":\"$mode\",\"load\":$load,\"run\":$line,\"nodeAcks\":[$acks_before,$acks_after],\"nodeSwitches\":$((switches_after - switches)),\"nodeCpuMs\":$(((ticks_after - ticks) * 1000 / $(getconf CLK_TCK))),\"judged\":$([ "$judged_after" = null ] && echo null || echo $((judged_after - judged_before)))}" | tee -a "$results"
      done
      stop_node "$node_pid"
      if [ "$db" = postgres ]; then dropdb "$database"; fi
    done
  done
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = v => v === null ? "–" : v;
const per = (v, n) => n ? (v / n).toFixed(v / n < 10 ? 2 : 0) : "–";
// A quantile of the acks a run added to the histogram of the node, interpolated within a bucket, in ms.
const nodeAck = (r, q) => {
  const [before, after] = r.nodeAcks || [{}, {}];
  const bounds = Object.keys(after).filter(le => le !== "+Inf").map(Number).sort((a, b) => a - b);
  const added = le => (after[le] || 0) - (before[le] || 0);
  const total = added("+Inf");
  if (!total) return "–";
  let lower = 0, below = 0;
  for (const bound of bounds) {
    const upTo = added(Object.keys(after).find(le => Number(le) === bound));
    if (upTo >= q * total) return (1000 * (lower + (bound - lower) * (q * total - below) / Math.max(1, upTo - below))).toFixed(2);
    lower = bound; below = upTo;
  }
  return "> " + 1000 * lower;
};
console.log("\n| node | db | mode | conversation | customers | load | answers/s | ack p50 ms | ack p90 | ack p99 | on the node: ack p50 | p99 | first delta p50 ms | p99 | node CPU ms per ack | node switches per ack | judged |");
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.node} | ${r.db} | ${r.mode} | ${r.conversation || "one"} | ${r.run.customers} | ${r.load} | ${r.run.answersPerSecond} | ${f(r.run.ackP50)} | ${f(r.run.ackP90)} | ${f(r.run.ackP99)} | ${nodeAck(r, 0.5)} | ${nodeAck(r, 0.99)} | ${f(r.run.firstDeltaP50)} | ${f(r.run.firstDeltaP99)} | ${per(r.nodeCpuMs, r.run.acks)} | ${per(r.nodeSwitches, r.run.acks)} | ${f(r.judged ?? null)} |`);
' "$results"
