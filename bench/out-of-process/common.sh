# What the benchmark scripts share: their npm dependencies (installed in the directory of the script
# that sources this), loopback ports, readiness, a work directory whose processes (add their pids
# to `pids`) are stopped and which is removed on exit, with the results file in it, and the
# PostgreSQL databases the run made (new_database), dropped on exit if still there.
bench_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The PostgreSQL server of the scripts that make databases: the development machines' by default.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
# Reads the script's settings from the environment: each <variable>=<NAME>:<default> sets <variable>
# to $NAME, or to <default> where NAME is unset or empty. settings <variable>=<NAME>:<default>...
settings() {
  local spec variable name
  for spec in "$@"; do
    variable="${spec%%=*}"; spec="${spec#*=}"; name="${spec%%:*}"
    printf -v "$variable" '%s' "${!name:-${spec#*:}}"
  done
}
[ -d "$here/node_modules" ] || npm ci --prefix "$here" --no-audit --no-fund >/dev/null
ready() { node -e "require('http').get('http://127.0.0.1:$1/health/ready',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"; }
# A free loopback port that this run has not handed out before: the OS may hand a port closed a
# moment ago out again, and a node given the same port twice (HTTP and management) never gets ready.
# The ports go to a file, as each $(free_port) runs in a subshell of its own.
free_port() {
  local port
  while :; do
    port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    grep -qx "$port" "$work/ports" 2>/dev/null || break
  done
  echo "$port" >> "$work/ports"
  echo "$port"
}
work="$(mktemp -d)"
results="$work/results.jsonl"
pids=()
scratch_databases=()
# The nodes first: --force drops a database whose connections a node has not closed yet.
cleanup() {
  local pid database
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for database in "${scratch_databases[@]}"; do dropdb --if-exists --force "$database" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Creates a PostgreSQL database (PGHOST, PGPORT, PGUSER) that is dropped on exit. new_database <name>
new_database() {
  createdb "$1"
  scratch_databases+=("$1")
}
cpu_ticks() { stat_ticks "/proc/$1/stat"; }
# User and system ticks from a stat file; its second field, the name in brackets, may hold spaces
# ("C2 CompilerThread0"), so the fields are counted after its closing bracket.
stat_ticks() {
  local stat
  stat="$(cat "$1" 2>/dev/null)" || { echo 0; return; }
  echo "${stat##*) }" | awk '{print $12 + $13}'
}
# Starts a node jar in the background as the idle and restart benchmarks run it (limits that would
# refuse their load off, no SIP, data in the work directory), appending to node-<name>.log; sets
# node_pid. start_node <name> <jar> <http port> <cluster port> <management port> [java options...]
start_node() {
  local name="$1" jar="$2" http="$3" cluster="$4" management="$5"
  shift 5
  env PARLEY_HTTP_PORT="$http" PARLEY_CLUSTER_PORT="$cluster" PARLEY_MANAGEMENT_PORT="$management" \
      PARLEY_DATA_DIR="$work/data-$name" PARLEY_SESSION_STARTS_PER_ADDRESS=0 PARLEY_SESSION_STARTS_PER_TENANT=0 \
      PARLEY_CONNECTIONS_PER_ADDRESS=0 PARLEY_HTTP_CONNECTIONS_PER_ADDRESS=0 PARLEY_CONNECTIONS_PER_TENANT=0 PARLEY_SESSION_MESSAGES_PER_MINUTE=1000000 \
      PARLEY_SESSION_MESSAGE_BURST=1000000 PARLEY_SIP_ENABLED=false PARLEY_VOICE_WARM_UP=false \
      java "$@" -jar "$jar" >> "$work/node-$name.log" 2>&1 &
  node_pid=$!
  pids+=($node_pid)
}
# Asks the node on <http port> whether it is ready, up to <tries> times half a second apart. Given
# the node's name (as given to start_node), a node still not ready ends the run with its log; without
# it, the run goes on. await_ready <http port> <tries> [name]
await_ready() {
  local try
  for try in $(seq "$2"); do ready "$1" && return; sleep 0.5; done
  if [ -n "${3:-}" ]; then
    echo "node $3 did not become ready; its log:" >&2
    cat "$work/node-$3.log" >&2
    exit 1
  fi
}
# Stops nodes and waits for them to end. stop_node <pid>...
stop_node() { kill "$@"; wait "$@" 2>/dev/null || true; }
# Adds each JSON line of stdin to the results as <key> of node <name>, and prints it. record <name> <key>
record() {
  local line
  while read -r line; do echo "{\"node\":\"$1\",\"$2\":$line}" | tee -a "$results"; done
}
# Starts the streaming fake model (fake-model.js, 5 ms a word) in the background and sets model_port.
# start_model <ms before its first word> [a command that runs it, e.g. nice -n -10...]
start_model() {
  local first_word_ms="$1"
  shift
  "$@" node "$bench_scripts/fake-model.js" 0 5 "$first_word_ms" > "$work/model.json" &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$work/model.json" ] && break; sleep 0.1; done
  model_port="$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/model.json','utf8')).port)")"
}
# The Durable Objects peer's folder to run it from: its own once its node_modules holds workerd, else a
# copy in the run's scratch directory, into which the peer's run.sh installs workerd from npm.
# runnable_peer <the peer's folder> <a name for the copy>
runnable_peer() {
  if [ -x "$1/node_modules/.bin/workerd" ]; then echo "$1"; return; fi
  cp -r "$1" "$work/peer-$2" && chmod -R u+w "$work/peer-$2"
  echo "$work/peer-$2"
}
