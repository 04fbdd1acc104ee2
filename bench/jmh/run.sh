#!/usr/bin/env bash
# JMH: per-event cost of what ingest does before Kafka: read, envelope rules, catalog schema, data-quality rules.
#
#   bench/jmh/run.sh                 build benchmarks/target/benchmarks.jar and run IngestParseBenchmark
#   MVN_ARGS=-o bench/jmh/run.sh     build offline
#   JMH_ARGS="-w 2s -r 2s" ...       extra JMH options (java -jar benchmarks/target/benchmarks.jar -h)
#
# Writes bench/results/jmh-ingest-parse.json (JMH), .txt (JMH's console output) and .md (summary).
# Target: admit under 20 us per event on one core. Figures from a shared or busy machine are noisy.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

RESULTS=bench/results
JSON=$RESULTS/jmh-ingest-parse.json
TXT=$RESULTS/jmh-ingest-parse.txt
MD=$RESULTS/jmh-ingest-parse.md

# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

echo ">> building benchmarks/target/benchmarks.jar"
# shellcheck disable=SC2086
./mvnw -q ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests

mkdir -p "$RESULTS"
# shellcheck disable=SC2206
CMD=("$JAVA" -jar benchmarks/target/benchmarks.jar IngestParseBenchmark -f 1 -wi 3 -i 5 -t 1 ${JMH_ARGS:-}
     -rf json -rff "$JSON")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo ">> ${CMD[*]}"
"${CMD[@]}" 2>&1 | tee "$TXT"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
JVM=$("$JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')
EVENT_BYTES=$(wc -c < benchmarks/src/main/resources/org/bss/bench/order-placed.json | tr -d ' ')
COMMAND="${CMD[*]}"
COMMAND=${COMMAND/#$JAVA/java}

export JSON MD STARTED LOAD_BEFORE LOAD_AFTER CPU JVM EVENT_BYTES COMMAND
export NPROC=$(nproc)
python3 - <<'PY'
import json, os

e = os.environ
runs = json.load(open(e["JSON"]))
rows, per_event = [], None
for r in runs:
    name = r["benchmark"].rsplit(".", 1)[1]
    m = r["primaryMetric"]
    rows.append(f"| `{name}` | {r['mode']} | {m['score']:.3f} | ± {m['scoreError']:.3f} | {m['scoreUnit']} |")
    if name == "admit":
        per_event = m["score"]
first = runs[0]
verdict = ("n/a" if per_event is None else
           f"{per_event:.2f} µs per event: {'under' if per_event < 20 else 'OVER'} the 20 µs target")
text = f"""# JMH: ingest admission per event (read, envelope rules, catalog schema, data-quality rules)

**{verdict}** (one thread; a typical {e['EVENT_BYTES']}-byte `order.placed`, 2 items, subject, time,
2 extensions: `benchmarks/src/main/resources/org/bss/bench/order-placed.json`).

| benchmark | mode | score | error (99.9 %) | unit |
| --- | --- | ---: | ---: | --- |
{chr(10).join(rows)}

`admit` is the figure for the target: `StructuredFormat.read` + `EnvelopeRules.check` + `EventData.parse` +
the catalog schema's `validate` + `DataQualityRules.check`. `admitThroughput` is the same work as events per
second on one thread; `read`, `check`, `readAndCheck` and `validate` show where the time goes.

- Command: `{e['COMMAND']}` (from the repository root; built by `bench/jmh/run.sh`)
- Date: {e['STARTED']}
- `nproc`: {e['NPROC']}
- CPU: {e['CPU']}
- JVM: {e['JVM']} (JMH: {first.get('vmName', '?')} {first.get('vmVersion', '?')}, args {' '.join(first.get('jvmArgs', []))})
- JMH {first.get('jmhVersion', '?')}: {first['forks']} fork, {first['warmupIterations']} × {first['warmupTime']} warm-up,
  {first['measurementIterations']} × {first['measurementTime']} measurement, {first['threads']} thread
- Load average (1/5/15 min) before: {e['LOAD_BEFORE']}, after: {e['LOAD_AFTER']}

Noise: this machine is shared (other builds and tests may run at the same time on its {e['NPROC']} cores), so
the figures are indicative; compare runs on a quiet machine before drawing fine conclusions. Raw data:
`bench/results/jmh-ingest-parse.json`, console output: `bench/results/jmh-ingest-parse.txt`.
"""
open(e["MD"], "w").write(text)
PY
echo ">> wrote $MD"
cat "$MD"
