#!/usr/bin/env bash
# Time-travel benchmark: GET /api/v1/customers/{id}?asOf= for a customer with 10,000 events; target p99 < 50 ms warm.
# Starts the development jar (embedded Kafka, PostgreSQL, Redis), creates a tenant, posts a year of the customer's
# events (plus background customers) in shuffled batches, waits for the projection and the store, then measures
# the first as-of read (cold), warm reads as of random instants and as of now, and the live read.
#
#   bench/asof/run.sh                       10,000 events, 200 background customers of 50, 200 warm-up + 2,000 reads
#   bench/asof/run.sh --quick               1,000 events, 20 background customers, 50 + 200 reads (a smoke test)
#   bench/asof/run.sh --customer-events 20000 --reads 5000 --seed 7
#   bench/asof/run.sh --parts 0             skip timing the parts of a warm read (TimeTravel's steps replayed)
#   bench/asof/run.sh --jfr                 also record the platform with JFR (profile settings) while it runs
#   bench/asof/run.sh --url http://host:8080 --admin-key-file key.txt
#                                           against a platform that is already running (no CPU figures)
#   MVN_ARGS=-o bench/asof/run.sh           build offline
#
# Writes bench/results/asof.md (figures, where a warm read's time goes, the command, the machine), asof.json and
# asof.svg (latency per case); with --jfr, bench/results/asof/raw/platform.jfr (not committed).
# Exit status: 0 target met, 3 missed, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

URL=""
ADMIN_KEY_FILE=""
CUSTOMER_EVENTS=10000
BACKGROUND_CUSTOMERS=200
BACKGROUND_EVENTS=50
BATCH=500
WARMUP=200
READS=2000
PARTS=1000
SEED=1
JFR=""
PLATFORM_JVM="-Xms1g -Xmx2g"
NAME=asof
COMMAND="bench/asof/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --admin-key-file) ADMIN_KEY_FILE=$2; shift 2 ;;
    --customer-events) CUSTOMER_EVENTS=$2; shift 2 ;;
    --background-customers) BACKGROUND_CUSTOMERS=$2; shift 2 ;;
    --background-events) BACKGROUND_EVENTS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --reads) READS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --parts) PARTS=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --quick) CUSTOMER_EVENTS=1000; BACKGROUND_CUSTOMERS=20; WARMUP=50; READS=200; PARTS=200; NAME=asof-quick; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

source bench/lib/platform.sh
work_folder asof-bench

echo ">> building the platform and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"

JDBC=""
POSTMASTER_PID=0
RAW="bench/results/$NAME/raw"
if [[ -z "$URL" ]]; then
  echo ">> starting the platform on its embedded defaults in $WORK/platform"
  JFR_OPTION=()
  if [[ -n "$JFR" ]]; then
    JFR_OPTION=("-XX:StartFlightRecording=settings=profile,filename=$WORK/platform.jfr,dumponexit=true")
  fi
  # shellcheck disable=SC2086
  start_platform "$WORK/platform" $PLATFORM_JVM "${JFR_OPTION[@]}"
fi
[[ -n "$ADMIN_KEY_FILE" ]] || ADMIN_KEY_FILE=data/admin-api-key

set +e
"$JAVA" -Xmx1g -Dlogback.configurationFile="$ROOT/bench/e2e/logback-quiet.xml" -cp "$BENCH_CP" \
  org.bss.bench.platform.AsOfBenchmark --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" --out-dir bench/results \
  --name "$NAME" --command "$COMMAND" --customer-events "$CUSTOMER_EVENTS" --background-customers "$BACKGROUND_CUSTOMERS" \
  --background-events "$BACKGROUND_EVENTS" --batch "$BATCH" --warmup "$WARMUP" --reads "$READS" --seed "$SEED" \
  --platform-pid "${PLATFORM_PID:-0}" --postmaster-pid "$POSTMASTER_PID" --platform-jvm "$PLATFORM_JVM${JFR:+ (JFR on)}" \
  ${JDBC:+--jdbc "$JDBC" --user postgres --password postgres --parts "$PARTS"}
STATUS=$?
set -e
[[ $STATUS -eq 0 || $STATUS -eq 3 ]] || { echo "the benchmark failed ($STATUS)" >&2; exit 1; }

if [[ -n "$JFR" && -n "$PLATFORM_PID" ]]; then
  echo ">> stopping the platform to write its flight recording"
  kill -TERM "$PLATFORM_PID" 2>/dev/null || true
  wait "$PLATFORM_PID" 2>/dev/null || true
  PLATFORM_PID=""
  rm -rf "$RAW" && mkdir -p "$RAW"
  cp "$WORK/platform.jfr" "$RAW/platform.jfr"
  echo "   $RAW/platform.jfr (jfr view hot-methods $RAW/platform.jfr)"
fi
cat "bench/results/$NAME.md"
exit $STATUS
