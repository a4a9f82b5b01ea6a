#!/usr/bin/env bash
# The idle-session ramp of docs/performance.md: each jar runs as its own JVM (java -Xmx… -jar) with
# a GC log; idle.js, a process of its own, opens idle chat sessions up to each step while one
# active customer keeps talking. Several jars run one after another in the same run, so that a
# before/after comparison shares the machine's load.
#
#   bench/out-of-process/idle.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): STEPS ("1000,5000,10000"), XMX (3g), SOURCES (loopback source addresses,
# 127.0.0.1..N, each good for ~28k sockets; 4), CONCURRENCY (starts under way at once; 32),
# SETTLE_SECONDS (10), HISTOGRAMS (a directory: idle.js writes `jcmd GC.class_histogram` at 0 and
# at each step there, live objects after a full GC). Both processes need `ulimit -n` above the
# last step. WAKE_SESSIONS (0: off) and WAKE_AFTER_SECONDS (0): after the last step, idle.js waits
# WAKE_AFTER_SECONDS, then sends one message on each of WAKE_SESSIONS idle sessions (spread over the
# ramp, one at a time) and times its ack and answer: what the customer of a sleeping session sees.
# PARLEY_* variables set by the caller reach the node (those set here win), e.g.
#
#   PARLEY_SESSION_PASSIVATE_AFTER=5s WAKE_SESSIONS=100 WAKE_AFTER_SECONDS=15 bench/out-of-process/idle.sh t=http/target/parley-server.jar
#
# puts idle sessions to sleep after 5 s and wakes 100 of them; HISTORY=<n> (0) has each idle
# customer send n messages, each after the last one's answer, before it falls silent; PARLEY_DB_URL (PARLEY_DB_USER,
# PARLEY_DB_PASSWORD) runs the node on PostgreSQL instead of the H2 journal in its data directory.
# JAVA_OPTS_<name> gives one node JVM options of its own, e.g. JAVA_OPTS_compact="-XX:+UseCompactObjectHeaders"
# beside compact=http/target/parley-server.jar, so that a setting is measured against the same jar.
# XMX=none starts the JVMs without -Xmx (the JVM's default heap limit, a quarter of the memory).
# A spec whose path is a folder with a run.sh is the Durable Objects peer (../shared/peers/do-chat,
# in workerd), measured the same way: peer=../shared/peers/do-chat; the streaming fake model answers
# its active customer, its data is under the run's scratch directory, and its folder is copied there first when its
# node_modules holds no workerd yet (its run.sh then installs it from npm).
# Prints one JSON line per step (and one for the wakes) and Markdown tables at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings steps=STEPS:1000,5000,10000 xmx=XMX:3g sources=SOURCES:4 concurrency=CONCURRENCY:32

heap=(); [ "$xmx" = none ] || heap=("-Xmx$xmx")
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  http_port="$(free_port)"
  if [ -x "$jar/run.sh" ]; then
    [ -n "${model_port:-}" ] || start_model 0
    "$(runnable_peer "$jar" "$name")/run.sh" "$http_port" "$model_port" "$work/data-$name" >> "$work/node-$name.log" 2>&1 &
    node_pid=$!
    pids+=($node_pid)
    tries=360 # workerd may be installed from npm first
  else
    opts="JAVA_OPTS_$name"
    read -r -a node_opts <<< "${!opts:-}"
    start_node "$name" "$jar" "$http_port" "$(free_port)" "$(free_port)" "${heap[@]}" "-Xlog:gc:file=$work/gc-$name.log" \
      "${node_opts[@]}"
    tries=180
  fi
  await_ready "$http_port" "$tries" "$name"
  node "$here/idle.js" "$http_port" "$node_pid" "$steps" "$sources" "$concurrency" | record "$name" run
  # Stop-the-world pauses over the whole ramp, from a JVM's GC log: "... Pause Young (Normal) ... 12.345ms".
  [ ! -f "$work/gc-$name.log" ] || node -e '
    const ms = require("fs").readFileSync(process.argv[1], "utf8").split("\n")
      .filter(l => / Pause /.test(l)).map(l => Number(/([0-9.]+)ms$/.exec(l)?.[1])).filter(v => !isNaN(v)).sort((a, b) => a - b);
    const q = p => ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : null;
    console.log(JSON.stringify({ node: process.argv[2], gc: { pauses: ms.length, p50: q(0.5), p99: q(0.99), max: q(1),
      totalMs: Math.round(ms.reduce((a, b) => a + b, 0)) } }));
  ' "$work/gc-$name.log" "$name" | tee -a "$results"
  stop_node "$node_pid"
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = v => v === null || v === undefined ? "–" : v;
console.log("\n| node | sessions | asleep | load | starts/s | RSS MiB | KiB/session | active ack p50 ms | p99 | answer p50 ms | p99 | failures |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const base = {};
for (const r of rows.filter(r => r.run && r.run.wake === undefined)) {
  if (r.run.sessions === 0) { base[r.node] = r.run.rssMiB; }
  const perSession = r.run.sessions ? Math.round((r.run.rssMiB - base[r.node]) * 1024 / r.run.sessions) : "–";
  console.log(`| ${r.node} | ${r.run.sessions} | ${f(r.run.asleep)} | ${r.run.load} | ${f(r.run.startsPerSecond)} | ${r.run.rssMiB} | ${perSession} | ${f(r.run.ackP50)} | ${f(r.run.ackP99)} | ${f(r.run.answerP50)} | ${f(r.run.answerP99)} | ${f(r.run.failures)} |`);
}
const wakes = rows.filter(r => r.run && r.run.wake !== undefined);
if (wakes.length) {
  console.log("\n| node | woken sessions | asleep before | after s | ack p50 ms | p99 | max | answer p50 ms | p99 | failures |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of wakes) console.log(`| ${r.node} | ${r.run.wake} | ${f(r.run.asleepBefore)} | ${r.run.afterSeconds} | ${f(r.run.ackP50)} | ${f(r.run.ackP99)} | ${f(r.run.ackMax)} | ${f(r.run.answerP50)} | ${f(r.run.answerP99)} | ${f(r.run.failures)} |`);
}
console.log("\n| node | GC pauses | p50 ms | p99 ms | max ms | total ms |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows.filter(r => r.gc)) console.log(`| ${r.node} | ${r.gc.pauses} | ${f(r.gc.p50)} | ${f(r.gc.p99)} | ${f(r.gc.max)} | ${r.gc.totalMs} |`);
' "$results"
