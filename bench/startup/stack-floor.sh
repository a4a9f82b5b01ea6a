#!/usr/bin/env bash
# Builds the stack's floor (bench's StackFloor: Pekko cluster, sharding, Persistence JDBC on H2 and
# HTTP, started as a node starts them, and the least of chat protocol v1, without Parley's code) as
# a jar that runs on the server jar's libraries, and trains an ahead-of-time cache for it as the
# build trains the node's: a start, then 90 messages from 3 customers (load.js), then a stop.
# startup-time.py and bench/out-of-process/run.sh then start and load it as they do a node.
#
# Usage: bench/startup/stack-floor.sh SERVER_JAR OUT_DIR
#   writes OUT_DIR/stack-floor.jar and OUT_DIR/stack-floor.aot (and links the server jar there); then:
#   bench/startup/startup-time.py 5 floor=OUT_DIR/stack-floor.jar:-XX:+UseCompactObjectHeaders,-XX:AOTCache=OUT_DIR/stack-floor.aot
set -euo pipefail
server_jar="$(realpath "$1")"
out="$(mkdir -p "$2" && realpath "$2")"
bench="$(cd "$(dirname "$0")/.." && pwd)"
here="$bench/out-of-process"
. "$here/common.sh"

javac -d "$work/classes" -cp "$server_jar" "$bench/src/main/java/io/parley/bench/StackFloor.java"
# The manifest's Class-Path names the server jar beside the floor's (a link): the JVM archives the
# classes of a relative Class-Path only.
ln -sf "$server_jar" "$out/parley-server.jar"
printf 'Class-Path: parley-server.jar\n' > "$work/manifest.txt"
jar --create --file "$out/stack-floor.jar" --main-class io.parley.bench.StackFloor \
  --manifest "$work/manifest.txt" -C "$work/classes" io

port="$(free_port)"
PARLEY_DATA_DIR="$work/data" PARLEY_HTTP_PORT="$port" java -XX:+UseCompactObjectHeaders -Xlog:aot=error \
  -XX:AOTCacheOutput="$out/stack-floor.aot" -jar "$out/stack-floor.jar" > "$work/floor.log" 2>&1 &
floor=$!
pids+=($floor)
for _ in $(seq 240); do ready "$port" && break; sleep 0.5; done
ready "$port" || { cat "$work/floor.log" >&2; exit 1; }
node "$here/load.js" "$port" 3 0 30 10 > /dev/null
kill -TERM "$floor"
wait "$floor" || true # the JVM writes the cache as it exits
[ -s "$out/stack-floor.aot" ] || { cat "$work/floor.log" >&2; exit 1; }
echo "stack floor: $out/stack-floor.jar, its cache $out/stack-floor.aot"
