#!/usr/bin/env bash
# Store benchmark: the writer's rows/s and, in the same run on the same table definition, a raw COPY
# of the same rows; prints the ratio writer / raw COPY. Target: the writer at >= 0.7 x raw COPY.
#
#   bench/store/run.sh                          500,000 events, the first 100,000 of each phase untimed (about 3 minutes)
#   bench/store/run.sh --events 50000           fewer events
#   bench/store/run.sh --set bss.store.concurrency=1    a platform setting for the writer (repeatable)
#   bench/store/run.sh --profile                JFR on the writer phase + PostgreSQL statement durations
#                                               (writes store-writer-vs-copy-profile.*; slower, not the figure)
#   bench/store/run.sh --help                   every option
#   MVN_ARGS=-o bench/store/run.sh              build offline
#   BENCH_MAIN=org.bss.bench.platform.ClaimVariants bench/store/run.sh
#                                               what the claim costs PostgreSQL, and alternatives
#                                               (writes bench/results/store-claim-variants.md)
#   BENCH_MAIN=org.bss.bench.platform.StateColumnVariants bench/store/run.sh
#                                               what a read model's state costs PostgreSQL as jsonb and as text
#                                               (writes bench/results/projection-state-column.md)
#
# Runs org.bss.bench.platform.StoreBenchmark (module benchmarks) on its class path with the platform, against embedded
# Kafka, PostgreSQL and Redis started on a fresh temporary folder (nothing else uses them).
# Writes bench/results/store-writer-vs-copy.md and .json. Exit status: 0 PASS, 3 FAIL, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/store-bench-classpath.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo ">> compiling the benchmarks and the platform, and resolving their class path"
# shellcheck disable=SC2086
./mvnw -q ${MVN_ARGS:-} -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"

# A private copy of the compiled classes: a build running at the same time in this tree cannot change them mid-run.
CLASSPATH_DEPS=$(cat "$WORK/classpath.txt")
for module in event-model devservices platform loadgen benchmarks; do
  mkdir -p "$WORK/$module"
  cp -r "$module/target/classes" "$WORK/$module/classes"
  CLASSPATH_DEPS=${CLASSPATH_DEPS//$ROOT\/$module\/target\/classes/$WORK\/$module\/classes}
done
CP="$WORK/benchmarks/classes:$CLASSPATH_DEPS"

MAIN=${BENCH_MAIN:-org.bss.bench.platform.StoreBenchmark}
# shellcheck disable=SC2206
CMD=("$JAVA" -Xms1g -Xmx3g ${JAVA_OPTS:-} -cp "$CP" "$MAIN" --command "bench/store/run.sh${*:+ $*}" "$@")
echo ">> java ... $MAIN $* ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
set +e
"${CMD[@]}"
STATUS=$?
set -e
exit $STATUS
