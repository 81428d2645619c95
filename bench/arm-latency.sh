#!/usr/bin/env bash
# bench/arm-latency.sh: start-up time, memory, and ARM request latency/throughput of the built Fulcrum jar.
#
#   bash bench/arm-latency.sh
#
# Knobs (environment): RUNS=5 (start-up runs), REQUESTS=3000 and WARMUP=500 (per latency phase),
# CONNECTIONS=8 (the concurrent phase), IDLE_SECONDS=5, FULCRUM_JAVA_OPTS (JVM options for the server, as ./fulcrum),
# KEEP_WORK=1 (keep the temp dir with the data dirs and server logs).
# Prints a results table and writes it as JSON (and text) under target/bench/. Needs Linux (/proc) and a JDK 17+.
# Only 127.0.0.1 is used.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-5}"
REQUESTS="${REQUESTS:-3000}"
WARMUP="${WARMUP:-500}"
CONNECTIONS="${CONNECTIONS:-8}"
IDLE_SECONDS="${IDLE_SECONDS:-5}"

bench_setup arm-latency
bench_compile ArmLatency

# --- context ------------------------------------------------------------------------------------------------------
{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(cut -d ' ' -f 1 /proc/loadavg)"
  host_meta
  # shellcheck disable=SC2086
  echo "meta.serverMaxHeapMb=$(java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 == "MaxHeapSize" { printf "%d", $4 / 1048576 }')"
  # shellcheck disable=SC2086
  echo "meta.serverGc=$(java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { print $2 }')"
  echo "meta.gitCommit=$commit"
  echo "meta.jar=target/fulcrum.jar"
  echo "meta.requests=$REQUESTS"
  echo "meta.warmup=$WARMUP"
} >"$work/meta.properties"

# --- 1. start-up: first start (empty data dir) and second start (same dir), RUNS times ----------------------------
echo "arm-latency: start-up, $RUNS runs (+1 warm-up) of first and second start..." >&2
bench startup --jar "$jar" --work "$work" --runs "$RUNS" --java-opts "$JAVA_OPTS" >"$work/startup.properties"

# --- 2. the server for memory and latency: 127.0.0.1, port 0 -----------------------------------------------------
echo "arm-latency: starting the server for the latency run..." >&2
start_server
ready_rss="$(status_of "$server_pid" VmRSS)"
port="${base##*:}"

bench wait --base "$base" --data-dir "$work/data"
sleep "$IDLE_SECONDS"
idle_rss="$(status_of "$server_pid" VmRSS)"
idle_threads="$(status_of "$server_pid" Threads)"

# --- 3. latency and throughput -------------------------------------------------------------------------------------
echo "arm-latency: latency: GET and PUT, 1 then $CONNECTIONS keep-alive connections," \
  "$WARMUP warm-up + $REQUESTS measured requests each..." >&2
bench latency --base "$base" --data-dir "$work/data" --port "$port" --requests "$REQUESTS" --warmup "$WARMUP" \
  --connections "$CONNECTIONS" --pid "$server_pid" >"$work/latency.properties"
after_rss="$(status_of "$server_pid" VmRSS)"
after_hwm="$(status_of "$server_pid" VmHWM)"
after_threads="$(status_of "$server_pid" Threads)"

stop_server

{
  echo "meta.version=$version"
  echo "meta.loadavgEnd=$(cut -d ' ' -f 1 /proc/loadavg)"
  echo "memory.readyRssKb=$ready_rss"
  echo "memory.idleSeconds=$IDLE_SECONDS"
  echo "memory.idleRssKb=$idle_rss"
  echo "memory.idleThreads=$idle_threads"
  echo "memory.afterRssKb=$after_rss"
  echo "memory.afterHwmKb=$after_hwm"
  echo "memory.afterThreads=$after_threads"
  echo "memory.serverLogBytes=$(wc -c <"$work/server.err" | tr -d ' ')"
} >"$work/memory.properties"

# --- report --------------------------------------------------------------------------------------------------------
json="$out_dir/arm-latency-$stamp.json"
bench report --json "$json" "$work/meta.properties" "$work/startup.properties" "$work/memory.properties" \
  "$work/latency.properties" | tee "$out_dir/arm-latency-$stamp.txt"
echo
echo "results: $json"
