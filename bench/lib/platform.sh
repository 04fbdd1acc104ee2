# Sourced by the benchmark scripts: starts the development jar on its embedded defaults in a folder of its own.
#
#   start_platform DIR [JVM options...] [-- platform arguments...]
#       runs WORK/jars/bss-platform-dev.jar in DIR (its data in DIR/data, its log in DIR/platform.log) on a free port
#       and waits until it is UP; sets PLATFORM_PID, URL, ADMIN_KEY_FILE, KAFKA (its bootstrap address), JDBC and
#       POSTMASTER_PID (0 when not found).
#       Needs JAVA and WORK (build_for_bench).
#   work_folder NAME
#       makes WORK, a fresh temporary folder, and on exit stops the sampler (SAMPLER_PID, if a script set it), then
#       the platform (if started), and removes WORK.
#   stop_platform
#       stops the platform with SIGTERM and waits for it and its PostgreSQL to end.
#   cpu_ticks
#       "JVM PostgreSQL Redis": the CPU clock ticks (user + system) so far of this platform's processes only.
work_folder() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  PLATFORM_PID=""
  SAMPLER_PID=""
  trap stop_platform_and_clean EXIT
}

stop_platform_and_clean() {
  [[ -n "${SAMPLER_PID:-}" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [[ -n "${PLATFORM_PID:-}" ]]; then
    kill -TERM "$PLATFORM_PID" 2>/dev/null || true
    wait "$PLATFORM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

start_platform() {
  local dir=$1 port="" pid_file
  shift
  local jvm=() args=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
  [[ "${1:-}" == "--" ]] && shift
  args=("$@")
  mkdir -p "$dir"
  (cd "$dir" && exec "$JAVA" "${jvm[@]}" -jar "$WORK/jars/bss-platform-dev.jar" --server.port=0 "${args[@]}" \
      > "$dir/platform.log" 2>&1) &
  PLATFORM_PID=$!
  for _ in $(seq 1 240); do
    port=$(grep -oE 'Tomcat started on port ([0-9]+)' "$dir/platform.log" 2>/dev/null | grep -oE '[0-9]+$' | head -1 || true)
    [[ -n "$port" ]] && curl -fs "http://localhost:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
    kill -0 "$PLATFORM_PID" 2>/dev/null || { cat "$dir/platform.log"; echo "the platform stopped" >&2; exit 1; }
    sleep 0.5
  done
  [[ -n "$port" ]] || { tail -50 "$dir/platform.log"; echo "the platform did not come up" >&2; exit 1; }
  URL="http://localhost:$port"
  ADMIN_KEY_FILE="$dir/data/admin-api-key"
  KAFKA=$(grep -oE 'devservices: kafka .* at [^ ]+' "$dir/platform.log" | head -1 | sed -E 's/.* at ([^ ]+)$/\1/')
  JDBC=$(grep -oE 'jdbc:postgresql://[^ )]+' "$dir/platform.log" | head -1)
  POSTMASTER_PID=0
  pid_file=$(find "$dir/data" -name postmaster.pid 2>/dev/null | head -1)
  [[ -n "$pid_file" ]] && POSTMASTER_PID=$(head -1 "$pid_file")
  echo "   up at $URL (pid $PLATFORM_PID; Kafka $KAFKA, PostgreSQL $JDBC, postmaster pid $POSTMASTER_PID)"
}

stop_platform() {
  kill -TERM "$PLATFORM_PID" 2>/dev/null || true
  wait "$PLATFORM_PID" 2>/dev/null || true
  PLATFORM_PID=""
  for _ in $(seq 1 30); do
    [[ "$POSTMASTER_PID" == 0 ]] || ! kill -0 "$POSTMASTER_PID" 2>/dev/null && break
    sleep 1
  done
}

proc_ticks() { # pid: user + system clock ticks so far, 0 when gone (fields 14 and 15, counted after comm's ")")
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  echo "$stat" | awk '{print $12 + $13}'
}

# Only this platform's processes (the JVM, its postmaster and backends, its redis-server child): other servers may
# run on the same machine.
cpu_ticks() {
  local jvm=0 pg=0 redis=0 pid
  [[ -n "${PLATFORM_PID:-}" ]] && jvm=$(proc_ticks "$PLATFORM_PID")
  if [[ "${POSTMASTER_PID:-0}" != 0 ]]; then
    for pid in "$POSTMASTER_PID" $(pgrep -P "$POSTMASTER_PID" || true); do pg=$((pg + $(proc_ticks "$pid"))); done
  fi
  if [[ -n "${PLATFORM_PID:-}" ]]; then
    for pid in $(pgrep -P "$PLATFORM_PID" -f redis-server || true); do redis=$((redis + $(proc_ticks "$pid"))); done
  fi
  echo "$jvm $pg $redis"
}
