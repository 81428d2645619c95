# bench/lib.sh: the prologue the benchmark scripts share, sourced (not run) after `set -euo pipefail`:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_setup NAME [JAR]      # NAME prefixes messages; JAR (may be empty) runs that jar instead of building one
#   bench_compile PROGRAM       # compiles bench/PROGRAM.java with BenchKit.java; then `bench ARGS...` runs it
#   start_server [JAVA_OPTION...] / stop_server
#
# bench_setup sets here (the checkout, also the working dir), jar, commit (for meta.gitCommit), stamp, out_dir
# (target/bench) and work (a temp dir, removed at exit unless KEEP_WORK=1; a server still running then is stopped).
# start_server sets server_pid, base (https://127.0.0.1:PORT) and version. Only 127.0.0.1 is used.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
JAVA_OPTS="${FULCRUM_JAVA_OPTS:-}"

bench_setup() {
  bench_name="$1"
  local given="${2:-}"
  # The jar, built the way ./fulcrum builds it: when missing or older than pom.xml or src/main. A given jar (a copy
  # of an earlier target/fulcrum.jar, to compare before and after a change) is run as it is; nothing is built.
  if [ -n "$given" ]; then
    jar="$(cd "$(dirname "$given")" && pwd)/$(basename "$given")"
    commit="unknown (JAR=$given)"
  else
    jar="$here/target/fulcrum.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]; then
      echo "$bench_name: building $jar (mvn package, tests skipped)..." >&2
      mvn -B -q -DskipTests package >&2
    fi
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+local-changes"; fi
  fi
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  out_dir="$here/target/bench"
  mkdir -p "$out_dir"
  work="$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-bench.XXXXXX")"
  server_pid=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then
    echo "$bench_name: kept $work" >&2
  else
    rm -rf "$work"
  fi
}

# javac -d: Java 17's source launcher runs one file only, and the programs share BenchKit.java.
bench_compile() {
  bench_program="$1"
  javac -d "$work/classes" "$here/bench/BenchKit.java" "$here/bench/$bench_program.java"
}

bench() { java -Dclk.tck="$(getconf CLK_TCK)" -cp "$work/classes" "$bench_program" "$@"; }

# A field of /proc/<pid>/status (VmRSS and VmHWM are in kB).
status_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

loadavg() { cut -d ' ' -f 1-3 /proc/loadavg | tr ' ' '/'; }

# The machine and the JVM, as meta.* lines for a report's header.
host_meta() {
  echo "meta.cpus=$(nproc)"
  echo "meta.cpuModel=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "meta.memTotalMb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "meta.os=$(uname -sr)"
  echo "meta.java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "meta.javaOpts=$JAVA_OPTS"
}

# The server on 127.0.0.1, port 0, with a fresh data dir $work/data; the arguments go to java before -jar.
start_server() {
  # shellcheck disable=SC2086 # FULCRUM_JAVA_OPTS is a word list, as in ./fulcrum
  java $JAVA_OPTS "$@" -jar "$jar" serve --host 127.0.0.1 --port 0 --data-dir "$work/data" \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  local line=""
  for _ in $(seq 1 600); do
    # the ready line is the server's first; JVM options such as -XX:StartFlightRecording may log before it
    line="$(grep -m 1 'serves ARM on' "$work/server.out" 2>/dev/null || true)"
    case "$line" in *"serves ARM on"*) break ;; esac
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$bench_name: the server exited before it was ready:" >&2
      cat "$work/server.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  case "$line" in *"serves ARM on"*) ;; *) echo "$bench_name: no ready line after 60 s" >&2; exit 1 ;; esac
  base="$(sed -n 's|^Fulcrum .* serves ARM on \(https://[^ ]*\) (.*|\1|p' <<<"$line")"
  version="$(sed -n 's|^Fulcrum \([^ ]*\) serves ARM on .*|\1|p' <<<"$line")"
  case "$base" in https://127.0.0.1:*) ;; *) echo "$bench_name: unexpected URL '$base'" >&2; exit 1 ;; esac
  echo "$bench_name: server pid $server_pid at $base" >&2
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}
