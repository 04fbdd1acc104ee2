#!/usr/bin/env bash
# End-to-end benchmark: the platform on its embedded defaults (or at --url), the load generator driving it,
# the verifier proving nothing was lost, each stage's CPU per event beside its floor and the ceilings of the same machine,
# and the Strimzi Kafka Bridge beside the platform when its distribution is there (bench/peer/run.sh). Each measured
# phase, and the floors, start once every consumer group of the platform is under 1,000 records behind.
#
#   bench/e2e/run.sh                    single-event mode at 400,000 events/min for 60 s, then batch mode (100 events a
#                                       request) at the highest rate it sustains, verify, floors and ceilings, the peer, report
#   bench/e2e/run.sh --quick            the same with 15 s runs (a smoke test of the script; not the figures)
#   bench/e2e/run.sh --url http://host:8080 --admin-key-file key.txt
#                                       against a platform that is already running (no ceilings: they need its servers)
#   bench/e2e/run.sh --single-rate 600000/min --batch-rates "2000000/min 1500000/min" --duration 60s --warmup 15s
#   bench/e2e/run.sh --sweep-rates ""   skip the latency-by-rate sweep (by default 200,000 to 350,000/min, 30 s each)
#   bench/e2e/run.sh --jit-warmup 0     skip the first phase (single events at 180,000/min until the JIT compilers take
#                                       under --jit-settled 5 % of the JVM's CPU over 30 s, at most --jit-warmup 8m;
#                                       not part of any figure)
#   bench/e2e/run.sh --reads-percent 0  skip the run with reads (by default 20 % of its requests read customers)
#   bench/e2e/run.sh --peer ""          skip the peer (by default it runs when bench/peer/run.sh finds the bridge's
#                                       distribution, with "--single-rates 120000/min --batch-rates 600000/min
#                                       --duration 30s --warmup 30s --saturate 20s"; --peer "ARGS" passes others)
#   bench/e2e/run.sh --platform-args "--bss.roles=ingest,query,store"
#                                       extra arguments for the platform, e.g. without the projection, to compare CPU per event
#   MVN_ARGS=-o bench/e2e/run.sh        build offline
#
# Writes bench/results/e2e.md (the summary with every figure, ratio and the command), bench/results/e2e/*.html|json|txt
# (the load generator's reports, with charts), e2e/latency-by-rate.svg, e2e/jit-warmup.svg and e2e-ceilings.json, and with the peer
# bench/results/peer.md and peer/. Exit status: 0 all targets met, 3 a target missed, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

URL=""
ADMIN_KEY_FILE=""
SINGLE_RATE="400000/min"
BATCH_RATES="2000000/min 1500000/min 1000000/min 600000/min"
BATCH=100
DURATION=60s
WARMUP=30s
JIT_WARMUP=8m
JIT_SETTLED=5
JIT_WARMUP_RATE=180000/min
PROBE=20s
# Lower single-event rates, each a short run after the main one: where p99 < 50 ms holds on this machine.
SWEEP_RATES="200000/min 250000/min 300000/min 350000/min"
SWEEP_DURATION=30s
SWEEP_WARMUP=10s
READS_PERCENT=20
PLATFORM_ARGS=""
PEER="--single-rates 120000/min --batch-rates 600000/min --duration 30s --warmup 30s --saturate 20s"
CONNECTIONS=200
TENANTS=4
COMMAND="bench/e2e/run.sh${*:+$(printf " %q" "$@")}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --admin-key-file) ADMIN_KEY_FILE=$2; shift 2 ;;
    --single-rate) SINGLE_RATE=$2; shift 2 ;;
    --batch-rates) BATCH_RATES=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --jit-warmup-rate) JIT_WARMUP_RATE=$2; shift 2 ;;
    --jit-settled) JIT_SETTLED=$2; shift 2 ;;
    --probe) PROBE=$2; shift 2 ;;
    --sweep-rates) SWEEP_RATES=$2; shift 2 ;;
    --reads-percent) READS_PERCENT=$2; shift 2 ;;
    --platform-args) PLATFORM_ARGS=$2; shift 2 ;;
    --peer) PEER=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --tenants) TENANTS=$2; shift 2 ;;
    --quick) DURATION=15s; WARMUP=5s; PROBE=8s; JIT_WARMUP=15s; SWEEP_RATES="200000/min"; SWEEP_DURATION=8s; SWEEP_WARMUP=3s; PEER=""; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
source bench/lib/threads.sh
work_folder e2e-bench
OUT="$WORK/out"
mkdir -p "$OUT"

echo ">> building the platform, the load generator and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"
LOADGEN=("$JAVA" -Xms512m -Xmx1536m -jar "$WORK/jars/bss-loadgen-exec.jar")

KAFKA=""
JDBC=""
URL_GIVEN=$URL
if [[ -z "$URL" ]]; then
  echo ">> starting the platform on its embedded defaults in $WORK/platform"
  # shellcheck disable=SC2086
  start_platform "$WORK/platform" -Xms1g -Xmx2g -- $PLATFORM_ARGS
fi
[[ -n "$ADMIN_KEY_FILE" ]] || ADMIN_KEY_FILE=data/admin-api-key

# The store's progress, once a second: time, events stored so far, lag in seconds.
sample() {
  while true; do
    local metrics stored lag
    metrics=$(curl -fs "$URL/actuator/prometheus" 2>/dev/null || true)
    stored=$(grep -E '^bss_store_events_total' <<<"$metrics" | awk '{print $2}' | head -1)
    lag=$(grep -E '^bss_store_lag_seconds' <<<"$metrics" | awk '{print $2}' | head -1)
    echo "$(date +%s.%N) ${stored:-0} ${lag:-0}"
    sleep 1
  done
}
sample > "$OUT/store-samples.txt" &
SAMPLER_PID=$!
# Waits until the store has caught up (its counter still for 3 s), so that a phase does not inherit the last one's backlog.
store_idle() {
  local last="" same=0
  for _ in $(seq 1 600); do
    local now
    now=$(curl -fs "$URL/actuator/prometheus" | grep -E '^bss_store_events_total' | awk '{print $2}' | head -1 || true)
    if [[ "$now" == "$last" ]]; then same=$((same + 1)); else same=0; fi
    [[ $same -ge 3 ]] && return 0
    last=$now
    sleep 1
  done
}
# Then waits until every consumer group of the platform is under 1,000 records behind (bss_consumer_lag_records; at
# most 15 minutes): a phase neither inherits the last one's backlog nor shares the machine with its catching up (the
# projection and analytics fall behind the ingest of a saturated run).
caught_up() {
  store_idle
  local metrics behind="" waited=0
  while ((waited < 900)); do
    if metrics=$(curl -fs "$URL/actuator/prometheus"); then
      behind=$(awk -F'[{}]' '/^bss_consumer_lag_records\{/ { split($3, v, " ")
          if (v[1] >= 1000 && match($2, /group="[^"]*"/)) { printf "%s%s %.0f", sep, substr($2, RSTART + 7, RLENGTH - 8), v[1]; sep = ", " } }' <<<"$metrics")
      [[ -z "$behind" ]] && return 0
    fi
    ((waited % 30 == 0)) && echo "   waiting for the consumers to catch up (records behind): ${behind:-no answer from the platform}"
    sleep 2
    waited=$((waited + 2))
  done
  echo "   still behind after 15 minutes: ${behind:-no answer from the platform}" >&2
}
snapshot() {
  curl -fs "$URL/actuator/prometheus" | grep -E '^bss_(store|projection|analytics)_delay_seconds_(bucket|count|sum)|^bss_cache_' > "$OUT/$1.prom" || true
  cpu_ticks > "$OUT/$1.cpu"
  [[ -n "$PLATFORM_PID" ]] && thread_ticks "$PLATFORM_PID" > "$OUT/$1.threads"
}
# "| run | events | JVM µs | PostgreSQL µs | Redis µs | total µs |" for a phase: CPU between two samples per accepted event.
# The events a run's report verified as accepted: they cover the warm-up too, as the CPU samples do.
verified_events() { # report json
  grep -A1 '"verification"' "$1" | grep -oE '"accepted" *: *[0-9]+' | grep -oE '[0-9]+$'
}
cpu_row() { # name, before, after, report json
  local events
  events=$(verified_events "$4")
  awk -v name="$1" -v events="${events:-0}" -v hz="$(getconf CLK_TCK)" 'NR==FNR {for (i = 1; i <= 3; i++) b[i] = $i; next}
    {if (events == 0) exit; us = 1e6 / hz / events; j = ($1 - b[1]) * us; p = ($2 - b[2]) * us; r = ($3 - b[3]) * us
     printf "| %s | %d | %.1f | %.1f | %.1f | %.1f |\n", name, events, j, p, r, j + p + r}' "$2" "$3"
}

run() { # name, then loadgen run options
  local name=$1; shift
  set +e
  "${LOADGEN[@]}" run --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" --connections "$CONNECTIONS" --tenants "$TENANTS" \
    --out "$OUT/$name" --name "e2e-$name" "$@"
  local status=$?
  set -e
  echo "$status" > "$OUT/$name.status"
  [[ $status -eq 0 || $status -eq 3 ]] || { echo "the load generator failed ($status)" >&2; exit 1; }
}

JIT_SAMPLES=""
if [[ "$JIT_WARMUP" != 0 && "$JIT_WARMUP" != 0s ]]; then
  # A freshly started JVM compiles for minutes: at 180,000 events/min the compiler threads still take a fifth of the
  # JVM's CPU three minutes after start, on 2 cores a tenth of the machine. A service under load has long finished:
  # this phase (single-event, at a rate the machine sustains) is not part of any figure, and it lasts until the
  # compilers' share has fallen under --jit-settled.
  if [[ -n "$PLATFORM_PID" ]]; then
    echo ">> JIT warm-up: steady $JIT_WARMUP_RATE, single-event, until the JIT compilers take under $JIT_SETTLED % of the"
    echo "   platform JVM's CPU over 30 s, at most $JIT_WARMUP (not part of any figure): seconds, cores, compilers' cores, their %"
    if warm_until_settled "$PLATFORM_PID" "$JIT_SETTLED" "$OUT/jit-warmup.tsv" "$OUT/jit-warmup.txt" -- \
      "${LOADGEN[@]}" run --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" --connections "$CONNECTIONS" --tenants "$TENANTS" \
      --out "$OUT/jit-warmup" --name e2e-jit-warmup --scenario steady --rate "$JIT_WARMUP_RATE" --duration "$JIT_WARMUP" \
      --warmup 0s --batch 1 --min-rate-percent 0; then
      echo "   settled"
    fi
    JIT_SAMPLES="$OUT/jit-warmup.tsv"
  else
    echo ">> JIT warm-up: steady $JIT_WARMUP_RATE for $JIT_WARMUP, single-event (not part of any figure)"
    run jit-warmup --scenario steady --rate "$JIT_WARMUP_RATE" --duration "$JIT_WARMUP" --warmup 0s --batch 1
  fi
  caught_up
fi
echo ">> single-event mode: steady $SINGLE_RATE for $DURATION (after $WARMUP warm-up), then verify"
snapshot single-before
run single --scenario steady --rate "$SINGLE_RATE" --duration "$DURATION" --warmup "$WARMUP" --batch 1 \
  --verify --max-p99 50 --max-lost 0
snapshot single-after
READS_REPORT=""
if [[ "$READS_PERCENT" != 0 ]]; then
  caught_up
  echo ">> single-event mode with reads: steady $SINGLE_RATE for $DURATION, $READS_PERCENT % of the requests GET customers"
  snapshot reads-before
  run reads --scenario steady --rate "$SINGLE_RATE" --duration "$DURATION" --warmup "$WARMUP" --batch 1 --reads "$READS_PERCENT"
  snapshot reads-after
  READS_REPORT="$OUT/reads/e2e-reads.json"
fi
SWEEP_DIRS=""
for RATE in $SWEEP_RATES; do
  caught_up
  echo ">> single-event latency by rate: steady $RATE for $SWEEP_DURATION (after $SWEEP_WARMUP warm-up)"
  run "sweep-${RATE//\//-}" --scenario steady --rate "$RATE" --duration "$SWEEP_DURATION" --warmup "$SWEEP_WARMUP" --batch 1
  SWEEP_DIRS="$SWEEP_DIRS $OUT/sweep-${RATE//\//-}"
done

CHOSEN=""
for RATE in $BATCH_RATES; do
  caught_up
  echo ">> batch mode ($BATCH events a request): probing $RATE for $PROBE"
  run "probe-${RATE//\//-}" --scenario steady --rate "$RATE" --duration "$PROBE" --warmup 3s --batch "$BATCH" --max-error-rate 0.001
  if "$JAVA" -Dlogback.configurationFile="$ROOT/bench/e2e/logback-quiet.xml" -cp "$BENCH_CP" org.bss.bench.platform.EndToEndSummary --sustained "$OUT/probe-${RATE//\//-}/e2e-probe-${RATE//\//-}.json" \
      --samples "$OUT/store-samples.txt"; then
    CHOSEN=$RATE
    break
  fi
done
if [[ -z "$CHOSEN" ]]; then
  CHOSEN=${BATCH_RATES##* }
  echo "   no probed rate was sustained; the batch run uses the lowest, $CHOSEN"
fi
caught_up
echo ">> batch mode: steady $CHOSEN for $DURATION, then verify"
snapshot batch-before
run batch --scenario steady --rate "$CHOSEN" --duration "$DURATION" --warmup "$WARMUP" --batch "$BATCH" --verify --max-lost 0
snapshot batch-after

CEILINGS=""
if [[ -n "$KAFKA" && -n "$JDBC" ]]; then
  echo ">> floors and ceilings on the same servers"
  caught_up
  "$JAVA" -Xmx1g -Dlogback.configurationFile="$ROOT/bench/e2e/logback-quiet.xml" -cp "$BENCH_CP" org.bss.bench.platform.EndToEndCeilings --bootstrap "$KAFKA" --jdbc "$JDBC" \
    --user postgres --password postgres --platform-pid "$PLATFORM_PID" --postmaster-pid "${POSTMASTER_PID:-0}" --out "$OUT/ceilings.json"
  CEILINGS="$OUT/ceilings.json"
fi

PEER_REPORT=""
# shellcheck source=../lib/bridge.sh
source bench/lib/bridge.sh
if [[ -n "$PEER" && -z "$URL_GIVEN" ]] && [[ "$PEER" == *--bridge-home* || -n "$(default_bridge_home)" ]]; then
  echo ">> the peer: the platform beside the Strimzi Kafka Bridge (bench/peer/run.sh $PEER)"
  stop_platform
  # shellcheck disable=SC2086
  if MVN_ARGS="${MVN_ARGS:-}" bench/peer/run.sh $PEER --out bench/results/peer.md; then
    PEER_REPORT=bench/results/peer.md
  else
    echo "   the peer's run failed: e2e.md goes without it" >&2
  fi
fi

{
  echo "CPU time of the platform's processes during each verified run (warm-up included) per event accepted in it;"
  echo "platform arguments: \`${PLATFORM_ARGS:-none}\` (bss.roles decides whether the projection runs)."
  echo
  echo "| run | events accepted | platform JVM µs/event | PostgreSQL µs/event | Redis µs/event | total µs/event |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  cpu_row "single-event" "$OUT/single-before.cpu" "$OUT/single-after.cpu" "$OUT/single/e2e-single.json"
  cpu_row "batch" "$OUT/batch-before.cpu" "$OUT/batch-after.cpu" "$OUT/batch/e2e-batch.json"
  echo
  echo "Where the platform JVM's CPU went in the single-event run, by thread (the kernel's 15-character names, digits"
  echo "as #; the embedded Kafka broker runs in this JVM: \`data-plane-kafk\` are its request handlers):"
  echo
  thread_table "$OUT/single-before.threads" "$OUT/single-after.threads" "$(verified_events "$OUT/single/e2e-single.json")" 14
} > "$OUT/cpu.md"

echo ">> writing bench/results/e2e.md and bench/results/e2e/"
mkdir -p bench/results/e2e
for name in single batch ${READS_REPORT:+reads}; do
  cp "$OUT/$name"/e2e-"$name".{txt,json,html} bench/results/e2e/
done
[[ -n "$CEILINGS" ]] && cp "$CEILINGS" bench/results/e2e/e2e-ceilings.json
cp "$OUT/store-samples.txt" bench/results/e2e/store-samples.txt
[[ -n "$JIT_SAMPLES" ]] && cp "$JIT_SAMPLES" bench/results/e2e/jit-warmup.tsv
# Everything the summary reads, kept (not committed: raw/ is ignored) so that it can be run again by hand.
rm -rf bench/results/e2e/raw && mkdir -p bench/results/e2e/raw
cp -r "$OUT"/*.prom "$OUT"/*.cpu "$OUT"/*.threads "$OUT"/cpu.md "$OUT"/single "$OUT"/batch "$OUT"/probe-*/ "$OUT"/sweep-*/ \
  bench/results/e2e/raw/ 2>/dev/null || true
rm -f bench/results/e2e/raw/*/accepted.tsv bench/results/e2e/raw/*/tenants.tsv
set +e
"$JAVA" -cp "$BENCH_CP" org.bss.bench.platform.EndToEndSummary --out bench/results/e2e.md --command "$COMMAND" \
  --single "$OUT/single/e2e-single.json" --batch "$OUT/batch/e2e-batch.json" --samples "$OUT/store-samples.txt" \
  --single-delay "$OUT/single-before.prom" "$OUT/single-after.prom" --batch-delay "$OUT/batch-before.prom" "$OUT/batch-after.prom" \
  --projection-delay "$OUT/single-before.prom" "$OUT/single-after.prom" \
  --analytics-delay "$OUT/single-before.prom" "$OUT/single-after.prom" --cpu "$OUT/cpu.md" \
  ${READS_REPORT:+--reads "$READS_REPORT" --cache "$OUT/reads-before.prom" "$OUT/reads-after.prom"} \
  ${CEILINGS:+--ceilings "$CEILINGS" --stages "$OUT/single-before.threads" "$OUT/single-after.threads" "$OUT/single-before.cpu" "$OUT/single-after.cpu"} \
  ${PEER_REPORT:+--peer "$PEER_REPORT"} --jit-warmup "$JIT_WARMUP" "$JIT_WARMUP_RATE" \
  ${JIT_SAMPLES:+--jit-samples "$JIT_SAMPLES" "$JIT_SETTLED"} --probes "$(ls -d "$OUT"/probe-*/ | tr '\n' ' ')" ${SWEEP_DIRS:+--sweep $SWEEP_DIRS}
STATUS=$?
set -e
cat bench/results/e2e.md
exit $STATUS
