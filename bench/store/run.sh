#!/usr/bin/env bash
# Store benchmark (issue 5): the writer's rows/s and, in the same run on the same table definition, a raw COPY
# of the same rows; prints the ratio writer / raw COPY. Target: the writer at >= 0.7 x raw COPY.
#
#   bench/store/run.sh                          500,000 events, the first 100,000 of each phase untimed (about 3 minutes)
#   bench/store/run.sh --events 50000           fewer events
#   bench/store/run.sh --set bss.store.concurrency=1    a platform setting for the writer (repeatable)
#   bench/store/run.sh --profile                JFR on the writer phase + PostgreSQL statement durations
#                                               (writes store-writer-vs-copy-profile.*; slower, not the figure)
#   bench/store/run.sh --help                   every option
#   MVN_ARGS=-o bench/store/run.sh              build offline
#   BENCH_MAIN=org.bss.platform.bench.ClaimVariants bench/store/run.sh
#                                               what the claim costs PostgreSQL, and alternatives
#                                               (writes bench/results/store-claim-variants.md)
#
# Runs org.bss.platform.bench.StoreBenchmark (platform's test sources) on the test classpath, against embedded
# Kafka, PostgreSQL and Redis started on a fresh temporary folder (nothing else uses them).
# Writes bench/results/store-writer-vs-copy.md and .json. Exit status: 0 PASS, 3 FAIL, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/store-bench-classpath.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo ">> compiling platform (and its test sources) and resolving the test classpath"
# shellcheck disable=SC2086
./mvnw -q ${MVN_ARGS:-} -pl platform -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"

# A private copy of the compiled classes: a build running at the same time in this tree cannot change them mid-run.
for module in event-model devservices platform; do
  mkdir -p "$WORK/$module"
  cp -r "$module/target/classes" "$WORK/$module/classes"
done
cp -r platform/target/test-classes "$WORK/platform/test-classes"
CLASSPATH_DEPS=$(sed -e "s#$ROOT/event-model/target/classes#$WORK/event-model/classes#" \
                     -e "s#$ROOT/devservices/target/classes#$WORK/devservices/classes#" "$WORK/classpath.txt")
CP="$WORK/platform/test-classes:$WORK/platform/classes:$CLASSPATH_DEPS"

MAIN=${BENCH_MAIN:-org.bss.platform.bench.StoreBenchmark}
# shellcheck disable=SC2206
CMD=("$JAVA" -Xms1g -Xmx3g ${JAVA_OPTS:-} -cp "$CP" "$MAIN" --command "bench/store/run.sh${*:+ $*}" "$@")
echo ">> java ... $MAIN $* ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
set +e
"${CMD[@]}"
STATUS=$?
set -e
exit $STATUS
