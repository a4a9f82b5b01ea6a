#!/usr/bin/env bash
# Measures the embeddable widget and the node's own page as a customer's browser sees them: each
# node runs as its own JVM (java -jar), the streaming fake model (../out-of-process/fake-model.js)
# and headless Chromium (driven by browser.js) as processes of their own, over loopback. Several
# jars are measured one after another in the same run, so that a comparison shares the machine's load.
#
#   bench/browser/run.sh before=/tmp/parley-before.jar after=http/target/parley-server.jar
#
# Settings (environment): COLD_LOADS (10), WARM_LOADS (10), QUESTIONS (per chat, 30),
# MODEL_FIRST_TOKEN_MS (how long the fake model waits before its first word; 0), CHROMIUM
# (/usr/bin/chromium). Prints one JSON line per node and a Markdown table at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tenant=demo
key=pk_demo_browser_bench

. "$here/../out-of-process/common.sh"

start_model "${MODEL_FIRST_TOKEN_MS:-0}"

results="$work/results.jsonl"
for spec in "$@"; do
  name="${spec%%=*}"; jar="${spec#*=}"
  http_port="$(free_port)"
  site_port="$(free_port)"
  # The widget's tenant: its publishable key and the company's page as its one allowed origin; the
  # node's page at / chats in the same tenant without a key.
  PARLEY_TENANTS="{\"$tenant\": {\"anonymousWithoutKey\": true, \"publishableKey\": \"$key\", \"allowedOrigins\": [\"http://127.0.0.1:$site_port\"]}}" \
    PARLEY_DEFAULT_TENANT="$tenant" PARLEY_LLM_BASE_URL="http://127.0.0.1:$model_port/v1" PARLEY_LLM_MODEL=bench \
    PARLEY_ANSWER_CACHE=false PARLEY_TENANT_MESSAGES_PER_MINUTE=1000000000 PARLEY_SESSION_TOKEN_BUDGET=1000000000 \
    start_node "$name" "$jar" "$http_port" "$(free_port)" "$(free_port)"
  for _ in $(seq 120); do ready "$http_port" && break; sleep 0.5; done
  load="$(cut -d' ' -f1 /proc/loadavg)"
  line="$(node "$here/browser.js" "$http_port" "$site_port" "$tenant" "$key" \
    "${COLD_LOADS:-10}" "${WARM_LOADS:-10}" "${QUESTIONS:-30}")"
  load_after="$(cut -d' ' -f1 /proc/loadavg)"
  echo "{\"node\":\"$name\",\"load\":[$load,$load_after],\"run\":$line}" | tee -a "$results"
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const f = (s) => `${s.p50} | ${s.p90}`;
console.log("\n| node | load | launcher cold p50 ms | p90 | launcher warm p50 | p90 | ready cold p50 | ready warm p50 | first delta, widget p50 | p90 | first delta, node page p50 | p90 |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const { node, load, run: r } of rows) console.log(`| ${node} | ${load.join("–")} | ${f(r.launcherCold)} | ${f(r.launcherWarm)} | ${r.readyCold.p50} | ${r.readyWarm.p50} | ${f(r.firstDeltaWidget)} | ${f(r.firstDeltaPage)} |`);
' "$results"
