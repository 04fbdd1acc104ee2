#!/usr/bin/env bash
# Labelled evaluation of the anomaly detectors: the platform on its embedded defaults, the load generator sending
# realistic traffic for six tenants, four rounds of anomalies injected into five of them (each kind four times, in
# different tenants), and `loadgen evaluate` scoring the platform's alerts against those labels: recall within two windows,
# detection delay, precision, false alerts per clean tenant-hour.
#
#   bench/analytics/run.sh            70 min at 36,000 events/min over 6 tenants; rounds at minutes 32, 42, 52, 62, 3 min each
#   bench/analytics/run.sh --quick    a smoke test of the script (14 min, one round; its results are not for committing)
#   MVN_ARGS=-o bench/analytics/run.sh
#
# Writes bench/results/analytics-evaluation.md (the scores, the command and the machine), analytics-evaluation.json,
# analytics-evaluation-timeline.svg, and the load generator's run report in bench/results/analytics-evaluation/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source scripts/java21.sh

RATE=36000/min
TENANTS=6
DURATION=70m
ROUNDS="32m 42m 52m 62m"
LENGTH=3m
SEED=1
NAME=analytics-evaluation
PLATFORM_JVM="-Xms1g -Xmx2g"
COMMAND="bench/analytics/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --length) LENGTH=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --quick) DURATION=14m; ROUNDS="11m"; NAME=analytics-evaluation-quick; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

source bench/lib/platform.sh
work_folder analytics-bench

echo ">> building the platform and the load generator"
source bench/lib/build.sh
build_for_bench "$WORK"

echo ">> starting the platform on its embedded defaults in $WORK/platform"
# shellcheck disable=SC2086
start_platform "$WORK/platform" $PLATFORM_JVM

# Each round injects every kind once, into tenants 1 to 5; the next round shifts the kinds by one tenant, so that no
# kind is judged in one tenant only. Tenant 6 stays clean.
KINDS=(payment-failures order-drop revenue-jump order-burst silence)
INJECT=()
round=0
for at in $ROUNDS; do
  for i in "${!KINDS[@]}"; do
    tenant=$(( (i + round) % ${#KINDS[@]} + 1 ))
    INJECT+=(--inject "${KINDS[$i]}@$at+$LENGTH:$tenant")
  done
  round=$((round + 1))
done
echo ">> $DURATION at $RATE over $TENANTS tenants, injecting: ${INJECT[*]}"
# the traffic only carries the anomalies: its rate is not what this benchmark judges
"$JAVA" -Xmx1g -jar "$WORK/jars/bss-loadgen-exec.jar" run --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" \
  --rate "$RATE" --tenants "$TENANTS" --duration "$DURATION" --seed "$SEED" --min-rate-percent 0 \
  --out "$WORK/run" --name run "${INJECT[@]}"

echo ">> waiting two minutes for the last minutes to close and be judged"
sleep 120

echo ">> scoring the alerts against the labels"
mkdir -p "bench/results/$NAME"
set +e
"$JAVA" -jar "$WORK/jars/bss-loadgen-exec.jar" evaluate --url "$URL" --labels "$WORK/run/labels.json" \
  --out "$WORK/evaluation" | tee "$WORK/evaluation.txt"
STATUS=${PIPESTATUS[0]}
set -e
[[ $STATUS -eq 0 || $STATUS -eq 3 ]] || { echo "evaluate failed ($STATUS)" >&2; exit 1; }

{
  echo "# Anomaly detection: a labelled evaluation"
  echo
  echo "Command: \`$COMMAND\` ($(date -u +%Y-%m-%dT%H:%M:%SZ)). Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GB; the platform, Kafka, PostgreSQL, Redis and the load generator on it."
  echo "Traffic: $RATE over $TENANTS tenants (the plan's mix of event types), $DURATION; anomalies injected with"
  echo "\`${INJECT[*]}\` (tenant 6 clean). The detectors run with their default thresholds."
  echo
  sed -e 's#evaluation-timeline.svg#analytics-evaluation-timeline.svg#g' "$WORK/evaluation/evaluation.md"
} > "bench/results/$NAME.md"
cp "$WORK/evaluation/evaluation.json" "bench/results/$NAME.json"
cp "$WORK/evaluation/evaluation-timeline.svg" "bench/results/$NAME-timeline.svg" 2>/dev/null || true
cp "$WORK/run"/run.* "$WORK/run/labels.json" "$WORK/run/span.json" "bench/results/$NAME/" 2>/dev/null || true
cat "bench/results/$NAME.md"
exit $STATUS
