#!/usr/bin/env bash
# Three Parley nodes on this machine sharing one PostgreSQL journal, behind HAProxy
# (deploy/haproxy.cfg) on one address: the README's "Running a cluster". It waits until every node
# is ready, starts the load balancer, prints the members and where everything is, and runs until
# Ctrl-C or SIGTERM, which stops the nodes gracefully.
#
# Needs the server jar (mvn -B -DskipTests package), HAProxy and curl, and
# PARLEY_DB_URL (with PARLEY_DB_USER and PARLEY_DB_PASSWORD as needed) naming an empty or Parley
# PostgreSQL database. Every other PARLEY_* variable set reaches all three nodes.
#
#   CLUSTER_DIR   logs and pid files (default ./cluster): nodeN.log, nodeN.pid, haproxy.log
#   PORT_OFFSET   added to every port below (default 0), to run a second cluster beside a first
#   CLUSTER_START_TIMEOUT   seconds each node has to get ready (default 180)
#
# Ports (plus PORT_OFFSET): load balancer 8080; node N: HTTP 808N, Artery 2552N, management 855N,
# SIP 506N (UDP and TCP), RTP 200 ports from 16384 + 200 * (N - 1).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/http/target/parley-server.jar"
# The ahead-of-time cache the build made beside the jar (docs/operations.md, "A faster start"):
# missing or stale, the nodes start without it, only slower.
aot="$root/http/target/parley-server.aot"
dir=${CLUSTER_DIR:-cluster}
offset=${PORT_OFFSET:-0}
nodes=(1 2 3)

fail() {
  echo "cluster.sh: $*" >&2
  exit 1
}

[ -n "${PARLEY_DB_URL:-}" ] || fail "set PARLEY_DB_URL to a PostgreSQL database the nodes share (the embedded H2 serves one process only)"
[ -f "$jar" ] || fail "$jar is missing: build it with mvn -B -DskipTests package"
# Debian installs HAProxy in /usr/sbin, which is not on every user's PATH.
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$haproxy" ] || fail "haproxy is missing: apt-get install -y haproxy"
command -v curl >/dev/null || fail "curl is missing: apt-get install -y curl"
mkdir -p "$dir"

lb_port=$((8080 + offset))
http_port() { echo $((8080 + $1 + offset)); }
artery_port() { echo $((25520 + $1 + offset)); }
management_port() { echo $((8550 + $1 + offset)); }

export PARLEY_SEED_NODES="127.0.0.1:$(artery_port 1),127.0.0.1:$(artery_port 2)"
export PARLEY_OPS_TOKEN=${PARLEY_OPS_TOKEN:-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}
# Customers reach the nodes through the load balancer only, which names them in X-Forwarded-For.
# Each HTTP connection is the balancer's, so the nodes bound none per address (its maxconn does).
export PARLEY_HTTP_HOST=127.0.0.1 PARLEY_CLIENT_ADDRESS_HEADER=X-Forwarded-For PARLEY_HTTP_CONNECTIONS_PER_ADDRESS=0

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

for n in "${nodes[@]}"; do
  rtp_min=$((16384 + 200 * (n - 1) + offset))
  PARLEY_HTTP_PORT=$(http_port "$n") PARLEY_CLUSTER_PORT=$(artery_port "$n") \
    PARLEY_MANAGEMENT_PORT=$(management_port "$n") PARLEY_SIP_PORT=$((5060 + n + offset)) \
    PARLEY_SIP_RTP_PORT_MIN=$rtp_min PARLEY_SIP_RTP_PORT_MAX=$((rtp_min + 199)) \
    java -XX:+UseCompactObjectHeaders -XX:AOTCache="$aot" -jar "$jar" > "$dir/node$n.log" 2>&1 &
  pids+=($!)
  echo $! > "$dir/node$n.pid"
done

# A node is ready once its journal answers, it is an Up member and its shards are registered;
# on two cores three JVMs starting at once take 20 to 40 seconds.
for n in "${nodes[@]}"; do
  deadline=$((SECONDS + ${CLUSTER_START_TIMEOUT:-180}))
  until curl -fs -o /dev/null "http://127.0.0.1:$(http_port "$n")/health/ready"; do
    kill -0 "$(cat "$dir/node$n.pid")" 2>/dev/null || { tail -n 20 "$dir/node$n.log" >&2; fail "node $n exited; its log is $dir/node$n.log"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "node $n is not ready; its log is $dir/node$n.log"
    sleep 1
  done
done

LB_PORT=$lb_port NODE1_PORT=$(http_port 1) NODE2_PORT=$(http_port 2) NODE3_PORT=$(http_port 3) \
  "$haproxy" -f "$root/deploy/haproxy.cfg" -db > "$dir/haproxy.log" 2>&1 &
pids+=($!)
echo $! > "$dir/haproxy.pid"
until curl -fs -o /dev/null "http://127.0.0.1:$lb_port/health/ready"; do
  kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null || { cat "$dir/haproxy.log" >&2; fail "haproxy exited"; }
  sleep 0.2
done

curl -fsS -H "Authorization: Bearer $PARLEY_OPS_TOKEN" "http://127.0.0.1:$(management_port 1)/cluster/members"
echo
for n in "${nodes[@]}"; do
  echo "node $n: http://127.0.0.1:$(http_port "$n"), management port $(management_port "$n"), pid $(cat "$dir/node$n.pid"), log $dir/node$n.log"
done
echo "operator token: $PARLEY_OPS_TOKEN"
echo "ready: open http://127.0.0.1:$lb_port (HAProxy, log $dir/haproxy.log); Ctrl-C stops the cluster"
wait
