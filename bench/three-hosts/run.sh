#!/usr/bin/env bash
# The three-host layout (deploy/three-hosts) under load: throughput, p99 and CPU per event by role at rising rates of
# single events sent over TLS through the gateway, each run verified (every accepted event stored exactly once).
# Writes bench/results/three-hosts.md and three-hosts-cpu.svg; the raw reports stay in the run's folder.
#
# usage: sudo bench/three-hosts/run.sh [--rates "6000/min 12000/min 18000/min 24000/min 30000/min"] [--duration 60s]
#                                      [--warmup 0s] [--jit-warmup 120s] [--jit-rate 6000/min]
# Needs what deploy/three-hosts needs (root, iproute2, haproxy, openssl, curl); MVN_ARGS=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
COMMAND="bench/three-hosts/run.sh $*"

# Three brokers, two instances, PostgreSQL and its standby, Keycloak and HAProxy share the two cores: the brokers alone
# take about a core whatever the rate, so the sweep starts low.
RATES="6000/min 12000/min 18000/min 24000/min 30000/min"
DURATION=60s
# no warm-up inside a run: the CPU window then holds exactly the events the run counts (the JIT warm-up comes first)
WARMUP=0s
JIT_WARMUP=120s
JIT_RATE=6000/min
while [[ $# -gt 0 ]]; do
  case $1 in
    --rates) RATES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --jit-rate) JIT_RATE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=../lib/build.sh
source bench/lib/build.sh
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d /tmp/bss-three-hosts-bench.XXXXXX)
export BSS_LAYOUT_DIR=$WORK/layout
# the gateway's per-key limit well above what the load generator's four tenants send
export BSS_GATEWAY_RATE=1000000
LAYOUT=deploy/three-hosts/three-hosts

echo ">> building (MVN_ARGS=${MVN_ARGS:-})"
build_for_bench "$WORK"
echo ">> three-hosts up (logs in $BSS_LAYOUT_DIR/logs)"
"$LAYOUT" down >/dev/null 2>&1 || true
"$LAYOUT" up
trap '"$LAYOUT" down' EXIT
GATEWAY=$(grep '^gateway=' "$BSS_LAYOUT_DIR/layout.properties" | cut -d= -f2-)
TRUST="-Djavax.net.ssl.trustStore=$BSS_LAYOUT_DIR/gateway/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit"

snapshot() { "$JAVA" -cp "$BENCH_CP" org.bss.bench.platform.ThreeHostsSummary snapshot "$BSS_LAYOUT_DIR" "$1" "${2:-0}"; }

# One run of the load generator in the background, with a CPU snapshot of every role (itself included) just after it
# starts and just before it ends its sending (the verification that follows is not part of the CPU figures). The
# sweep goes past what the layout sustains, and ThreeHostsSummary judges each rate itself: --min-rate-percent 0.
load() {
  local name=$1; shift
  local dir="$WORK/$name"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  "$JAVA" -Xmx1g $TRUST -jar "$WORK/jars/bss-loadgen-exec.jar" run --url "$GATEWAY" \
    --admin-key-file "$BSS_LAYOUT_DIR/admin-api-key" --tenants 4 --batch 1 --min-rate-percent 0 \
    --out "$dir" --name "three-hosts-$name" "$@" \
    > >(tee "$dir/output.txt") 2>&1 &
  local pid=$!
  snapshot "$dir/cpu-before.properties" "$pid"
  # the sending is over when the load generator prints its first verification line or its summary
  until grep -qE '^verify:|^Status counts' "$dir/output.txt" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
  snapshot "$dir/cpu-after.properties" "$pid"
  wait "$pid" || echo "   the load generator exited $? (a threshold missed: see $dir/output.txt)"
}

if [[ "$JIT_WARMUP" != 0s && "$JIT_WARMUP" != 0 ]]; then
  echo ">> JIT warm-up: $JIT_RATE for $JIT_WARMUP (not part of any figure)"
  load jit-warmup --rate "$JIT_RATE" --duration "$JIT_WARMUP" --warmup 0s >/dev/null
fi
echo ">> idle: 30 s with nothing sent"
sleep 15 # the warm-up's backlog (store, projection, analytics) drained
mkdir -p "$WORK/idle"
snapshot "$WORK/idle/cpu-before.properties"
sleep 30
snapshot "$WORK/idle/cpu-after.properties"
DIRS=()
for RATE in $RATES; do
  name="rate-${RATE//\//-}"
  echo ">> $RATE for $DURATION (after $WARMUP warm-up), then verify"
  load "$name" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --verify --max-lost 0 | grep -E 'achieved|exactlyOnce|Thresholds' | tail -n 3
  DIRS+=("$WORK/$name")
done

echo ">> writing bench/results/three-hosts.md"
"$JAVA" -cp "$BENCH_CP" org.bss.bench.platform.ThreeHostsSummary summary "$ROOT/bench/results/three-hosts.md" "$COMMAND" \
  bench/three-hosts/beside.md "$WORK/idle" "${DIRS[@]}"
echo ">> done: bench/results/three-hosts.md (raw reports in $WORK)"
