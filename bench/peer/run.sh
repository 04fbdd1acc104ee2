#!/usr/bin/env bash
# The platform beside the Strimzi Kafka Bridge (its HTTP to Kafka bridge) on one machine and one broker: the load
# generator sends the same events at the same rates first to the platform, then to the bridge, single events and
# batches, then a saturating run of each; events/s, p50/p99 and CPU per event (own, broker, total) side by side.
# The bridge is no dependency of this project: it runs from a distribution built from its own source beforehand
# (--bridge-home), pointed at the broker the platform embeds.
#
#   bench/peer/run.sh                       single events at 120,000 and 300,000/min, batches of 100 at 600,000 and
#                                           1,200,000/min, 60 s each, after a warm-up of each target (single events
#                                           until its JIT compilers take under 5 % of its CPU over 30 s, then 60 s of
#                                           batches); then saturating runs (30 s of a rate neither sustains); writes
#                                           bench/results/peer.md
#   bench/peer/run.sh --quick               20 s runs, one rate a mode (a smoke test of the script, not the figures):
#                                           with --out, write it outside bench/results
#   bench/peer/run.sh --single-rates "120000/min" --batch-rates "600000/min" --duration 60s --warmup 60s
#   bench/peer/run.sh --jit-settled 5 --jit-warmup 8m
#                                           the JIT warm-up's threshold and its longest duration
#   bench/peer/run.sh --saturate 0          no saturating runs (--saturate-single-rate, --saturate-batch-rate: their offer)
#   bench/peer/run.sh --bridge-home DIR     the bridge's distribution (bin/kafka_bridge_run.sh, libs/, config/);
#                                           default: the one built under /tmp/peer/bridge/target
#   bench/peer/run.sh --connections 128 --tenants 4 --batch 100 --bridge-jvm "-Xms512m -Xmx1g" --out FILE.md
#   MVN_ARGS=-o bench/peer/run.sh           build offline
#
# Writes the report (default bench/results/peer.md) and the load generator's reports of every run beside it (peer/).
# Exit status: 0 done, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

# shellcheck source=../lib/bridge.sh
source bench/lib/bridge.sh
BRIDGE_HOME=$(default_bridge_home)
BRIDGE_COMMIT=""
BRIDGE_JVM="-Xms512m -Xmx1g"
PLATFORM_JVM="-Xms1g -Xmx2g"
SINGLE_RATES="120000/min 300000/min"
BATCH_RATES="600000/min 1200000/min"
BATCH=100
DURATION=60s
WARMUP=60s
WARMUP_SINGLE_RATE=120000/min
JIT_WARMUP=8m
JIT_SETTLED=5
WARMUP_BATCH_RATE=600000/min
SATURATE=30s
SATURATE_SINGLE_RATE=1200000/min
SATURATE_BATCH_RATE=6000000/min
IDLE=15
CONNECTIONS=128
TENANTS=4
TOPIC=bench.bridge
OUT=bench/results/peer.md
COMMAND="bench/peer/run.sh${*:+$(printf " %q" "$@")}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bridge-home) BRIDGE_HOME=${2%/}; shift 2 ;;
    --bridge-commit) BRIDGE_COMMIT=$2; shift 2 ;;
    --bridge-jvm) BRIDGE_JVM=$2; shift 2 ;;
    --platform-jvm) PLATFORM_JVM=$2; shift 2 ;;
    --single-rates) SINGLE_RATES=$2; shift 2 ;;
    --batch-rates) BATCH_RATES=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --jit-settled) JIT_SETTLED=$2; shift 2 ;;
    --saturate) SATURATE=$2; shift 2 ;;
    --saturate-single-rate) SATURATE_SINGLE_RATE=$2; shift 2 ;;
    --saturate-batch-rate) SATURATE_BATCH_RATE=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --tenants) TENANTS=$2; shift 2 ;;
    --topic) TOPIC=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --quick) DURATION=20s; WARMUP=10s; JIT_WARMUP=40s; IDLE=5; SINGLE_RATES="120000/min"; BATCH_RATES="600000/min"; SATURATE=10s
             SATURATE_SINGLE_RATE=600000/min; SATURATE_BATCH_RATE=3000000/min; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

if [[ -z "$BRIDGE_HOME" || ! -x "$BRIDGE_HOME/bin/kafka_bridge_run.sh" || ! -d "$BRIDGE_HOME/libs" ]]; then
  cat >&2 <<EOF
no Strimzi Kafka Bridge distribution at '${BRIDGE_HOME:-/tmp/peer/bridge/target/kafka-bridge-*/kafka-bridge-*}'
(it needs bin/kafka_bridge_run.sh and libs/). The bridge is not a dependency of this project: build its distribution
from the source of the strimzi/strimzi-kafka-bridge repository as its BUILDING.md says, with a JDK 21 or newer, and
pass the unpacked distribution folder (the one holding bin/, config/ and libs/) with --bridge-home DIR.
EOF
  exit 1
fi
BRIDGE_JAR=$(ls "$BRIDGE_HOME"/libs/io.strimzi.kafka-bridge-*.jar | head -1)
BRIDGE_VERSION=$(basename "$BRIDGE_JAR" .jar | sed 's/^io\.strimzi\.kafka-bridge-//')
BRIDGE_CLIENTS=$(ls "$BRIDGE_HOME"/libs/ | sed -nE 's/^org\.apache\.kafka\.kafka-clients-(.*)\.jar$/\1/p' | head -1)
if [[ -z "$BRIDGE_COMMIT" ]]; then
  # The source tree the distribution was built in: a git work tree, or an exported one with a COMMIT file.
  dir=$BRIDGE_HOME
  for _ in 1 2 3 4; do
    dir=$(dirname "$dir")
    if [[ -f "$dir/COMMIT" ]]; then BRIDGE_COMMIT=$(head -1 "$dir/COMMIT"); break; fi
    if [[ -e "$dir/.git" ]]; then BRIDGE_COMMIT=$(git -C "$dir" rev-parse HEAD 2>/dev/null || true); break; fi
  done
fi

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
# shellcheck source=../lib/threads.sh
source bench/lib/threads.sh
work_folder peer-bench
BRIDGE_PID=""
stop_all() {
  if [[ -n "$BRIDGE_PID" ]]; then
    kill -TERM "$BRIDGE_PID" 2>/dev/null || true
    wait "$BRIDGE_PID" 2>/dev/null || true
  fi
  stop_platform_and_clean
}
trap stop_all EXIT

echo ">> building the platform, the load generator and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"
LOADGEN=("$JAVA" -Xms512m -Xmx1536m -jar "$WORK/jars/bss-loadgen-exec.jar")
QUIET="-Dlogback.configurationFile=$ROOT/bench/e2e/logback-quiet.xml"
BROKER_VERSION=$(tr ':' '\n' <<<"$BENCH_CP" | sed -nE 's#.*/kafka-clients-([0-9][^/]*)\.jar$#\1#p' | head -1)

echo ">> starting the platform on its embedded defaults in $WORK/platform"
# shellcheck disable=SC2086
start_platform "$WORK/platform" $PLATFORM_JVM
[[ -n "$KAFKA" ]] || { echo "the platform's log names no embedded Kafka broker" >&2; exit 1; }

echo ">> creating topic $TOPIC like bss.events"
PARTITIONS=$("$JAVA" "$QUIET" -cp "$BENCH_CP" org.bss.bench.platform.PeerSummary topic "$KAFKA" bss.events "$TOPIC" | tail -1)
echo "   $PARTITIONS partitions"

free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

echo ">> starting the Strimzi Kafka Bridge $BRIDGE_VERSION from $BRIDGE_HOME"
BRIDGE_DIR="$WORK/bridge"
mkdir -p "$BRIDGE_DIR"
BRIDGE_PORT=$(free_port)
BRIDGE_MANAGEMENT_PORT=$(free_port)
cat > "$BRIDGE_DIR/application.properties" <<EOF
bridge.id=bench-bridge
kafka.bootstrap.servers=$KAFKA
kafka.producer.acks=all
kafka.producer.enable.idempotence=true
http.host=127.0.0.1
http.port=$BRIDGE_PORT
http.management.port=$BRIDGE_MANAGEMENT_PORT
http.cors.enabled=false
http.consumer.enabled=false
http.producer.enabled=true
EOF
{
  cat "$BRIDGE_HOME/config/log4j2.properties"
  printf '\n# two INFO lines a request by default; the platform logs none\nlogger.operations.name = http.openapi.operation\nlogger.operations.level = WARN\n'
} > "$BRIDGE_DIR/log4j2.properties"
JAVA_DIR=$(dirname "$(command -v "$JAVA")")
(cd "$BRIDGE_DIR" && PATH="$JAVA_DIR:$PATH" JAVA_OPTS="$BRIDGE_JVM" \
  KAFKA_BRIDGE_LOG4J_OPTS="-Dlog4j2.configurationFile=file:$BRIDGE_DIR/log4j2.properties" \
  exec "$BRIDGE_HOME/bin/kafka_bridge_run.sh" --config-file "$BRIDGE_DIR/application.properties" > "$BRIDGE_DIR/bridge.log" 2>&1) &
BRIDGE_PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$BRIDGE_MANAGEMENT_PORT/ready" && break
  kill -0 "$BRIDGE_PID" 2>/dev/null || { tail -40 "$BRIDGE_DIR/bridge.log"; echo "the bridge stopped" >&2; exit 1; }
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$BRIDGE_MANAGEMENT_PORT/ready" || { tail -40 "$BRIDGE_DIR/bridge.log"; echo "the bridge did not come up" >&2; exit 1; }
BRIDGE_URL="http://127.0.0.1:$BRIDGE_PORT"
echo "   up at $BRIDGE_URL (pid $BRIDGE_PID; Kafka clients $BRIDGE_CLIENTS, commit ${BRIDGE_COMMIT:-unknown})"

# A CPU snapshot in a folder, as PeerSummary reads it.
snapshot() {
  mkdir -p "$1"
  date +%s%3N > "$1/time"
  cpu_ticks > "$1/cpu"
  proc_ticks "$BRIDGE_PID" > "$1/bridge"
  thread_ticks "$PLATFORM_PID" > "$1/threads"
}
stored() {
  curl -fs "$URL/actuator/prometheus" | grep -E '^bss_store_events_total' | awk '{printf "%.0f\n", $2}' | head -1 || echo 0
}
# Waits until the store has stored as many events as a run accepted (at most 5 minutes): the platform's CPU per event
# includes what it does after answering.
wait_stored() { # stored before the run, events accepted
  for _ in $(seq 1 600); do
    (( $(stored) - $1 >= $2 )) && return 0
    sleep 0.5
  done
  echo "   the store did not catch up within 5 minutes" >&2
}
json_number() { # report, key: its first value
  grep -oE "\"$2\" *: *[0-9.eE+-]+" "$1" | head -1 | sed -E 's/.*: *//'
}

RUN_DIRS=()
# One run of the load generator against a target, between two CPU snapshots.
load() { # target name kind mode rate duration
  local target=$1 name=$2 kind=$3 mode=$4 rate=$5 duration=$6 dir="$WORK/runs/$2" batch=1 before=0 status
  [[ "$mode" == batch ]] && batch=$BATCH
  mkdir -p "$dir"
  printf 'target=%s\nmode=%s\nkind=%s\nrate=%s\nreport=peer-%s.json\n' "$target" "$mode" "$kind" "$rate" "$name" \
    > "$dir/run.properties"
  local where=(--url "$URL" --admin-key-file "$ADMIN_KEY_FILE")
  [[ "$target" == bridge ]] && where=(--url "$BRIDGE_URL" --target bridge --topic "$TOPIC")
  echo ">> $target, $kind, ${mode/single/single-event}: $rate for $duration"
  [[ "$target" == platform ]] && before=$(stored)
  snapshot "$dir/before"
  set +e
  # The report judges the rates (a saturating run misses its offer on purpose): no threshold of the load generator's.
  "${LOADGEN[@]}" run "${where[@]}" --scenario steady --rate "$rate" --duration "$duration" --warmup 0s --batch "$batch" \
    --connections "$CONNECTIONS" --tenants "$TENANTS" --min-rate-percent 0 --out "$dir" --name "peer-$name" \
    > "$dir/output.txt" 2>&1
  status=$?
  set -e
  [[ $status -eq 0 || $status -eq 3 ]] || { tail -30 "$dir/output.txt"; echo "the load generator failed ($status)" >&2; exit 1; }
  local report="$dir/peer-$name.json"
  [[ "$target" == platform ]] && wait_stored "$before" "$(json_number "$report" eventsAccepted)"
  snapshot "$dir/after"
  printf '   accepted %.0f events/s, p99 %s ms, %s errors of %s requests\n' "$(json_number "$report" achievedPerSecond)" \
    "$(json_number "$report" p99)" "$(json_number "$report" errors)" "$(json_number "$report" requests)"
  [[ "$kind" == warm-up ]] || RUN_DIRS+=("$dir")
}

# Single events until the target's JIT compilers take under JIT_SETTLED % of its CPU over 30 s (at most JIT_WARMUP).
settle() { # target
  local pid=$PLATFORM_PID where=(--url "$URL" --admin-key-file "$ADMIN_KEY_FILE") outcome="not under it after $JIT_WARMUP"
  [[ "$1" == bridge ]] && pid=$BRIDGE_PID where=(--url "$BRIDGE_URL" --target bridge --topic "$TOPIC")
  echo ">> $1, JIT warm-up: single events at $WARMUP_SINGLE_RATE until its JIT compilers take under $JIT_SETTLED % of its"
  echo "   CPU over 30 s, at most $JIT_WARMUP: seconds, cores, compilers' cores, their %"
  mkdir -p "$WORK/runs/$1-jit"
  if warm_until_settled "$pid" "$JIT_SETTLED" "$WORK/runs/$1-jit/jit.tsv" "$WORK/runs/$1-jit/output.txt" -- \
    "${LOADGEN[@]}" run "${where[@]}" --scenario steady --rate "$WARMUP_SINGLE_RATE" --duration "$JIT_WARMUP" --warmup 0s \
    --batch 1 --connections "$CONNECTIONS" --tenants "$TENANTS" --min-rate-percent 0 --out "$WORK/runs/$1-jit" \
    --name "peer-$1-jit"; then
    outcome="under it after $(tail -1 "$WORK/runs/$1-jit/jit.tsv" | cut -d' ' -f1) s"
    echo "   settled"
  fi
  WARM_UP="${WARM_UP:+$WARM_UP; }$1 $outcome"
}

WARM_UP=""
if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
  # A fresh JVM compiles for minutes: on 2 cores that would be part of every figure.
  for target in platform bridge; do
    settle "$target"
    load "$target" "$target-warmup-batch" warm-up batch "$WARMUP_BATCH_RATE" "$WARMUP"
  done
fi
echo ">> idle: ${IDLE} s with nothing sent"
sleep 3
snapshot "$WORK/idle/before"
sleep "$IDLE"
snapshot "$WORK/idle/after"

for mode in single batch; do
  rates=$SINGLE_RATES
  [[ "$mode" == batch ]] && rates=$BATCH_RATES
  for rate in $rates; do
    for target in platform bridge; do
      load "$target" "$target-$mode-${rate//\//-}" rate "$mode" "$rate" "$DURATION"
    done
  done
done
if [[ "$SATURATE" != 0 && "$SATURATE" != 0s ]]; then
  for mode in single batch; do
    rate=$SATURATE_SINGLE_RATE
    [[ "$mode" == batch ]] && rate=$SATURATE_BATCH_RATE
    for target in platform bridge; do
      load "$target" "$target-$mode-saturate" saturate "$mode" "$rate" "$SATURATE"
    done
  done
fi

echo ">> writing $OUT"
REPORTS="${OUT%.md}"
mkdir -p "$REPORTS"
# Everything the summary reads is kept in raw/ (ignored by git), so that it can be run again by hand.
rm -rf "$REPORTS/raw" && mkdir -p "$REPORTS/raw"
RAW_DIRS=()
for dir in "${RUN_DIRS[@]}"; do
  cp "$dir"/peer-*.{json,html,txt} "$REPORTS/" 2>/dev/null || true
  cp -r "$dir" "$REPORTS/raw/"
  rm -f "$REPORTS/raw/$(basename "$dir")"/{accepted,tenants}.tsv
  RAW_DIRS+=("$REPORTS/raw/$(basename "$dir")")
done
cp -r "$WORK/idle" "$REPORTS/raw/"
cp "$BRIDGE_DIR/application.properties" "$REPORTS/raw/bridge.properties"
"$JAVA" "$QUIET" -cp "$BENCH_CP" org.bss.bench.platform.PeerSummary summary --out "$OUT" --command "$COMMAND" \
  --idle "$REPORTS/raw/idle" --bridge-version "$BRIDGE_VERSION (Kafka clients $BRIDGE_CLIENTS)" --bridge-commit "${BRIDGE_COMMIT:-unknown}" \
  --bridge-config "$REPORTS/raw/bridge.properties" --bridge-jvm "$BRIDGE_JVM" --platform-jvm "$PLATFORM_JVM" \
  ${WARM_UP:+--warm-up "each target first served single events at $WARMUP_SINGLE_RATE until its JIT compilers took under $JIT_SETTLED % of its CPU over 30 s ($WARM_UP), then batches at $WARMUP_BATCH_RATE for $WARMUP"} \
  --broker "$BROKER_VERSION" --partitions "$PARTITIONS" --connections "$CONNECTIONS" --runs "${RAW_DIRS[@]}"
