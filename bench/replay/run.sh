#!/usr/bin/env bash
# Replay benchmark: replay jobs (POST /api/v1/replays) on the development jar's embedded defaults.
# Starts the platform, loads events of the catalog into a few tenants (batches, as fast as it takes them), waits until
# the store holds them all, then measures: a replay to a topic at max (one job a tenant), a rebuild of the read models,
# a job at a fixed rate (how close it keeps to it), and live ingest p50/p95/p99 (the load generator, single-event)
# alone and while a replay at max runs (how fast the replay goes meanwhile, how much of the time it yields).
#
#   bench/replay/run.sh                     300,000 events (120,000 in the first tenant), 2,000/s, ingest 150,000/min for 60 s
#   bench/replay/run.sh --quick             20,000 events (10,000), ingest 15 s runs (a smoke test of the script; not the figures)
#   bench/replay/run.sh --events 500000 --rate-events 120000 --rate 2000 --ingest-rate 150000/min --duration 60s
#   bench/replay/run.sh --warmup 10s --connections 200 --tenants 3 --batch 500 --seed 1
#   bench/replay/run.sh --jit-warmup 0     skip the unmeasured ingest run (30 s) that warms the platform's JIT up first
#   bench/replay/run.sh --name replay-try   write bench/results/replay-try.* instead
#   MVN_ARGS=-o bench/replay/run.sh         build offline
#
# Writes bench/results/replay.md (every figure, the command, the machine), replay.json and replay.svg (ingest latency
# without and with a replay, replay rates); --quick writes replay-quick.* (not to be committed).
# Exit status: 0 done, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

EVENTS=300000
RATE_EVENTS=120000
TENANTS=3
RATE=2000
BATCH=500
LOAD_THREADS=4
INGEST_RATE=150000/min
DURATION=60s
WARMUP=10s
JIT_WARMUP=30s
CONNECTIONS=200
SEED=1
PLATFORM_JVM="-Xms1g -Xmx2g"
NAME=replay
COMMAND="bench/replay/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --rate-events) RATE_EVENTS=$2; shift 2 ;;
    --tenants) TENANTS=$2; shift 2 ;;
    --rate) RATE=${2%/s}; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --load-threads) LOAD_THREADS=$2; shift 2 ;;
    --ingest-rate) INGEST_RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --name) NAME=$2; shift 2 ;;
    --quick) EVENTS=20000; RATE_EVENTS=10000; DURATION=15s; WARMUP=3s; JIT_WARMUP=10s; NAME=replay-quick; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

source bench/lib/platform.sh
work_folder replay-bench

echo ">> building the platform, the load generator and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"

echo ">> starting the platform on its embedded defaults in $WORK/platform"
# shellcheck disable=SC2086
start_platform "$WORK/platform" $PLATFORM_JVM

mkdir -p "$WORK/loadgen"
set +e
"$JAVA" -Xmx1g -Dlogback.configurationFile="$ROOT/bench/e2e/logback-quiet.xml" -cp "$BENCH_CP" \
  org.bss.bench.platform.ReplayBenchmark --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" --out-dir bench/results \
  --name "$NAME" --command "$COMMAND" --events "$EVENTS" --rate-events "$RATE_EVENTS" --tenants "$TENANTS" \
  --rate "$RATE" --batch "$BATCH" --load-threads "$LOAD_THREADS" --ingest-rate "$INGEST_RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --jit-warmup "$JIT_WARMUP" --connections "$CONNECTIONS" --seed "$SEED" --platform-pid "$PLATFORM_PID" \
  --postmaster-pid "$POSTMASTER_PID" --platform-jvm "$PLATFORM_JVM" --java "$JAVA" \
  --loadgen-jar "$WORK/jars/bss-loadgen-exec.jar" --loadgen-jvm "-Xms512m -Xmx1536m" --work "$WORK/loadgen" \
  ${JDBC:+--jdbc "$JDBC" --user postgres --password postgres}
STATUS=$?
set -e
if [[ $STATUS -ne 0 ]]; then
  echo "the benchmark failed ($STATUS); the platform's log ends:" >&2
  tail -30 "$WORK/platform/platform.log" >&2
  exit 1
fi
cat "bench/results/$NAME.md"
