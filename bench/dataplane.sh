#!/usr/bin/env bash
# bench/dataplane.sh: Fulcrum's data plane against HAProxy (Debian's, TCP mode), side by side, with the same two
# nginx members: requests/s and latency (wrk, keep-alive and connection-per-request), a 1 GiB transfer, resident
# memory per idle connection, and the time from an API reply to the data plane honouring it.
#
#   bash bench/dataplane.sh
#
# Installs haproxy, wrk and nginx-light from Debian when absent (needs root). Everything listens on 127.x only:
# members 127.10.0.4:8080 and 127.10.0.5:8080, HAProxy on 127.0.0.60:80, Fulcrum's frontend 10.0.0.100:80 mapped
# by --underlay 10.0.0.0/16=127.10.0.0/16 onto 127.10.0.100:80.
# Each target is warmed up first (WARMUP seconds of each load), then the loads run ROUNDS_LOAD times alternating
# HAProxy and Fulcrum; the table shows medians.
# Knobs: DURATION=10 (seconds per wrk run), WARMUP=5, ROUNDS_LOAD=3, CONNS=32 (wrk connections), THREADS=1 (wrk threads), ROUNDS=30
# (API-to-effect rounds), IDLE=5000 (idle connections), FULCRUM_JAVA_OPTS, JAR (run this jar instead), KEEP_WORK=1, UNDERLAY=127.10 (the
# loopback /16 the VNet maps onto) and HAPROXY_ADDR=127.0.0.60, so that a second copy can run beside the first.
# Prints a table; writes it under target/bench/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
ROUNDS_LOAD="${ROUNDS_LOAD:-3}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-1}"
ROUNDS="${ROUNDS:-30}"
IDLE="${IDLE:-5000}"
JAVA_OPTS="${FULCRUM_JAVA_OPTS:-}"
UNDERLAY="${UNDERLAY:-127.10}"
HAPROXY_ADDR="${HAPROXY_ADDR:-127.0.0.60}"
member_a="$UNDERLAY.0.4:8080"
member_b="$UNDERLAY.0.5:8080"
frontend="$UNDERLAY.0.100:80"

need=()
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ "${#need[@]}" -gt 0 ]; then
  echo "dataplane: installing ${need[*]} from Debian..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi
export PATH="$PATH:/usr/sbin"

# JAR=path runs another build (a copy of an earlier target/fulcrum.jar, to compare before and after a change).
if [ -n "${JAR:-}" ]; then
  jar="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
else
  jar="$here/target/fulcrum.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
    echo "dataplane: building $jar..." >&2
    mvn -B -q -DskipTests package >&2
  fi
fi

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -H -n)"
# HAProxy wants two descriptors per connection and refuses to raise its limit past the hard one.
haproxy_maxconn=$(( $(ulimit -n) / 2 - 100 ))
work="$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-dataplane.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "dataplane: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- members: nginx, one worker, two servers that name themselves; /big is 1 GiB ----------------------------------
mkdir -p "$work/nginx/logs" "$work/www"
truncate -s 1G "$work/www/big"
# nginx's workers run as www-data: they must be able to read the file through the private temp dir.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/big"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
worker_rlimit_nofile 65536;
events { worker_connections 30000; }
http {
  access_log off;
  keepalive_requests 1000000;
  sendfile on;
  server { listen $member_a; root $work/www; location = / { return 200 "member 10.0.0.4\n"; } }
  server { listen $member_b; root $work/www; location = / { return 200 "member 10.0.0.5\n"; } }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

# --- HAProxy, TCP mode, the same members, a TCP check like Fulcrum's probe ----------------------------------------
cat >"$work/haproxy.cfg" <<CONF
global
  maxconn $haproxy_maxconn
defaults
  mode tcp
  timeout connect 5s
  timeout client 240s
  timeout server 240s
frontend fe
  bind $HAPROXY_ADDR:80
  default_backend members
backend members
  balance roundrobin
  server a $member_a check inter 5s
  server b $member_b check inter 5s
CONF
haproxy -f "$work/haproxy.cfg" -db &
haproxy_pid=$!
pids+=($haproxy_pid)

# --- Fulcrum ------------------------------------------------------------------------------------------------------
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$jar" serve --port 0 --data-dir "$work/data" --underlay "10.0.0.0/16=$UNDERLAY.0.0/16" \
  >"$work/fulcrum.out" 2>"$work/fulcrum.err" &
fulcrum_pid=$!
pids+=($fulcrum_pid)
base=""
for _ in $(seq 1 600); do
  base="$(sed -n 's|^Fulcrum .* serves ARM on \(https://[^ ]*\) (.*|\1|p' "$work/fulcrum.out" | head -n 1)"
  [ -n "$base" ] && break
  kill -0 "$fulcrum_pid" 2>/dev/null || { cat "$work/fulcrum.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "dataplane: Fulcrum did not start" >&2; exit 1; }
token="$(java -jar "$jar" token --data-dir "$work/data")"
bench() { java "$here/bench/DataPlaneBench.java" "$@" --base "$base" --token "$token" --ca "$work/data/ca.pem"; }
pool_url="$(bench setup --members 10.0.0.4,10.0.0.5 --frontend 10.0.0.100 --port 80 --backend-port 8080)"

wait_for() {
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://$1/" && return 0; sleep 0.1; done
  echo "dataplane: $1 does not answer" >&2; exit 1
}
wait_for "$HAPROXY_ADDR:80"
wait_for "$frontend"

# --- load ---------------------------------------------------------------------------------------------------------
results="$work/results.properties"
: >"$results"
ms() { # wrk latency "1.23ms" / "456.00us" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
run_wrk() { # name round target extra-args...
  local name="$1" round="$2" target="$3"; shift 3
  local out="$work/wrk-$name-$round.txt"
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://$target/" >"$out"
  printf '%s\t%s\t%s\n' "$(awk '/^Requests\/sec:/ { print $2 }' "$out")" \
    "$(ms "$(awk '$1 == "50%" { print $2 }' "$out")")" "$(ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
    >>"$work/rounds-$name.tsv"
}
median_col() { sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
target_of() { if [ "$1" = haproxy ]; then echo "$HAPROXY_ADDR:80"; else echo "$frontend"; fi; }
for lb in haproxy fulcrum; do
  echo "dataplane: warming up $lb..." >&2
  wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "http://$(target_of $lb)/" >/dev/null
  wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "Connection: close" "http://$(target_of $lb)/" >/dev/null
done
for round in $(seq "$ROUNDS_LOAD"); do
  for lb in haproxy fulcrum; do
    echo "dataplane: round $round/$ROUNDS_LOAD, $lb: keep-alive, connection per request, 1 GiB..." >&2
    run_wrk "$lb.keepalive" "$round" "$(target_of $lb)"
    run_wrk "$lb.close" "$round" "$(target_of $lb)" -H "Connection: close"
    curl -s -o /dev/null -w '%{speed_download}\n' "http://$(target_of $lb)/big" >>"$work/rounds-$lb.bulk"
  done
done
for lb in haproxy fulcrum; do
  for mode in keepalive close; do
    f="$work/rounds-$lb.$mode.tsv"
    printf '%s.%s.rps=%s\n%s.%s.p50Ms=%s\n%s.%s.p99Ms=%s\n' "$lb" "$mode" "$(median_col "$f" 1)" \
      "$lb" "$mode" "$(median_col "$f" 2)" "$lb" "$mode" "$(median_col "$f" 3)" >>"$results"
  done
  printf '%s.bulkMiBps=%s\n' "$lb" "$(median_col "$work/rounds-$lb.bulk" 1 | awk '{ printf "%.0f", $1 / 1048576 }')" \
    >>"$results"
done
echo "dataplane: idle connections..." >&2
java "$here/bench/DataPlaneBench.java" idle --target "$HAPROXY_ADDR:80" --conns "$IDLE" --pid "$haproxy_pid" \
  | sed 's/^/haproxy./' >>"$results"
java "$here/bench/DataPlaneBench.java" idle --target "$frontend" --conns "$IDLE" --pid "$fulcrum_pid" --jvm true \
  | sed 's/^/fulcrum./' >>"$results"
echo "dataplane: API reply to effect ($ROUNDS rounds each)..." >&2
bench effect --pool-url "$pool_url" --members 10.0.0.4,10.0.0.5 --target "$frontend" --rounds "$ROUNDS" \
  >>"$results"

# --- report -------------------------------------------------------------------------------------------------------
get() { awk -F= -v k="$1" '$1 == k { print $2 }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p target/bench
{
  echo "Fulcrum data plane vs HAProxy $(haproxy -v | head -n 1 | awk '{ print $3 }') (TCP mode), $(nproc) cores, load $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "wrk -t$THREADS -c$CONNS -d${DURATION}s, medians of $ROUNDS_LOAD alternating rounds after a ${WARMUP}s warm-up; members: nginx 1 worker; everything on this machine"
  echo "idle.bytesPerConn: resident memory growth with $IDLE idle connections open (a JVM's heap is already resident, so for"
  echo "Fulcrum the live-heap growth after a full GC, idle.liveHeapBytesPerConn, is the telling figure)"
  printf '%-34s %12s %12s %8s\n' "" HAProxy Fulcrum ratio
  for k in keepalive.rps close.rps bulkMiBps; do
    h="$(get "haproxy.$k")"; f="$(get "fulcrum.$k")"
    printf '%-34s %12s %12s %8s\n' "$k (higher is better)" "$h" "$f" "$(ratio "$f" "$h")"
  done
  for k in keepalive.p50Ms keepalive.p99Ms close.p50Ms close.p99Ms idle.bytesPerConn idle.liveHeapBytesPerConn; do
    h="$(get "haproxy.$k")"; f="$(get "fulcrum.$k")"
    printf '%-34s %12s %12s %8s\n' "$k (lower is better)" "$h" "$f" "$(ratio "$f" "$h")"
  done
  echo
  echo "API reply -> data plane effect (Fulcrum), ms:"
  grep '^effect\.' "$results" | sed 's/^effect\./  /'
} | tee "target/bench/dataplane-$stamp.txt"
cp "$results" "target/bench/dataplane-$stamp.properties"
