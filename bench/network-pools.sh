#!/usr/bin/env bash
# bench/network-pools.sh: load-balancer PUTs, NIC creation into one backend pool, GETs of a large pool, and whether
# a pool GET depends on how many other NICs the subscription holds. Drives the built Fulcrum jar.
#
#   bash bench/network-pools.sh
#
# Knobs (environment): NICS=1000 (per NIC-creation phase, at most 4000: one /20 each), CONCURRENCY=8,
# NIC_WARMUP=200, LB_PUTS=15 and LB_WARMUP=10, GETS=500 and GET_WARMUP=200 (pool GETs), SMALL=10 (members of the
# small pool), SMALL_GETS=2000, UNRELATED=10000 (unrelated NICs for the isolation check), FULCRUM_JAVA_OPTS (JVM
# options for the server, as ./fulcrum), JAR (run this jar instead of building target/fulcrum.jar), KEEP_WORK=1 (keep
# the temp dir with the data dir and server logs).
# Prints a results table and writes it as JSON (and text) under target/bench/. Needs Linux (/proc) and a JDK 17+.
# Only 127.0.0.1 is used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

NICS="${NICS:-1000}"
CONCURRENCY="${CONCURRENCY:-8}"
NIC_WARMUP="${NIC_WARMUP:-200}"
LB_PUTS="${LB_PUTS:-15}"
LB_WARMUP="${LB_WARMUP:-10}"
GETS="${GETS:-500}"
GET_WARMUP="${GET_WARMUP:-200}"
SMALL="${SMALL:-10}"
SMALL_GETS="${SMALL_GETS:-2000}"
UNRELATED="${UNRELATED:-10000}"
JAVA_OPTS="${FULCRUM_JAVA_OPTS:-}"

# The jar, built the way ./fulcrum builds it: when missing or older than pom.xml or src/main. JAR=path runs another
# build instead (a copy of an earlier target/fulcrum.jar, to compare before and after a change); nothing is built.
if [ -n "${JAR:-}" ]; then
  jar="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
else
  jar="$here/target/fulcrum.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
    echo "network-pools: building $jar (mvn package, tests skipped)..." >&2
    mvn -B -q -DskipTests package >&2
  fi
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
    echo "network-pools: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

javac -d "$work/classes" "$here/bench/BenchKit.java" "$here/bench/NetworkPools.java"
bench() { java -Dclk.tck="$(getconf CLK_TCK)" -cp "$work/classes" NetworkPools "$@"; }
status_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
loadavg() { cut -d ' ' -f 1-3 /proc/loadavg | tr ' ' '/'; }

# --- context ------------------------------------------------------------------------------------------------------
{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(loadavg)"
  echo "meta.cpus=$(nproc)"
  echo "meta.cpuModel=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "meta.memTotalMb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "meta.os=$(uname -sr)"
  echo "meta.java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "meta.javaOpts=$JAVA_OPTS"
  if [ -n "${JAR:-}" ]; then
    commit="unknown (JAR=$JAR)"
  else
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+local-changes"; fi
  fi
  echo "meta.gitCommit=$commit"
  echo "meta.jar=$jar"
} >"$work/meta.properties"

# --- the server: 127.0.0.1, port 0, a fresh data dir ---------------------------------------------------------------
echo "network-pools: starting the server..." >&2
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
    echo "network-pools: the server exited before it was ready:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
case "$line" in *"serves ARM on"*) ;; *) echo "network-pools: no ready line after 60 s" >&2; exit 1 ;; esac
base="$(sed -n 's|^Fulcrum .* serves ARM on \(https://[^ ]*\) (.*|\1|p' <<<"$line")"
version="$(sed -n 's|^Fulcrum \([^ ]*\) serves ARM on .*|\1|p' <<<"$line")"
case "$base" in https://127.0.0.1:*) ;; *) echo "network-pools: unexpected URL '$base'" >&2; exit 1 ;; esac
echo "network-pools: server pid $server_pid at $base" >&2

# The isolation check (phase 4) compares two subscriptions of its own, so that "unrelated NICs in the subscription"
# is exactly what the benchmark put there. The admin command writes to the same database while the server runs.
iso_subs=""
for name in isolation-few isolation-many; do
  # shellcheck disable=SC2086
  id="$(java $JAVA_OPTS -jar "$jar" subscription create --name "bench-$name" --data-dir "$work/data" | tail -n 1)"
  iso_subs="${iso_subs:+$iso_subs,}$id"
done

# --- the phases ---------------------------------------------------------------------------------------------------
echo "network-pools: $NICS NICs per creation phase, $UNRELATED unrelated NICs; this takes several minutes..." >&2
bench run --base "$base" --data-dir "$work/data" --pid "$server_pid" --isolation-subscriptions "$iso_subs" \
  --lb-puts "$LB_PUTS" --lb-warmup "$LB_WARMUP" --nics "$NICS" --nic-warmup "$NIC_WARMUP" \
  --concurrency "$CONCURRENCY" --gets "$GETS" --get-warmup "$GET_WARMUP" --small "$SMALL" \
  --small-gets "$SMALL_GETS" --unrelated "$UNRELATED" >"$work/run.properties"

{
  echo "meta.version=$version"
  echo "meta.loadavgEnd=$(loadavg)"
  echo "memory.afterRssKb=$(status_of "$server_pid" VmRSS)"
  echo "memory.afterHwmKb=$(status_of "$server_pid" VmHWM)"
  echo "database.bytes=$(cat "$work/data/fulcrum.db" "$work/data/fulcrum.db-wal" 2>/dev/null | wc -c | tr -d ' ')"
} >"$work/end.properties"

kill "$server_pid"
wait "$server_pid" || true
server_pid=""

# --- report --------------------------------------------------------------------------------------------------------
json="$out_dir/network-pools-$stamp.json"
bench report --json "$json" "$work/meta.properties" "$work/run.properties" "$work/end.properties" \
  | tee "$out_dir/network-pools-$stamp.txt"
echo
echo "results: $json"
