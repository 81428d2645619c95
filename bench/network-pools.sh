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
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

bench_setup network-pools "${JAR:-}"
bench_compile NetworkPools

# --- context ------------------------------------------------------------------------------------------------------
{
  echo "meta.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "meta.loadavgStart=$(loadavg)"
  host_meta
  echo "meta.gitCommit=$commit"
  echo "meta.jar=$jar"
} >"$work/meta.properties"

# --- the server: 127.0.0.1, port 0, a fresh data dir ---------------------------------------------------------------
echo "network-pools: starting the server..." >&2
start_server

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

stop_server

# --- report --------------------------------------------------------------------------------------------------------
json="$out_dir/network-pools-$stamp.json"
bench report --json "$json" "$work/meta.properties" "$work/run.properties" "$work/end.properties" \
  | tee "$out_dir/network-pools-$stamp.txt"
echo
echo "results: $json"
