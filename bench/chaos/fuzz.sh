#!/usr/bin/env bash
# The fuzz pass of the HTTP edge: the platform on its embedded defaults, then the load generator's `fuzz` command
# (malformed bodies, headers, content types, encodings, framing, sizes, keys, methods, slow clients and random byte
# mutations, every answer a 4xx problem+json or a closed connection, nothing stored, health UP and live data after GC
# flat afterwards).
#
#   bench/chaos/fuzz.sh                          10,000 requests, seed 1: bench/results/chaos-fuzz.md and .json
#   bench/chaos/fuzz.sh --requests 500 --seed 7 --out /tmp/fuzz-try
#   MVN_ARGS=-o bench/chaos/fuzz.sh              build offline
#
# Exit status: 0 no findings, 3 findings, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

REQUESTS=10000
SEED=1
OUT_DIR=bench/results
COMMAND="bench/chaos/fuzz.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --out) OUT_DIR=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
work_folder chaos-fuzz
echo ">> building the platform and the load generator"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"

echo ">> starting the platform on its embedded defaults in $WORK/platform"
start_platform "$WORK/platform" -Xms1g -Xmx1g

# The heap a full GC leaves (jcmd GC.run, then GC.heap_info's "used"), in KiB: the pass's own measure of live data
# reads the GC's metric, which stays empty while no old-generation collection has run.
JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd"
heap_after_gc() {
  "$JCMD" "$PLATFORM_PID" GC.run > /dev/null
  "$JCMD" "$PLATFORM_PID" GC.heap_info | grep -m1 -oE 'used [0-9]+K' | grep -oE '[0-9]+'
}
HEAP_LIMIT_KIB=$((20 * 1024))
HEAP_BEFORE=$(heap_after_gc)

status=0
"$JAVA" -Xmx512m -jar "$WORK/jars/bss-loadgen-exec.jar" fuzz --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" \
  --requests "$REQUESTS" --seed "$SEED" --out "$WORK/fuzz" || status=$?
[[ -f "$WORK/fuzz/fuzz.md" ]] || { echo "the fuzz pass wrote no report" >&2; exit 1; }
HEAP_AFTER=$(heap_after_gc)
RISE=$((HEAP_AFTER - HEAP_BEFORE))
HEAP_VERDICT="flat: within $((HEAP_LIMIT_KIB / 1024)) MiB"
if (( RISE > HEAP_LIMIT_KIB )); then
  HEAP_VERDICT="risen by more than $((HEAP_LIMIT_KIB / 1024)) MiB"
  status=3
fi
{
  cat "$WORK/fuzz/fuzz.md"
  echo
  echo "## The platform's heap after a full GC"
  echo
  echo "| before the pass | after it | rise | verdict |"
  echo "| ---: | ---: | ---: | --- |"
  echo "| $((HEAP_BEFORE / 1024)) MiB | $((HEAP_AFTER / 1024)) MiB | $((RISE / 1024)) MiB | $HEAP_VERDICT |"
  echo
  echo "Taken with \`jcmd PID GC.run\`, then \`GC.heap_info\`, before the first request and after the pass has settled."
  echo
  echo "Command: \`$COMMAND\` (the platform: \`bss-platform-dev.jar\` on its embedded defaults, \`-Xms1g -Xmx1g\`)"
} > "$OUT_DIR/chaos-fuzz.md"
cp "$WORK/fuzz/fuzz.json" "$OUT_DIR/chaos-fuzz.json"
echo ">> wrote $OUT_DIR/chaos-fuzz.md (exit $status)"
exit "$status"
