#!/usr/bin/env bash
# Measures what the conversations projection costs a node at its full chat throughput, and how far
# it falls behind: the jar runs as its own JVM on a new PostgreSQL database, offline (answers at
# once, so the node's own ceiling shows), once with the projection on and once off
# (PARLEY_CONVERSATIONS_ENABLED), ROUNDS times alternately, or with PAIRED=1 both at once, each with
# customers of its own, so that the two share the machine's cores and its noise over the same
# seconds (each then has about half the machine). Customers (load.js) send messages as
# fast as they are answered, conversations of CONVERSATION messages; meanwhile projection-lag.js
# samples parley_conversations_lag_seconds, on every node alike (the one without the projection
# too, so that both serve the same scrapes of /metrics). Before it, the same customers send for STEADY seconds
# unmeasured, so that the JIT has compiled what the measured load runs (after the warm-up alone, its
# compiler threads still took half the node's CPU). The node's CPU time is read from /proc over the
# load and SETTLE seconds after it (the projection's catching up included), divided by the messages,
# with the part of its JIT compiler threads apart; so is the CPU time of the run's database's
# PostgreSQL backends, when the server runs on this machine (0 otherwise), and the transactions the
# database ended (pg_stat_database), each a statement or a batch's commit of the node's. After each run with the
# projection off, the node starts again on that run's journal with the projection on, and folds it
# from the start: its CPU time from readiness until every slice's committed offset reaches its
# tag's last event, divided by the events, is what folding an event costs apart from chat (the
# JIT's part shown apart).
#
#   ROUNDS=3 CUSTOMERS=32 SECONDS_PER_RUN=20 WARMUP=20000 bench/out-of-process/projection.sh main=http/target/parley-server.jar
#
# Settings (environment): ROUNDS (3), CUSTOMERS (32), SECONDS_PER_RUN (20), WARMUP (messages before
# each measured run, 20000, by 32 customers), STEADY (120), CONVERSATION (messages a conversation, 50),
# SETTLE (3), THINK_MS (0: each customer's pause after an answer, for a load below the node's full
# throughput), PAIRED (0), PGHOST, PGPORT, PGUSER (127.0.0.1, 5432, postgres). Prints one JSON line a run, then a Markdown table
# with the rows the read model held after each run (none with the projection off).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
settings rounds=ROUNDS:3 customers=CUSTOMERS:32 seconds=SECONDS_PER_RUN:20 warmup=WARMUP:20000 \
  conversation=CONVERSATION:50 settle=SETTLE:3 steady=STEADY:120
# The CPU ticks of process $1's JIT compiler threads.
jit_ticks() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$((total + $(stat_ticks "$task/stat"))) ;;
    esac
  done
  echo "$total"
}
# Starts the jar on database $3 with the projection $4 (true or false) as node $1, and waits until it is ready.
start_ready() {
  http_port="$(free_port)"
  PARLEY_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$3" PARLEY_DB_USER="$PGUSER" \
    PARLEY_CONVERSATIONS_ENABLED="$4" PARLEY_SESSION_TOKEN_BUDGET=1000000000 \
    PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000 PARLEY_ANSWER_CACHE=false \
    start_node "$1" "$2" "$http_port" "$(free_port)" "$(free_port)"
  await_ready "$http_port" 240 "$1"
}
# Folds database $1's journal with the projection on (node $2, jar $3); prints {events, cpuMs, jitCpuMs, elapsedMs}.
catch_up() {
  local events slices ticks jit started
  events="$(psql -Atc 'SELECT count(*) FROM event_tag' "$1")"
  slices="$(psql -Atc 'SELECT count(DISTINCT tag) FROM event_tag' "$1")"
  start_ready "$2" "$3" "$1" true
  ticks="$(cpu_ticks "$node_pid")"
  jit="$(jit_ticks "$node_pid")"
  started="$(date +%s%N)"
  until [ "$(psql -Atc "SELECT count(*) FROM pekko_projection_offset_store o WHERE o.current_offset::bigint >=
      (SELECT max(event_id) FROM event_tag t WHERE t.tag = o.projection_key)" "$1")" = "$slices" ]; do
    sleep 0.2
  done
  echo "{\"events\":$events,\"cpuMs\":$(( ($(cpu_ticks "$node_pid") - ticks) * 1000 / $(getconf CLK_TCK) )),\"jitCpuMs\":$(( ($(jit_ticks "$node_pid") - jit) * 1000 / $(getconf CLK_TCK) )),\"elapsedMs\":$(( ($(date +%s%N) - started) / 1000000 )),\"conversationRows\":$(psql -Atc 'SELECT count(*) FROM conversation' "$1")}"
  stop_node "$node_pid"
}
# The CPU ticks of the backends serving database $1 (their process titles name it).
database_ticks() {
  local total=0 pid
  for pid in $(pgrep -f "^postgres: .* $1 " || true); do
    total=$((total + $(stat_ticks /proc/"$pid"/stat)))
  done
  echo "$total"
}

# The transactions database $2 has ended, committed or rolled back: each statement the node runs on
# its own is one, so their count a message tells how many round trips the projection's reading makes.
database_transactions() {
  psql -Atc "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$1'"
}
# "<node CPU ticks> <its JIT threads' ticks> <database $2's backends' ticks> <its transactions>" of node $1 now.
readings() { echo "$(cpu_ticks "$1") $(jit_ticks "$1") $(database_ticks "$2") $(database_transactions "$2")"; }
# Prints a run's JSON line: node, round, projection, load, load.js's line, the lag samples, the
# node's readings before and after, the rows its read model held, the catch-up's figures.
report() {
  local before=($7) after=($8) hz
  hz="$(getconf CLK_TCK)"
  echo "{\"node\":\"$1\",\"round\":$2,\"projection\":\"$3\",\"load\":$4,\"paired\":$paired,\"run\":$5,\"lagMs\":$6,\"nodeCpuMs\":$(((after[0] - before[0]) * 1000 / hz)),\"jitCpuMs\":$(((after[1] - before[1]) * 1000 / hz)),\"databaseCpuMs\":$(((after[2] - before[2]) * 1000 / hz)),\"databaseTransactions\":$((after[3] - before[3])),\"conversationRows\":$9,\"catchUp\":${10}}" \
    | tee -a "$results"
}
# Sends the load of load.js's arguments to each node of the ports in $ports at once; load.js's line for port P in $work/load-P.json.
load_all() {
  local port loads=()
  for port in $ports; do node "$here/load.js" "$port" "$@" > "$work/load-$port.json" & loads+=($!); done
  wait "${loads[@]}"
}
# Samples the lag of every node of the run for $1 seconds into $work/lag-$2-<projection>.json; sets samplers.
# The node without the projection is sampled too, though it has no lag to give: a scrape of /metrics
# every 100 ms is work of the node's (and code its JIT compiles when the scrapes start), which would
# otherwise count as the projection's.
sample_lag() {
  local projection
  samplers=()
  for projection in ${together//,/ }; do
    node "$here/projection-lag.js" "${port_of[$projection]}" "$1" > "$work/lag-$2-$projection.json" &
    samplers+=($!)
  done
}
paired="${PAIRED:-0}"
projections="on off"; [ "$paired" = 0 ] || projections="on,off"
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  for round in $(seq "$rounds"); do
    # Alternately, or (PAIRED=1) both nodes at once, on the same two cores under the same noise.
    for together in $projections; do
      ports=""; declare -A pid_of=() database_of=() port_of=()
      for projection in ${together//,/ }; do
        database="parley_bench_projection_$$_${name}_${round}_${projection}"
        new_database "$database"
        enabled=true; [ "$projection" = on ] || enabled=false
        start_ready "$name-$round-$projection" "$jar" "$database" "$enabled"
        pid_of[$projection]="$node_pid"; database_of[$projection]="$database"; port_of[$projection]="$http_port"
        ports="$ports $http_port"
      done
      load_all 32 0 "$(( (warmup + 31) / 32 ))" "$conversation"
      if [ "$steady" != 0 ]; then
        sample_lag "$steady" steady
        load_all "$customers" "$steady" 0 "$conversation"
        wait "${samplers[@]}"
      fi
      sleep "$settle"
      load="$(cut -d' ' -f1 /proc/loadavg)"
      declare -A before_of=() after_of=()
      for projection in ${together//,/ }; do before_of[$projection]="$(readings "${pid_of[$projection]}" "${database_of[$projection]}")"; done
      sample_lag "$((seconds + settle))" measured
      load_all "$customers" "$seconds" 5 "$conversation"
      sleep "$settle"
      for projection in ${together//,/ }; do after_of[$projection]="$(readings "${pid_of[$projection]}" "${database_of[$projection]}")"; done
      wait "${samplers[@]}"
      for projection in ${together//,/ }; do
        stop_node "${pid_of[$projection]}"
      done
      for projection in ${together//,/ }; do
        rows="$(psql -Atc 'SELECT count(*) FROM conversation' "${database_of[$projection]}")"
        caught_up=null
        [ "$projection" = on ] || caught_up="$(catch_up "${database_of[$projection]}" "$name-$round-catch-up" "$jar")"
        lag='{"samples":0,"p50":null,"p99":null,"max":null}'
        [ "$projection" = off ] || lag="$(cat "$work/lag-measured-on.json")"
        report "$name" "$round" "$projection" "$load" "$(cat "$work/load-${port_of[$projection]}.json")" "$lag" \
          "${before_of[$projection]}" "${after_of[$projection]}" "$rows" "$caught_up"
        # --force: a query the node left running (its connection not yet closed) would refuse the drop.
        dropdb --force "${database_of[$projection]}"
      done
    done
  done
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = v => v === null || v === undefined ? "–" : v;
console.log("\n| node | round | projection | load | answers/s | ack p50 ms | ack p99 | node CPU ms per message | of which JIT | database CPU ms per message | database transactions per message | lag p50 ms | lag p99 | lag max | conversation rows | catch-up events | µs CPU per event folded | of which JIT | events/s folded |");
console.log("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const lag = r.projection === "on" ? r.lagMs : {};
  const c = r.catchUp;
  console.log(`| ${r.node} | ${r.round} | ${r.projection} | ${r.load} | ${r.run.answersPerSecond} | ${f(r.run.ackP50)} | ${f(r.run.ackP99)} | ${(r.nodeCpuMs / r.run.acks).toFixed(3)} | ${(r.jitCpuMs / r.run.acks).toFixed(3)} | ${(r.databaseCpuMs / r.run.acks).toFixed(3)} | ${(r.databaseTransactions / r.run.acks).toFixed(2)} | ${f(lag.p50)} | ${f(lag.p99)} | ${f(lag.max)} | ${r.conversationRows} | ${c ? c.events : "–"} | ${c ? (c.cpuMs * 1000 / c.events).toFixed(0) : "–"} | ${c ? (c.jitCpuMs * 1000 / c.events).toFixed(0) : "–"} | ${c ? Math.round(c.events * 1000 / c.elapsedMs) : "–"} |`);
}
' "$results"
