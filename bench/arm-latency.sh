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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

RUNS="${RUNS:-5}"
REQUESTS="${REQUESTS:-3000}"
WARMUP="${WARMUP:-500}"
CONNECTIONS="${CONNECTIONS:-8}"
IDLE_SECONDS="${IDLE_SECONDS:-5}"
JAVA_OPTS="${FULCRUM_JAVA_OPTS:-}"

# The jar, built the way ./fulcrum builds it: when missing or older than pom.xml or src/main.
jar="$here/target/fulcrum.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
  echo "arm-latency: building $jar (mvn package, tests skipped)..." >&2
  mvn -B -q -DskipTests package >&2
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out_dir="$here/target/bench"
mkdir -p "$out_dir"
work="$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-bench.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then
    echo "arm-latency: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

bench() { java -Dclk.tck="$(getconf CLK_TCK)" "$here/bench/ArmLatency.java" "$@"; }
# A field of /proc/<pid>/status (VmRSS and VmHWM are in kB).
status_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# --- context ------------------------------------------------------------------------------------------------------
{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(cut -d ' ' -f 1 /proc/loadavg)"
  echo "meta.cpus=$(nproc)"
  echo "meta.cpuModel=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "meta.memTotalMb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "meta.os=$(uname -sr)"
  echo "meta.java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "meta.javaOpts=$JAVA_OPTS"
  # shellcheck disable=SC2086
  echo "meta.serverMaxHeapMb=$(java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 == "MaxHeapSize" { printf "%d", $4 / 1048576 }')"
  # shellcheck disable=SC2086
  echo "meta.serverGc=$(java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { print $2 }')"
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+local-changes"; fi
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
# shellcheck disable=SC2086 # FULCRUM_JAVA_OPTS is a word list, as in ./fulcrum
java $JAVA_OPTS -jar "$jar" serve --host 127.0.0.1 --port 0 --data-dir "$work/data" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
line=""
for _ in $(seq 1 600); do
  # the ready line is the server's first; JVM options such as -XX:StartFlightRecording may log before it
  line="$(grep -m 1 'serves ARM on' "$work/server.out" 2>/dev/null || true)"
  case "$line" in *"serves ARM on"*) break ;; esac
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "arm-latency: the server exited before it was ready:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
case "$line" in *"serves ARM on"*) ;; *) echo "arm-latency: no ready line after 60 s" >&2; exit 1 ;; esac
ready_rss="$(status_of "$server_pid" VmRSS)"
base="$(sed -n 's|^Fulcrum .* serves ARM on \(https://[^ ]*\) (.*|\1|p' <<<"$line")"
version="$(sed -n 's|^Fulcrum \([^ ]*\) serves ARM on .*|\1|p' <<<"$line")"
port="${base##*:}"
case "$base" in https://127.0.0.1:*) ;; *) echo "arm-latency: unexpected URL '$base'" >&2; exit 1 ;; esac
echo "arm-latency: server pid $server_pid at $base" >&2

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

kill "$server_pid"
wait "$server_pid" || true
server_pid=""

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
