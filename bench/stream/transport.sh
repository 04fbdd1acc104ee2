#!/usr/bin/env bash
# How the live stream fans events out to the instances: (K) a Kafka consumer of every partition per instance, filtering
# by tenant, or (R) Redis sharded pub/sub (SPUBLISH per tenant channel, SSUBSCRIBE per instance). Starts embedded Kafka
# and redis-server (devservices) in one JVM with the publisher and the readers, and measures CPU per event by component,
# latency from publish to reader, delivery, and what a reader that stalls loses.
#
#   bench/stream/transport.sh                 every variant (kafka with 0, 1, 2 readers; redis flushed per event with 0,
#                                             1, 2; redis pipelined with 0, 2) at 200,000 events/min, 15 s warm-up and
#                                             60 s measured each, after 20 s unmeasured per transport (JIT warm-up);
#                                             then a 20 s stall of one reader on kafka and on redis (about 13 min)
#   bench/stream/transport.sh --quick         10 s runs after 3 s of warm-up, 5 s JIT warm-up, 15 s stalls (a smoke
#                                             test; not the figures)
#   bench/stream/transport.sh --variants kafka-2,redis-each-2 --stall 0 --rate 400000/min
#   bench/stream/transport.sh --reader-tenants 1 --pipeline 32 --fetch-min-bytes 65536 --fetch-max-wait-ms 50
#   bench/stream/transport.sh --out-dir /tmp/transport
#                                             write the report elsewhere than bench/results
#   MVN_ARGS=-o bench/stream/transport.sh     build offline
#
# Every other option goes to the benchmark (listed in platform/src/test/java/org/bss/platform/stream/bench/
# BenchOptions.java). Writes stream-transport.md (the figures, the command, the machine), stream-transport.json and
# stream-transport.svg (CPU per event by component) to bench/results, or to --out-dir. Exit status: 0 done, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

OUT_DIR=bench/results
BENCH_ARGS=()
COMMAND="bench/stream/transport.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out-dir) OUT_DIR=$2; shift 2 ;;
    --quick) BENCH_ARGS+=(--seconds 10 --warmup 3 --jit-warmup 5 --stall 15); shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) [[ $# -ge 2 ]] || { echo "option $1 needs a value (see --help)" >&2; exit 1; }
       BENCH_ARGS+=("$1" "$2"); shift 2 ;;
  esac
done
mkdir -p "$OUT_DIR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stream-transport.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo ">> building the platform's test classes and their class path"
# shellcheck disable=SC2086
./mvnw -q ${MVN_ARGS:-} -pl platform -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/classpath.txt"
# A private copy of the compiled classes: a build in this tree while the benchmark runs cannot change them under it.
CP=$(cat "$WORK/classpath.txt")
for module in event-model devservices loadgen platform; do
  cp -r "$module/target/classes" "$WORK/$module-classes"
  CP=${CP//$ROOT\/$module\/target\/classes/$WORK\/$module-classes}
done
cp -r platform/target/test-classes "$WORK/platform-test-classes"
CP="$WORK/platform-test-classes:$WORK/platform-classes:$CP"

echo ">> running the benchmark"
"$JAVA" -Xms1g -Xmx1g -Dlogback.configurationFile="$ROOT/bench/stream/logback.xml" -cp "$CP" \
  org.bss.platform.stream.bench.FanOutTransportBench --clock-ticks "$(getconf CLK_TCK)" \
  --markdown "$OUT_DIR/stream-transport.md" --json "$OUT_DIR/stream-transport.json" --svg "$OUT_DIR/stream-transport.svg" \
  --command "$COMMAND" "${BENCH_ARGS[@]}"
echo ">> wrote $OUT_DIR/stream-transport.md, stream-transport.json and stream-transport.svg"
