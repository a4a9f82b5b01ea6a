#!/usr/bin/env bash
# Where a node's CPU goes for a chat message, cold and warm, as docs/performance.md reads it: one
# node (java -jar, with the given JVM options, under a flight recording), the streaming fake model
# (5 ms a word) and load.js's customers, all on loopback. The node starts on new data, takes
# COLD_WARMUP messages (from 3 customers), then CUSTOMERS customers (1) talk for COLD_SECONDS under a
# recording of its own ("cold"); then WARM_WARMUP messages (from 32 customers), and CUSTOMERS customers
# again for WARM_SECONDS ("warm"). For each phase it prints the customer's latencies, the node's CPU
# per message by thread (from /proc: the JIT's compiler threads, the GC's, the actors', ...) and
# jfr-summary.py's reading of the recording (the samples by package and method, the compilations,
# the allocations); the recordings stay in OUT.
#
#   bench/out-of-process/profile.sh [name=]http/target/parley-server.jar -XX:+UseCompactObjectHeaders \
#     -XX:AOTCache=http/target/parley-server.aot
#
# Settings (environment): COLD_WARMUP (30), COLD_SECONDS (5), WARM_WARMUP (3000), WARM_SECONDS (10),
# CONVERSATION (50), CUSTOMERS (how many customers talk in each recorded phase; 1), OUT (where the
# recordings are kept; a new temporary directory).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# [name=]jar, as the other scripts take it
jar="${1#*=}"
shift
cold_warmup="${COLD_WARMUP:-30}"
cold_seconds="${COLD_SECONDS:-5}"
warm_warmup="${WARM_WARMUP:-3000}"
warm_seconds="${WARM_SECONDS:-10}"
conversation="${CONVERSATION:-50}"
customers="${CUSTOMERS:-1}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
[ -z "${JAVA_HOME:-}" ] || export PATH="$JAVA_HOME/bin:$PATH"

. "$here/common.sh"
start_model 0
export PARLEY_LLM_BASE_URL="http://127.0.0.1:$model_port/v1" PARLEY_LLM_MODEL=bench \
  PARLEY_SESSION_TOKEN_BUDGET=1000000000 PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000 PARLEY_ANSWER_CACHE=false
http_port="$(free_port)"
start_node profiled "$jar" "$http_port" "$(free_port)" "$(free_port)" "$@"
await_ready "$http_port" 360 profiled
# Recorded from readiness on, so that JFR's own start (the JIT compiles its code too) falls in the
# warm-up, not in a phase; each phase has a recording of its own beside it. Not from the JVM's
# start: -XX:StartFlightRecording turns off the archived module graph, and with it the cache.
settings=(settings=profile jdk.Compilation#threshold=0ms jdk.ExecutionSample#period=2ms
          jdk.ThreadPark#threshold=1ms jdk.JavaMonitorWait#threshold=1ms)
jcmd "$node_pid" JFR.start name=node "${settings[@]}" > /dev/null

# CPU ticks of each of the node's threads, by name (the JVM's names, cut to 15 characters by Linux).
thread_ticks() {
  local task
  for task in /proc/"$node_pid"/task/*; do
    echo "$(tr ' ' '_' < "$task/comm") $(stat_ticks "$task/stat")"
  done 2>/dev/null
}
# Thread names grouped (compiler threads, GC threads, dispatchers) and their CPU ms per message.
# per_thread <ticks before> <ticks after> <messages>
per_thread() {
  node -e '
  const [before, after, messages] = [process.argv[1], process.argv[2], Number(process.argv[3])];
  const hz = Number(process.argv[4]);
  const sum = text => { const m = new Map(); for (const line of text.trim().split("\n")) {
    const [name, ticks] = line.split(" ");
    const group = name.replace(/[#-]?\d+$/, "").replace(/_Thread$/, "");
    m.set(group, (m.get(group) || 0) + Number(ticks)); } return m; };
  const b = sum(before), a = sum(after);
  const rows = [...a].map(([g, t]) => [g, t - (b.get(g) || 0)]).filter(([, t]) => t > 0).sort((x, y) => y[1] - x[1]);
  const total = rows.reduce((s, [, t]) => s + t, 0);
  console.log(`node CPU: ${(total * 1000 / hz).toFixed(0)} ms, ${(total * 1000 / hz / messages).toFixed(2)} ms a message; by thread:`);
  for (const [g, t] of rows.slice(0, 14)) console.log(`  ${(t * 1000 / hz / messages).toFixed(2).padStart(7)} ms  ${(100 * t / total).toFixed(1).padStart(5)} %  ${g}`);
  ' "$1" "$2" "$3" "$(getconf CLK_TCK)"
}
# CUSTOMERS customers for <seconds> under a recording of its own, kept as <phase>.jfr. phase <phase> <seconds>
phase() {
  local before line messages
  jcmd "$node_pid" JFR.start name="$1" "${settings[@]}" > /dev/null
  before="$(thread_ticks)"
  line="$(node "$here/load.js" "$http_port" "$customers" "$2" 0 "$conversation")"
  after="$(thread_ticks)"
  jcmd "$node_pid" JFR.stop name="$1" filename="$out/$1.jfr" > /dev/null
  messages="$(node -e "console.log(JSON.parse(process.argv[1]).acks)" "$line")"
  echo "== $1: $line"
  per_thread "$before" "$after" "$messages"
  python3 "$here/jfr-summary.py" "$out/$1.jfr" "$messages"
}

node "$here/load.js" "$http_port" 3 0 "$(( (cold_warmup + 2) / 3 ))" "$conversation" > /dev/null
phase cold "$cold_seconds"
node "$here/load.js" "$http_port" 32 0 "$(( (warm_warmup + 31) / 32 ))" "$conversation" > /dev/null
phase warm "$warm_seconds"
stop_node "$node_pid"
echo "recordings: $out"
