#!/usr/bin/env bash
# Parley beside a peer that speaks the same chat protocol v1 (the Durable Objects chat server of
# ../shared/peers/do-chat, run locally in workerd), as their customers see them: the same customers
# (load.js), the same streaming fake model (fake-model.js, 5 ms a word) and the same machine, in one
# run, the two taking turns cell by cell so that what else the machine does hits both.
#
#   bench/out-of-process/peer.sh [name=]http/target/parley-server.jar     # QUICK=1 for a smoke run
#   STATES=warm bench/out-of-process/peer.sh before=/tmp/before.jar after=http/target/parley-server.jar
#
# Several Parley jars (name=jar, each with its cache beside it) are measured in the same run, their
# cells taking turns with the peer's, so that a before/after comparison shares the machine's load.
#
# Cold: each cell on a process of its own, started fresh on new data and warmed with COLD_WARMUP
# messages (from 3 customers) only, as a node is after a deploy; Parley with the build's ahead-of-time
# cache beside the jar (<jar without .jar>.aot, with -XX:AOTMode=on: a cache that does not fit stops
# the run) and as plain `java -jar`. Warm: one process of each, Parley with its cache, both running
# from the start of the phase, each after WARM_WARMUP messages (from 32 customers), measured at each
# number of customers in turn. Customers end a conversation after CONVERSATION messages and start
# another on a new socket. Prints one JSON line per cell (with the server's CPU time in the cell, all
# its threads, from /proc), then a Markdown table (peer-table.js) of the medians over the rounds,
# Parley's, the peer's and the ratio Parley / peer.
#
# Settings (environment): PEER (the peer's folder; ../shared/peers/do-chat beside the repository; run
# in place once its node_modules holds workerd, else from a copy into which the peer's run.sh installs
# workerd from npm), STATES ("cold warm": the phases to run), CUSTOMERS ("1 8 32"), ROUNDS (2), COLD_SECONDS and WARM_SECONDS (a cell's length;
# 5 and 10), COLD_WARMUP (30), WARM_WARMUP (3000), CONVERSATION (50), MODEL_FIRST_TOKEN_MS (0; the
# added first token subtracts it). QUICK=1 makes the defaults CUSTOMERS="1 8", ROUNDS=1, 2-s cells and
# WARM_WARMUP=300. Node.js and npm, and Java 25 (JAVA_HOME's, else the PATH's: the one that built the
# cache). The defaults start 18 cold processes (12 of them JVMs) and run 3.5 minutes of cells: they
# took 14 minutes on two cores at a load of 8 to 28 from other work, QUICK=1 4 minutes at 5 to 30.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# A default of the measurement, or of the smoke run (QUICK=1). default <measurement> <smoke run>
default() { if [ "${QUICK:-0}" = 1 ]; then echo "$2"; else echo "$1"; fi; }
customers="${CUSTOMERS:-$(default "1 8 32" "1 8")}"
rounds="${ROUNDS:-$(default 2 1)}"
cold_seconds="${COLD_SECONDS:-$(default 5 2)}"
warm_seconds="${WARM_SECONDS:-$(default 10 2)}"
cold_warmup="${COLD_WARMUP:-30}"
warm_warmup="${WARM_WARMUP:-$(default 3000 300)}"
conversation="${CONVERSATION:-50}"
model_first_token_ms="${MODEL_FIRST_TOKEN_MS:-0}"
states="${STATES:-cold warm}"
[ $# -gt 0 ] || set -- "parley=$root/http/target/parley-server.jar"
# The Parley jars by name, in the order given.
names=(); declare -A jars
for spec in "$@"; do
  if [[ "$spec" == *=* ]]; then name="${spec%%=*}"; jar="${spec#*=}"; else name=parley; jar="$spec"; fi
  [ "$name" != peer ] || { echo "peer names the Durable Objects peer: give the jar another name" >&2; exit 2; }
  names+=("$name"); jars[$name]="$jar"
done
peer="${PEER:-$root/../shared/peers/do-chat}"
for file in "${jars[@]}" "${jars[@]/%.jar/.aot}" "$peer/run.sh"; do
  [ -e "$file" ] || { echo "no $file (the jar and its cache: mvn -B -q -pl http -am -DskipTests package; the peer: PEER)" >&2; exit 2; }
done
# The cache fits only the JDK that wrote it: the build's, JAVA_HOME's.
[ -z "${JAVA_HOME:-}" ] || export PATH="$JAVA_HOME/bin:$PATH"

. "$here/common.sh"
peer="$(runnable_peer "$peer" peer)"
start_model "$model_first_token_ms"
# Parley's limits that would refuse this load are off (start_node turns off the rest), and its answer
# cache too: the peer has none.
export PARLEY_LLM_BASE_URL="http://127.0.0.1:$model_port/v1" PARLEY_LLM_MODEL=bench \
  PARLEY_SESSION_TOKEN_BUDGET=1000000000 PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000 PARLEY_ANSWER_CACHE=false

# Starts one server in the background, on new data, and waits until it is ready; sets server_port and
# server_pid. start_server <peer | <name>-aot | <name>-plain> <a name for its log and data>
start_server() {
  server_port="$(free_port)"
  local jar="${jars[${1%-*}]:-}"
  case "$1" in
    peer)
      "$peer/run.sh" "$server_port" "$model_port" "$work/data-$2" > "$work/node-$2.log" 2>&1 &
      server_pid=$!
      pids+=($server_pid) ;;
    *-aot)
      start_node "$2" "$jar" "$server_port" "$(free_port)" "$(free_port)" -XX:+UseCompactObjectHeaders \
        -XX:AOTCache="${jar%.jar}.aot" -XX:AOTMode=on
      server_pid=$node_pid ;;
    *)
      start_node "$2" "$jar" "$server_port" "$(free_port)" "$(free_port)"
      server_pid=$node_pid ;;
  esac
  local deadline=$((SECONDS + 180))
  while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$server_pid" 2>/dev/null; do
    ready "$server_port" && return
    sleep 0.2
  done
  echo "$1 ($2) did not become ready; the end of its log:" >&2
  tail -n 40 "$work/node-$2.log" >&2
  exit 1
}
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
# Messages no cell counts, shared by several customers. warm_up <port> <customers> <messages>
warm_up() {
  timeout 900 node "$here/load.js" "$1" "$2" 0 "$(( ($3 + $2 - 1) / $2 ))" "$conversation" > /dev/null
}
# One cell on a running server, a JSON line in the results. measure <port> <pid> <server> <variant> <state> <customers> <seconds> <round>
measure() {
  local load ticks line
  load="$(cut -d' ' -f1 /proc/loadavg)"
  ticks="$(cpu_ticks "$2")"
  line="$(timeout $(($7 + 300)) node "$here/load.js" "$1" "$6" "$7" 0 "$conversation")"
  echo "{\"server\":\"$3\",\"variant\":\"$4\",\"state\":\"$5\",\"round\":$8,\"load\":$load,\"cpuMs\":$((($(cpu_ticks "$2") - ticks) * 1000 / $(getconf CLK_TCK))),\"run\":$line}" | tee -a "$results"
}

# The servers of one number of customers in the order their cells run: turned by one from one number
# to the next and reversed every other round, so that each runs early and late alike.
# order <round> <the number's place among CUSTOMERS> <server...>
order() {
  local round="$1" place="$2" k
  shift 2
  local servers=("$@") turned=()
  for k in $(seq 0 $(($# - 1))); do turned+=("${servers[$(( (place + k) % $# ))]}"); done
  if [ $((round % 2)) = 0 ]; then for k in $(seq $(($# - 1)) -1 0); do echo "${turned[$k]}"; done
  else printf '%s\n' "${turned[@]}"; fi
}

kinds=(peer)
for name in "${names[@]}"; do kinds+=("$name-aot" "$name-plain"); done
if [[ " $states " == *" cold "* ]]; then
  for round in $(seq "$rounds"); do
    place=0
    for n in $customers; do
      for kind in $(order "$round" "$place" "${kinds[@]}"); do
        start_server "$kind" "cold-$kind-$n-$round"
        warm_up "$server_port" 3 "$cold_warmup"
        if [ "$kind" = peer ]; then server=peer variant=peer; else server="${kind%-*}" variant="${kind##*-}"; fi
        measure "$server_port" "$server_pid" "$server" "$variant" cold "$n" "$cold_seconds" "$round"
        stop_server "$server_pid"
      done
      place=$((place + 1))
    done
  done
fi

if [[ " $states " == *" warm "* ]]; then
  # One process of each server, each warmed in turn while the others are already up and idle.
  declare -A ports warm_pids
  for server in "${names[@]}" peer; do
    if [ "$server" = peer ]; then start_server peer warm-peer; else start_server "$server-aot" "warm-$server"; fi
    ports[$server]=$server_port warm_pids[$server]=$server_pid
    warm_up "$server_port" 32 "$warm_warmup"
  done
  for round in $(seq "$rounds"); do
    place=0
    for n in $customers; do
      for server in $(order "$round" "$place" "${names[@]}" peer); do
        if [ "$server" = peer ]; then variant=peer; else variant=aot; fi
        measure "${ports[$server]}" "${warm_pids[$server]}" "$server" "$variant" warm "$n" "$warm_seconds" "$round"
      done
      place=$((place + 1))
    done
  done
  for server in "${names[@]}" peer; do stop_server "${warm_pids[$server]}"; done
fi

node "$here/peer-table.js" "$results" "$model_first_token_ms" "${names[@]}"
