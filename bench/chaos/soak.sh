#!/usr/bin/env bash
# Soak: the platform on its embedded defaults under a steady load for a long time, sampled every minute for what would
# show a leak (heap after GC, RSS, threads, file descriptors, TCP sockets, PostgreSQL connections and sizes, Kafka lag),
# then judged on the trend after a warm-up (org.bss.bench.chaos.soak.SoakJudgement; the rule is in the report).
#
#   bench/chaos/soak.sh                         30 minutes at 60,000 events/min, a sample a minute, then verify
#   bench/chaos/soak.sh --duration 4m --every 20s --out /tmp/soak-try
#                                               a smoke test of the suite (warm-up and reference scale to the length)
#   bench/chaos/soak.sh --rate 150000/min --drain 180s --platform-jvm "-Xms1g -Xmx2g" --heap meter
#   MVN_ARGS=-o bench/chaos/soak.sh             build offline
#
# Writes OUT/chaos-soak.md (the rule, the judgement, a sample every 5 minutes, the command, the machine),
# OUT/chaos-soak.html (the same with charts over time), OUT/chaos-soak.json (judgement and every sample) and the load
# generator's own report beside them (OUT/chaos-soak-load.html|json|txt). OUT is bench/results unless --out says.
# Exit status: 0 no leak found and nothing lost, 3 a check failed, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

DURATION=30m
# The rate the embedded defaults hold on two cores for 30 minutes with room to spare (bench/results/chaos-soak.md).
RATE=60000/min
EVERY=60s
DRAIN=120s
OUT_DIR=bench/results
HEAP=jcmd
# The whole heap committed and touched from the start: RSS then moves only with what lives outside the heap.
PLATFORM_JVM="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"
COMMAND="bench/chaos/soak.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --every) EVERY=$2; shift 2 ;;
    --drain) DRAIN=$2; shift 2 ;;
    --out) OUT_DIR=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --platform-jvm) PLATFORM_JVM=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
work_folder chaos-soak
LOADGEN_PID=""
POSTMASTER_PID=0
REPORTED=""
# Everything this script started, last first: the load generator, the sampler, the platform (and its PostgreSQL).
# A run stopped early keeps its samples so far in OUT/chaos-soak.json; SoakReport --in makes the report of them.
stop_all() {
  [[ -n "$LOADGEN_PID" ]] && kill "$LOADGEN_PID" 2>/dev/null && wait "$LOADGEN_PID" 2>/dev/null || true
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null && wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  [[ -n "$PLATFORM_PID" ]] && stop_platform
  if [[ -z "$REPORTED" && -f "$WORK/soak/soak.json" ]]; then
    cp "$WORK/soak/soak.json" "$OUT_DIR/chaos-soak.json"
    echo ">> stopped before the report: the samples so far are in $OUT_DIR/chaos-soak.json"
  fi
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

echo ">> building the platform, the load generator and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"
QUIET=(-Dlogback.configurationFile="$ROOT/bench/e2e/logback-quiet.xml")

echo ">> starting the platform on its embedded defaults in $WORK/platform ($PLATFORM_JVM)"
# shellcheck disable=SC2086
start_platform "$WORK/platform" $PLATFORM_JVM

LOAD_OUT="$WORK/load"
echo ">> load: steady $RATE for $DURATION, single-event, then verify (its log: $WORK/loadgen.log)"
# the soak's report says itself whether the rate was sustained (97 % of it: SoakMarkdown.sustained)
"$JAVA" -Xms512m -Xmx1536m -jar "$WORK/jars/bss-loadgen-exec.jar" run --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" \
  --scenario steady --rate "$RATE" --duration "$DURATION" --verify --max-lost 0 --min-rate-percent 0 \
  --out "$LOAD_OUT" --name chaos-soak-load \
  > "$WORK/loadgen.log" 2>&1 &
LOADGEN_PID=$!
# The first sample is taken as the load starts: once the load generator has made its tenants and says what it runs.
for _ in $(seq 1 120); do
  grep -q '^run: ' "$WORK/loadgen.log" 2>/dev/null && break
  kill -0 "$LOADGEN_PID" 2>/dev/null || { cat "$WORK/loadgen.log"; echo "the load generator stopped" >&2; exit 1; }
  sleep 0.5
done
grep '^run: ' "$WORK/loadgen.log" | sed 's/^/   /'

"$JAVA" -Xmx256m "${QUIET[@]}" -cp "$BENCH_CP" org.bss.bench.chaos.soak.SoakSampler --pid "$PLATFORM_PID" --url "$URL" \
  --admin-key-file "$ADMIN_KEY_FILE" --jdbc "$JDBC" --user postgres --password postgres --out "$WORK/soak" \
  --every "$EVERY" --for "$DURATION" --drain "$DRAIN" --heap "$HEAP" --loadgen-log "$WORK/loadgen.log" \
  --loadgen-pid "$LOADGEN_PID" --postgres-pid "$POSTMASTER_PID" &
SAMPLER_PID=$!
set +e
wait "$SAMPLER_PID"
SAMPLER_STATUS=$?
SAMPLER_PID=""
wait "$LOADGEN_PID"
LOAD_STATUS=$?
set -e
LOADGEN_PID=""
echo ">> the load generator ended ($LOAD_STATUS):"
grep -E '^(verify|report):' "$WORK/loadgen.log" | sed 's/^/   /' || true
[[ $LOAD_STATUS -eq 0 || $LOAD_STATUS -eq 3 ]] || { tail -30 "$WORK/loadgen.log"; echo "the load generator failed" >&2; exit 1; }
[[ -f "$WORK/soak/soak.json" ]] || { echo "the sampler wrote nothing ($SAMPLER_STATUS)" >&2; exit 1; }

echo ">> writing $OUT_DIR/chaos-soak.md, .html, .json and the load generator's report beside them"
for ext in html json txt; do
  cp "$LOAD_OUT/chaos-soak-load.$ext" "$OUT_DIR/" 2>/dev/null || true
done
set +e
"$JAVA" "${QUIET[@]}" -cp "$BENCH_CP" org.bss.bench.chaos.soak.SoakReport --in "$WORK/soak/soak.json" --out "$OUT_DIR/chaos-soak" \
  --loadgen "$LOAD_OUT/chaos-soak-load.json" --loadgen-report chaos-soak-load.html --command "$COMMAND"
STATUS=$?
set -e
[[ $STATUS -eq 0 || $STATUS -eq 3 ]] && REPORTED=yes
[[ $SAMPLER_STATUS -eq 0 ]] || { echo "the sampler stopped early ($SAMPLER_STATUS): the platform's process ended" >&2; exit 1; }
exit $STATUS
