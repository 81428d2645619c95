#!/usr/bin/env bash
# bench/pool-scale.sh: PUT of an IP-based backend pool with 100, 1,000 and 5,000 addresses (median of RUNS creates
# each), and migrateToIpBased of a pool with NICS NIC members, with how long that one transaction holds the store's
# write lock (the server logs it at DEBUG; bench/pool-scale-logback.xml turns that on). Drives the built Fulcrum jar.
#
#   bash bench/pool-scale.sh
#
# Knobs (environment): SIZES=100,1000,5000, RUNS=5, WARMUP=5 (PUTs of a 100-address pool first), NICS=1000 (at most
# 4000), CONCURRENCY=8 (clients creating the NICs), FULCRUM_JAVA_OPTS (JVM options for the server, as ./fulcrum),
# JAR (run this jar instead of building target/fulcrum.jar), KEEP_WORK=1 (keep the temp dir with the data dir and
# server logs). Prints a results table and keeps it (and the raw key=value figures) under target/bench/. Needs Linux
# (/proc) and a JDK 17+. Only 127.0.0.1 is used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

SIZES="${SIZES:-100,1000,5000}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-5}"
NICS="${NICS:-1000}"
CONCURRENCY="${CONCURRENCY:-8}"
JAVA_OPTS="${FULCRUM_JAVA_OPTS:-}"

if [ -n "${JAR:-}" ]; then
  jar="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
else
  jar="$here/target/fulcrum.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
    echo "pool-scale: building $jar (mvn package, tests skipped)..." >&2
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
    echo "pool-scale: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

javac -d "$work/classes" "$here/bench/BenchKit.java" "$here/bench/PoolScale.java"
bench() { java -Dclk.tck="$(getconf CLK_TCK)" -cp "$work/classes" PoolScale "$@"; }
loadavg() { cut -d ' ' -f 1-3 /proc/loadavg | tr ' ' '/'; }

if [ -n "${JAR:-}" ]; then
  commit="unknown (JAR=$JAR)"
else
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+local-changes"; fi
fi
{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(loadavg)"
  echo "meta.cpus=$(nproc)"
  echo "meta.java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "meta.javaOpts=$JAVA_OPTS"
  echo "meta.gitCommit=$commit"
} >"$work/meta.properties"

echo "pool-scale: starting the server..." >&2
# shellcheck disable=SC2086 # FULCRUM_JAVA_OPTS is a word list, as in ./fulcrum
java $JAVA_OPTS -Dlogback.configurationFile="$here/bench/pool-scale-logback.xml" -jar "$jar" serve \
  --host 127.0.0.1 --port 0 --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
line=""
for _ in $(seq 1 600); do
  line="$(grep -m 1 'serves ARM on' "$work/server.out" 2>/dev/null || true)"
  case "$line" in *"serves ARM on"*) break ;; esac
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "pool-scale: the server exited before it was ready:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
case "$line" in *"serves ARM on"*) ;; *) echo "pool-scale: no ready line after 60 s" >&2; exit 1 ;; esac
base="$(sed -n 's|^Fulcrum .* serves ARM on \(https://[^ ]*\) (.*|\1|p' <<<"$line")"
version="$(sed -n 's|^Fulcrum \([^ ]*\) serves ARM on .*|\1|p' <<<"$line")"
case "$base" in https://127.0.0.1:*) ;; *) echo "pool-scale: unexpected URL '$base'" >&2; exit 1 ;; esac
echo "pool-scale: server pid $server_pid at $base" >&2

bench run --base "$base" --data-dir "$work/data" --server-log "$work/server.err" --pid "$server_pid" \
  --sizes "$SIZES" --runs "$RUNS" --warmup "$WARMUP" --nics "$NICS" --concurrency "$CONCURRENCY" \
  >"$work/run.properties"
{
  echo "meta.version=$version"
  echo "meta.loadavgEnd=$(loadavg)"
} >>"$work/meta.properties"

kill "$server_pid"
wait "$server_pid" || true
server_pid=""

cat "$work/meta.properties" "$work/run.properties" >"$out_dir/pool-scale-$stamp.properties"
bench table "$out_dir/pool-scale-$stamp.properties" | tee "$out_dir/pool-scale-$stamp.txt"
echo
echo "results: $out_dir/pool-scale-$stamp.properties"
