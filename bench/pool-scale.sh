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
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES="${SIZES:-100,1000,5000}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-5}"
NICS="${NICS:-1000}"
CONCURRENCY="${CONCURRENCY:-8}"

bench_setup pool-scale "${JAR:-}"
bench_compile PoolScale

{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(loadavg)"
  echo "meta.cpus=$(nproc)"
  echo "meta.java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "meta.javaOpts=$JAVA_OPTS"
  echo "meta.gitCommit=$commit"
} >"$work/meta.properties"

echo "pool-scale: starting the server..." >&2
start_server -Dlogback.configurationFile="$here/bench/pool-scale-logback.xml"

bench run --base "$base" --data-dir "$work/data" --server-log "$work/server.err" --pid "$server_pid" \
  --sizes "$SIZES" --runs "$RUNS" --warmup "$WARMUP" --nics "$NICS" --concurrency "$CONCURRENCY" \
  >"$work/run.properties"
{
  echo "meta.version=$version"
  echo "meta.loadavgEnd=$(loadavg)"
} >>"$work/meta.properties"

stop_server

cat "$work/meta.properties" "$work/run.properties" >"$out_dir/pool-scale-$stamp.properties"
bench table "$out_dir/pool-scale-$stamp.properties" | tee "$out_dir/pool-scale-$stamp.txt"
echo
echo "results: $out_dir/pool-scale-$stamp.properties"
