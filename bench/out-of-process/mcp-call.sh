#!/usr/bin/env bash
# What the node adds to a tenant's MCP tool call (io.parley.bench.McpCallLatency): the MCP reference
# server (@modelcontextprotocol/server-everything, pinned by http/src/test/mcp-everything, in
# streamable HTTP mode) in a Node.js process of its own on loopback, called with `echo` by the MCP
# Java SDK's own client and by the node's path for a tenant's MCP tools, in turns; prints JSON lines
# of each one's p50 and p99 and the difference, with the load average.
#
#   bench/out-of-process/mcp-call.sh      # after the build of docs/performance.md
#
# Settings (environment): CALLS (10000, measured, each way), WARMUP (5000, each way). Needs Node.js
# and npm (the server is installed with `npm ci` into the work directory) and Java 25.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/common.sh"
calls="${CALLS:-10000}"
warmup="${WARMUP:-5000}"
cp "$root/http/src/test/mcp-everything/package.json" "$root/http/src/test/mcp-everything/package-lock.json" "$work/"
npm ci --prefix "$work" --no-audit --no-fund --ignore-scripts >/dev/null
port="$(free_port)"
PORT="$port" node "$work/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp \
  > "$work/mcp-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" && break
  sleep 0.2
done
echo "{\"loadAverage\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
java -cp "$root/bench/target/benchmarks.jar" io.parley.bench.McpCallLatency "http://127.0.0.1:$port/mcp" "$calls" "$warmup"
echo "{\"loadAverage\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
