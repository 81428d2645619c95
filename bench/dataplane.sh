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
# Knobs: DURATION=10 (seconds per wrk run), CONNS=32 (wrk connections), THREADS=1 (wrk threads), ROUNDS=30
# (API-to-effect rounds), IDLE=5000 (idle connections), FULCRUM_JAVA_OPTS, KEEP_WORK=1, UNDERLAY=127.10 (the
# loopback /16 the VNet maps onto) and HAPROXY_ADDR=127.0.0.60, so that a second copy can run beside the first.
# Prints a table; writes it under target/bench/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
DURATION="${DURATION:-10}"
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

jar="$here/target/fulcrum.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
  echo "dataplane: building $jar..." >&2
  mvn -B -q -DskipTests package >&2
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
run_wrk() { # name target extra-args...
  local name="$1" target="$2"; shift 2
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://$target/" >"$work/wrk-$name.txt"
  local rps p50 p99
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$name.txt")"
  p50="$(ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk-$name.txt")")"
  p99="$(ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk-$name.txt")")"
  printf '%s.rps=%s\n%s.p50Ms=%s\n%s.p99Ms=%s\n' "$name" "$rps" "$name" "$p50" "$name" "$p99" >>"$results"
}
for lb in haproxy fulcrum; do
  if [ "$lb" = haproxy ]; then target="$HAPROXY_ADDR:80"; else target="$frontend"; fi
  echo "dataplane: $lb keep-alive..." >&2
  run_wrk "$lb.keepalive" "$target"
  echo "dataplane: $lb connection per request..." >&2
  run_wrk "$lb.close" "$target" -H "Connection: close"
  echo "dataplane: $lb 1 GiB transfer..." >&2
  speeds=()
  for _ in 1 2 3; do speeds+=("$(curl -s -o /dev/null -w '%{speed_download}' "http://$target/big")"); done
  printf '%s.bulkMiBps=%s\n' "$lb" "$(printf '%s\n' "${speeds[@]}" | sort -n | sed -n 2p | awk '{ printf "%.0f", $1 / 1048576 }')" >>"$results"
done
echo "dataplane: idle connections..." >&2
java "$here/bench/DataPlaneBench.java" idle --target "$HAPROXY_ADDR:80" --conns "$IDLE" --pid "$haproxy_pid" \
  | sed 's/^/haproxy./' >>"$results"
java "$here/bench/DataPlaneBench.java" idle --target "$frontend" --conns "$IDLE" --pid "$fulcrum_pid" \
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
  echo "wrk -t$THREADS -c$CONNS -d${DURATION}s; members: nginx 1 worker; everything on this machine"
  printf '%-34s %12s %12s %8s\n' "" HAProxy Fulcrum ratio
  for k in keepalive.rps close.rps bulkMiBps; do
    h="$(get "haproxy.$k")"; f="$(get "fulcrum.$k")"
    printf '%-34s %12s %12s %8s\n' "$k (higher is better)" "$h" "$f" "$(ratio "$f" "$h")"
  done
  for k in keepalive.p50Ms keepalive.p99Ms close.p50Ms close.p99Ms idle.bytesPerConn; do
    h="$(get "haproxy.$k")"; f="$(get "fulcrum.$k")"
    printf '%-34s %12s %12s %8s\n' "$k (lower is better)" "$h" "$f" "$(ratio "$f" "$h")"
  done
  echo
  echo "API reply -> data plane effect (Fulcrum), ms:"
  grep '^effect\.' "$results" | sed 's/^effect\./  /'
} | tee "target/bench/dataplane-$stamp.txt"
cp "$results" "target/bench/dataplane-$stamp.properties"
