#!/usr/bin/env bash
# Live stream benchmark: Server-Sent Events subscribers of GET /api/v1/stream on one instance (the development jar on
# its embedded defaults) while it ingests single events: the delivery latency, whether any subscriber missed anything,
# and the CPU the stream adds per event. Each phase runs on a freshly started platform with the same load (the load
# generator, single-event, verified), after an unmeasured run of that load (JIT warm-up):
#   A  without the stream role (--bss.roles=ingest,query,store,projection,replay,analytics), nobody subscribed
#   C  every role, nobody subscribed: what the role costs with nobody listening
#   B  every role and --subscribers spread over the tenants, each to get every event of its tenant (--max-missed 0)
#
#   bench/stream/run.sh                     200,000 events/min for 60 s after 20 s of warm-up over 100 tenants, 1,000
#                                           subscribers of everything of their tenant (about 33,000 deliveries/s)
#   bench/stream/run.sh --quick             15 s runs after 5 s of warm-up, 200 subscribers (a smoke test of the
#                                           script; not the figures): writes stream-quick.* (not to be committed)
#   bench/stream/run.sh --rate 200000/min --subscribers 1000 --tenants 100 --duration 60s --warmup 20s
#   bench/stream/run.sh --subscribe-query type=order.placed     the subscribers' filter (default "": everything)
#   bench/stream/run.sh --jit-warmup 0      skip the unmeasured run before each phase (90 s by default)
#   bench/stream/run.sh --idle-phase off    skip phase C
#   bench/stream/run.sh --platform-args "--bss.stream.buffer=5000"    extra platform arguments, every phase
#   bench/stream/run.sh --connections 200 --name stream-try           write bench/results/stream-try.* instead
#   MVN_ARGS=-o bench/stream/run.sh         build offline
#
# Writes bench/results/stream.md (every figure, the command, the machine), stream.json and stream.svg (CPU per event of
# each phase by process). Exit status: 0 nothing missed in B, 3 a subscriber missed events (or got one twice, or one
# it should not have), 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh

RATE=200000/min
SUBSCRIBERS=1000
TENANTS=100
DURATION=60s
WARMUP=20s
JIT_WARMUP=90s
QUERY=""
IDLE_PHASE=on
CONNECTIONS=200
PLATFORM_ARGS=""
PLATFORM_JVM="-Xms1g -Xmx2g"
NAME=stream
COMMAND="bench/stream/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --subscribers) SUBSCRIBERS=$2; shift 2 ;;
    --tenants) TENANTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --subscribe-query) QUERY=$2; shift 2 ;;
    --idle-phase) IDLE_PHASE=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --platform-args) PLATFORM_ARGS=$2; shift 2 ;;
    --name) NAME=$2; shift 2 ;;
    --quick) DURATION=15s; WARMUP=5s; JIT_WARMUP=15s; SUBSCRIBERS=200; NAME=stream-quick; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
[[ "$IDLE_PHASE" == on || "$IDLE_PHASE" == off ]] || { echo "--idle-phase is on or off" >&2; exit 1; }
[[ "$SUBSCRIBERS" =~ ^[1-9][0-9]*$ && "$TENANTS" =~ ^[1-9][0-9]*$ ]] \
  || { echo "--subscribers and --tenants must be at least 1" >&2; exit 1; }
# Room for twice a tenant's share: a subscriber that reconnects may find its old connection not yet noticed as gone.
PER_TENANT=$(( (SUBSCRIBERS + TENANTS - 1) / TENANTS * 2 ))
(( PER_TENANT >= 100 )) || PER_TENANT=100
STREAM_LIMIT=--bss.stream.max-per-tenant=$PER_TENANT
[[ "$PLATFORM_ARGS" != *--bss.stream.max-per-tenant* ]] || STREAM_LIMIT=""
NO_STREAM_ROLES=ingest,query,store,projection,replay,analytics

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
source bench/lib/threads.sh
work_folder stream-bench
OUT="$WORK/out"
mkdir -p "$OUT"

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo ">> building the platform and the load generator"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"
LOADGEN=("$JAVA" -Xms512m -Xmx1536m -jar "$WORK/jars/bss-loadgen-exec.jar")

snapshot() {
  date +%s > "$OUT/$1.time"
  curl -fs "$URL/actuator/prometheus" | grep -E '^bss_(stream|store)_' > "$OUT/$1.prom" || true
  cpu_ticks > "$OUT/$1.cpu"
  thread_ticks "$PLATFORM_PID" > "$OUT/$1.threads"
}
# Every 5 s (every phase alike, as a scrape costs the platform some CPU): time, open streams, events stored so far.
sample() {
  while true; do
    curl -fs "$URL/actuator/prometheus" 2>/dev/null \
      | awk -v now="$(date +%s)" '/^bss_stream_subscribers/ {s += $NF} /^bss_store_events_total/ {e += $NF}
          END {printf "%s %d %d\n", now, s, e}' || true
    sleep 5
  done
}
# Waits until the store has caught up (its counter still for 3 s), so that a measured run does not inherit a backlog.
store_idle() {
  local last="" same=0 now
  echo "   waiting for the store to catch up"
  for _ in $(seq 1 600); do
    now=$(curl -fs "$URL/actuator/prometheus" | grep -E '^bss_store_events_total' | awk '{print $2}' | head -1 || true)
    if [[ "$now" == "$last" ]]; then same=$((same + 1)); else same=0; fi
    [[ $same -ge 3 ]] && return 0
    last=$now
    sleep 1
  done
}
# Waits until the platform has closed the streams of the run before (it notices that a subscriber went at its next
# write or heartbeat), so that the measured run starts with its own subscribers only.
streams_closed() {
  local open=0
  echo "   waiting for the platform to close the warm-up's streams"
  for _ in $(seq 1 60); do
    open=$(curl -fs "$URL/actuator/prometheus" | awk '/^bss_stream_subscribers/ {s += $NF} END {printf "%d", s}' || true)
    [[ "${open:-0}" == 0 ]] && return 0
    sleep 1
  done
  echo "   still $open streams open after 60 s"
}

# --min-rate-percent 0: a phase's status says whether its subscribers got everything (see STATUS below); the rate
# each phase kept is reported, not judged.
run() { # name, then loadgen run options
  local name=$1 status; shift
  set +e
  "${LOADGEN[@]}" run --url "$URL" --admin-key-file "$ADMIN_KEY_FILE" --scenario steady --rate "$RATE" --batch 1 \
    --connections "$CONNECTIONS" --tenants "$TENANTS" --min-rate-percent 0 --out "$OUT/$name" --name "stream-$name" "$@"
  status=$?
  set -e
  echo "$status" > "$OUT/$name.status"
  if [[ $status -ne 0 && $status -ne 3 ]]; then
    echo "the load generator failed ($status); the platform's log ends:" >&2
    tail -40 "$PLATFORM_DIR/platform.log" >&2
    exit 1
  fi
}

PHASES=""
phase() { # letter, what it is, subscribers, the --bss.roles argument
  local p=$1 title=$2 subscribers=$3 roles=$4 stream=()
  PLATFORM_DIR="$WORK/phase-$p"
  echo ">> phase $p: $title; starting the platform in $PLATFORM_DIR"
  # shellcheck disable=SC2086
  start_platform "$PLATFORM_DIR" $PLATFORM_JVM -- "$roles" $STREAM_LIMIT $PLATFORM_ARGS
  echo "   CPU counted for the JVM (pid $PLATFORM_PID), PostgreSQL (postmaster $POSTMASTER_PID and its children)," \
    "Redis (pid $(pgrep -P "$PLATFORM_PID" -f redis-server | tr '\n' ' '| sed 's/ $//'))"
  if (( subscribers > 0 )); then
    stream=(--subscribers "$subscribers")
    [[ -z "$QUERY" ]] || stream+=(--subscribe-query "$QUERY")
  fi
  sample > "$OUT/$p-samples.txt" &
  SAMPLER_PID=$!
  if [[ "$JIT_WARMUP" != 0 && "$JIT_WARMUP" != 0s ]]; then
    echo ">> phase $p: JIT warm-up, $RATE for $JIT_WARMUP${stream[*]:+ with $subscribers subscribers} (not part of any figure)"
    run "$p-jit" --duration "$JIT_WARMUP" --warmup 0s "${stream[@]}"
    store_idle
    (( subscribers == 0 )) || streams_closed
  fi
  echo ">> phase $p: $RATE for $DURATION after $WARMUP of warm-up${stream[*]:+, $subscribers subscribers}, then verify"
  snapshot "$p-before"
  run "$p" --duration "$DURATION" --warmup "$WARMUP" --verify "${stream[@]}" ${stream[*]:+--max-missed 0}
  snapshot "$p-after"
  kill "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  echo "   stopping the platform"
  stop_platform
  PHASES="$PHASES $p"
}

# Each phase on a fresh platform, so the order does not matter; the two without subscribers first.
phase A "without the stream role" 0 "--bss.roles=$NO_STREAM_ROLES"
[[ "$IDLE_PHASE" == on ]] && phase C "every role, nobody subscribed" 0 --bss.roles=all
phase B "every role, $SUBSCRIBERS subscribers over $TENANTS tenants" "$SUBSCRIBERS" --bss.roles=all
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# A value of a load generator's JSON report by its path of keys, e.g. `json_value FILE stream totals missed`: the
# report is pretty-printed two spaces a level, so a key's indentation is its depth.
json_value() {
  local file=$1; shift
  awk -v want="$*" 'match($0, /^ *"[^"]*" : /) {
      depth = (index($0, "\"") - 1) / 2; key = substr($0, depth * 2 + 2); sub(/".*/, "", key); path[depth] = key
      p = path[1]; for (i = 2; i <= depth; i++) p = p " " path[i]
      if (p == want) { v = substr($0, RLENGTH + 1); sub(/,$/, "", v); gsub(/^"|"$/, "", v); print v; exit }
    }' "$file"
}
# The increase of a counter (its series added up) between two scrapes.
prom_delta() { # before, after, metric
  awk -v m="$3" '$1 == m || index($1, m "{") == 1 {d += (FILENAME == ARGV[1] ? -$NF : $NF)} END {printf "%.0f\n", d}' "$1" "$2"
}
# A percentile in ms of a Prometheus histogram between two scrapes of its cumulative buckets (linear within a bucket,
# as the end-to-end summary does); empty when nothing was recorded.
prom_percentile() { # before, after, metric, percentile
  awk -v m="$3_bucket" -v pct="$4" 'index($0, m "{") == 1 {
      le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le); if (le == "+Inf") le = 1e300
      c[le + 0] += (FILENAME == ARGV[1] ? -$NF : $NF)
    }
    END {
      n = 0; for (b in c) bound[++n] = b + 0
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (bound[j] < bound[i]) { t = bound[i]; bound[i] = bound[j]; bound[j] = t }
      if (n == 0 || c[bound[n]] <= 0) exit
      rank = c[bound[n]] * pct / 100; lower = 0; below = 0
      for (i = 1; i <= n; i++) {
        if (c[bound[i]] >= rank) {
          upper = bound[i] >= 1e300 ? lower : bound[i]; inside = c[bound[i]] - below
          printf "%.1f\n", 1000 * (inside <= 0 ? upper : lower + (upper - lower) * (rank - below) / inside); exit
        }
        lower = bound[i]; below = c[bound[i]]
      }
    }' "$1" "$2"
}
# "JVM PostgreSQL Redis total" µs of CPU per event between two cpu_ticks samples.
cpu_us() { # before, after, events
  awk -v events="$3" -v hz="$(getconf CLK_TCK)" 'NR == FNR {for (i = 1; i <= 3; i++) b[i] = $i; next}
    {if (events <= 0) exit; us = 1e6 / hz / events; j = ($1 - b[1]) * us; p = ($2 - b[2]) * us; r = ($3 - b[3]) * us
     printf "%.1f %.1f %.1f %.1f\n", j, p, r, j + p + r}' "$1" "$2"
}
calc() { awk "BEGIN {x = $1; printf \"$2\n\", x}"; }
# 1234567.8 -> 1,234,568
commas() { awk -v x="$1" 'BEGIN {s = sprintf("%.0f", x); n = ""; while (length(s) > 3 && s ~ /[0-9][0-9][0-9][0-9]$/) {n = "," substr(s, length(s) - 2) n; s = substr(s, 1, length(s) - 3)} print s n}'; }

declare -A F
for p in $PHASES; do
  R="$OUT/$p/stream-$p.json"
  F[$p.events]=$(json_value "$R" verification accepted)
  F[$p.missing]=$(json_value "$R" verification missing)
  F[$p.duplicated]=$(json_value "$R" verification duplicated)
  F[$p.perMinute]=$(calc "$(json_value "$R" totals achievedPerSecond) * 60" %.0f)
  F[$p.p50]=$(json_value "$R" totals latencyMs p50)
  F[$p.p99]=$(json_value "$R" totals latencyMs p99)
  read -r "F[$p.jvm]" "F[$p.pg]" "F[$p.redis]" "F[$p.total]" < <(cpu_us "$OUT/$p-before.cpu" "$OUT/$p-after.cpu" "${F[$p.events]:-0}")
done
for k in expected delivered missed duplicates unexpected uncertain overflowed reconnects; do
  F[B.$k]=$(json_value "$OUT/B/stream-B.json" stream totals "$k")
done
for k in count p50 p99 p99_9 max; do F[B.lat.$k]=$(json_value "$OUT/B/stream-B.json" stream latencyMs "$k"); done
F[B.settled]=$(json_value "$OUT/B/stream-B.json" stream settled)
F[B.request]=$(json_value "$OUT/B/stream-B.json" stream request)
F[B.perSecond]=$(calc "${F[B.lat.count]:-0} / $(json_value "$OUT/B/stream-B.json" totals durationSeconds)" %.0f)
F[B.platformDelivered]=$(prom_delta "$OUT/B-before.prom" "$OUT/B-after.prom" bss_stream_delivered_total)
F[B.platformOverflows]=$(prom_delta "$OUT/B-before.prom" "$OUT/B-after.prom" bss_stream_overflows_total)
for pct in 50 99 99.9; do
  F[B.delay.$pct]=$(prom_percentile "$OUT/B-before.prom" "$OUT/B-after.prom" bss_stream_delay_seconds "$pct")
done
RATE_TEXT=$RATE
[[ "$RATE" =~ ^([0-9]+)/(s|min|h)$ ]] && RATE_TEXT="$(commas "${BASH_REMATCH[1]}") events/${BASH_REMATCH[2]}"
F[B.open]=$(awk -v from="$(cat "$OUT/B-before.time")" -v to="$(cat "$OUT/B-after.time")" \
  '$1 >= from && $1 <= to && $2 > m {m = $2} END {print m + 0}' "$OUT/B-samples.txt")
# Phases that accepted less than 97 % of the rate asked: their CPU per event is at another rate than the others'.
TARGET=$(json_value "$OUT/A/stream-A.json" settings "rate (events/min)")
SHORT=""
for p in A B C; do
  [[ " $PHASES " == *" $p "* ]] || continue
  item=$(awk -v p="$p" -v a="${F[$p.perMinute]}" -v t="$TARGET" 'BEGIN {if (t > 0 && a < 0.97 * t) printf "%s (%.0f %%)", p, 100 * a / t}')
  [[ -z "$item" ]] || SHORT="${SHORT:+$SHORT, }$item"
done
MACHINE_CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
JDK=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vm.name/ {n = $2} /java.runtime.version/ {v = $2}
  /java.vendor =/ {w = $2} END {printf "%s %s (%s)", n, v, w}')

added() { # phase: "JVM PostgreSQL Redis total ratio" of the phase against A
  awk -v a="${F[A.jvm]} ${F[A.pg]} ${F[A.redis]} ${F[A.total]}" -v x="${F[$1.jvm]} ${F[$1.pg]} ${F[$1.redis]} ${F[$1.total]}" \
    'BEGIN {split(a, u); split(x, v); printf "%.1f %.1f %.1f %.1f %.2f\n", v[1] - u[1], v[2] - u[2], v[3] - u[3], v[4] - u[4], (u[4] > 0 ? v[4] / u[4] : 0)}'
}
read -r "F[BA.jvm]" "F[BA.pg]" "F[BA.redis]" "F[BA.total]" "F[BA.ratio]" < <(added B)
if [[ " $PHASES " == *" C "* ]]; then
  read -r "F[CA.jvm]" "F[CA.pg]" "F[CA.redis]" "F[CA.total]" "F[CA.ratio]" < <(added C)
fi
# Deliveries in the same window as the CPU: the platform's counter, else what the subscribers got.
DELIVERIES=${F[B.platformDelivered]}
[[ "$DELIVERIES" != 0 ]] || DELIVERIES=$(( ${F[B.delivered]:-0} + ${F[B.duplicates]:-0} ))
F[B.perDelivery]=$(calc "$DELIVERIES > 0 ? ${F[BA.total]} * ${F[B.events]} / $DELIVERIES : 0" %.2f)
FAULTS=$(( ${F[B.missed]:-0} + ${F[B.duplicates]:-0} + ${F[B.unexpected]:-0} ))
STATUS=0
[[ $FAULTS -eq 0 && $(cat "$OUT/B.status") -eq 0 ]] || STATUS=3
ms() { [[ -n "${1:-}" ]] && printf '%.1f ms' "$1" || printf 'n/a'; }
roles_of() { case $1 in A) echo "\`$NO_STREAM_ROLES\`" ;; *) echo "all" ;; esac; }
subscribers_of() { case $1 in B) echo "$SUBSCRIBERS" ;; *) echo 0 ;; esac; }
title_of() { case $1 in A) echo "A: without the stream" ;; B) echo "B: $(commas "$SUBSCRIBERS") subscribers" ;; C) echo "C: nobody subscribed" ;; esac; }

write_md() {
  local verdict
  if [[ $STATUS -eq 0 ]]; then verdict="Nothing missed"; else verdict="Not every event delivered exactly once"; fi
  echo "# Live stream: $(commas "$SUBSCRIBERS") Server-Sent Events subscribers on one instance at $RATE_TEXT, single-event"
  echo
  echo "**$verdict**: $(commas "${F[B.delivered]}") of $(commas "${F[B.expected]}") expected deliveries made, missed" \
    "$(commas "${F[B.missed]}"), duplicates $(commas "${F[B.duplicates]}"), unexpected $(commas "${F[B.unexpected]}")," \
    "overflowed $(commas "${F[B.overflowed]}"). $(commas "${F[B.perSecond]}") deliveries/s, delivery p99" \
    "**$(ms "${F[B.lat.p99]}")** (send → read by the subscriber). The stream adds **${F[BA.total]} µs of CPU per" \
    "event** with the subscribers (×${F[BA.ratio]} the CPU per event of the platform's processes without the stream;" \
    "${F[B.perDelivery]} µs a delivery)${F[CA.total]:+, ${F[CA.total]} µs with nobody listening (×${F[CA.ratio]})}."
  echo
  echo "![CPU per event of each phase by process]($NAME.svg)"
  echo
  echo "## Phases"
  echo
  echo "Each phase on a freshly started platform (development jar, embedded Kafka, PostgreSQL and Redis, \`$PLATFORM_JVM\`)"
  echo "with the same load: the load generator, steady $RATE_TEXT, single-event, $CONNECTIONS connections, $TENANTS tenants,"
  echo "$DURATION measured after $WARMUP of warm-up, then verified against the store. Before each, $JIT_WARMUP of the same load"
  echo "(with the phase's subscribers) that is not part of any figure: a freshly started JVM spends about a core compiling;"
  echo "then the store catches up and the platform closes that run's streams before the measured run starts."
  echo "Accepted/min and write latency (from each request's due time to its answer) are over the measured $DURATION; CPU"
  echo "is the processes' user + system time from /proc between just before and just after the run (warm-up, opening the"
  echo "subscribers, their wait for the last deliveries and the verification included) per event accepted in it."
  echo
  echo "| phase | roles | subscribers | events accepted | accepted/min | write p50 | write p99 | platform JVM µs/event | PostgreSQL µs/event | Redis µs/event | total µs/event | store: missing / duplicated |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for p in A B C; do
    [[ " $PHASES " == *" $p "* ]] || continue
    echo "| $(title_of $p) | $(roles_of $p) | $(commas "$(subscribers_of $p)") | $(commas "${F[$p.events]}") |" \
      "$(commas "${F[$p.perMinute]}") | $(ms "${F[$p.p50]}") | $(ms "${F[$p.p99]}") | ${F[$p.jvm]} | ${F[$p.pg]} |" \
      "${F[$p.redis]} | ${F[$p.total]} | ${F[$p.missing]} / ${F[$p.duplicated]} |"
  done
  if [[ -n "$SHORT" ]]; then
    echo
    echo "**The rate was not sustained** (accepted/min below 97 % of $RATE_TEXT) in $SHORT: CPU per event depends on"
    echo "the rate, so where the phases' rates differ, the differences below mix the stream's cost with that."
  fi
  echo
  echo "## What the stream adds"
  echo
  echo "| CPU per event accepted | platform JVM µs | PostgreSQL µs | Redis µs | total µs | total, × A's |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "| B − A: $(commas "$SUBSCRIBERS") subscribers | ${F[BA.jvm]} | ${F[BA.pg]} | ${F[BA.redis]} | **${F[BA.total]}** | ×${F[BA.ratio]} |"
  [[ -n "${F[CA.total]:-}" ]] && echo "| C − A: the role, nobody listening | ${F[CA.jvm]} | ${F[CA.pg]} | ${F[CA.redis]} | ${F[CA.total]} | ×${F[CA.ratio]} |"
  echo
  echo "Per delivery: (B − A) × B's $(commas "${F[B.events]}") events / $(commas "$DELIVERIES") deliveries in the same window"
  echo "(\`bss_stream_delivered_total\`) = **${F[B.perDelivery]} µs**. The load generator runs on the same 2 cores and reads"
  echo "every delivery too; its CPU is in none of these figures, but it takes cores from the platform in B."
  echo
  echo "## Deliveries in B"
  echo
  echo "$(commas "$SUBSCRIBERS") subscribers over $TENANTS tenants, each \`${F[B.request]}\` with its tenant's key, live before the"
  echo "load; at most $(commas "${F[B.open]}") open streams on the platform during the run (\`bss_stream_subscribers\`, every 5 s)."
  echo "Each had to get every accepted event of its tenant matching its filter, warm-up included; after the load: ${F[B.settled]}."
  echo
  echo "| expected | delivered | missed | duplicates | unexpected | uncertain | overflowed | reconnects |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| $(commas "${F[B.expected]}") | $(commas "${F[B.delivered]}") | $(commas "${F[B.missed]}") | $(commas "${F[B.duplicates]}") |" \
    "$(commas "${F[B.unexpected]}") | $(commas "${F[B.uncertain]}") | $(commas "${F[B.overflowed]}") | $(commas "${F[B.reconnects]}") |"
  echo
  echo "| delivery latency | deliveries | deliveries/s | p50 | p99 | p99.9 | max |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| send → read by the subscriber (load generator, events sent in the measured $DURATION) | $(commas "${F[B.lat.count]}") |" \
    "$(commas "${F[B.perSecond]}") | $(ms "${F[B.lat.p50]}") | $(ms "${F[B.lat.p99]}") | $(ms "${F[B.lat.p99_9]}") | $(ms "${F[B.lat.max]}") |"
  echo "| accept → written to the subscriber (\`bss_stream_delay_seconds\` over the run, linear within a bucket) |" \
    "$(commas "${F[B.platformDelivered]}") | | $(ms "${F[B.delay.50]:-}") | $(ms "${F[B.delay.99]:-}") | $(ms "${F[B.delay.99.9]:-}") | |"
  echo
  echo "Overflows on the platform (\`bss_stream_overflows_total\` over the run): $(commas "${F[B.platformOverflows]}")."
  echo
  echo "## Where the platform JVM's CPU went"
  echo
  echo "By thread, over the same window, per event accepted (the kernel's 15-character names, digits as #; the embedded"
  echo "Kafka broker runs in this JVM: \`data-plane-kafk\` are its request handlers)."
  for p in B C A; do
    [[ " $PHASES " == *" $p "* ]] || continue
    echo
    echo "$(title_of $p):"
    echo
    thread_table "$OUT/$p-before.threads" "$OUT/$p-after.threads" "${F[$p.events]}" 14
  done
  echo
  echo "## How it was measured"
  echo
  echo "- Command: \`$COMMAND\`"
  echo "- Date: $STARTED"
  echo "- Machine: $(nproc) cores, $MACHINE_CPU, $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo);" \
    "$(uname -sr); JDK: $JDK"
  echo "- Load average (1, 5, 15 min) at start / end: $LOAD_BEFORE / $LOAD_AFTER; the load generator and the platform"
  echo "  share the machine, with whatever else runs on it: figures from a shared 2-core machine are indicative."
  echo "- Platform arguments: \`--bss.roles=...\` as above${STREAM_LIMIT:+, \`$STREAM_LIMIT\`}${PLATFORM_ARGS:+, \`$PLATFORM_ARGS\`}"
  echo "- CPU: the platform's JVM, its PostgreSQL (the postmaster and its children) and its Redis (the JVM's"
  echo "  \`redis-server\` child), from /proc/<pid>/stat; a backend that ended within the window is not counted."
  echo "- All figures: \`bench/results/$NAME.json\`."
}

jnum() { [[ "${1:-}" =~ ^-?[0-9.]+([eE][-+]?[0-9]+)?$ ]] && echo "$1" || echo null; }
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
write_json() {
  local p first=1
  echo "{"
  echo "  \"command\": $(jstr "$COMMAND"), \"date\": \"$STARTED\","
  echo "  \"machine\": {\"cores\": $(nproc), \"cpu\": $(jstr "$MACHINE_CPU"), \"jdk\": $(jstr "$JDK"),"
  echo "    \"loadAverageStart\": \"$LOAD_BEFORE\", \"loadAverageEnd\": \"$LOAD_AFTER\"},"
  echo "  \"settings\": {\"rate\": \"$RATE\", \"subscribers\": $SUBSCRIBERS, \"tenants\": $TENANTS, \"duration\": \"$DURATION\","
  echo "    \"warmup\": \"$WARMUP\", \"jitWarmup\": \"$JIT_WARMUP\", \"subscribeQuery\": $(jstr "$QUERY"), \"connections\": $CONNECTIONS,"
  echo "    \"platformJvm\": \"$PLATFORM_JVM\", \"platformArgs\": $(jstr "$PLATFORM_ARGS"), \"streamLimit\": $(jstr "$STREAM_LIMIT")},"
  echo "  \"phases\": {"
  for p in A B C; do
    [[ " $PHASES " == *" $p "* ]] || continue
    [[ $first -eq 1 ]] || echo ","
    first=0
    printf '    "%s": {"roles": %s, "subscribers": %s, "eventsAccepted": %s, "acceptedPerMinute": %s, "writeP50Ms": %s,' \
      "$p" "$(jstr "$(roles_of $p | tr -d '`')")" "$(subscribers_of $p)" "$(jnum "${F[$p.events]}")" \
      "$(jnum "${F[$p.perMinute]}")" "$(jnum "${F[$p.p50]}")"
    printf '\n      "writeP99Ms": %s, "storeMissing": %s, "storeDuplicated": %s,' "$(jnum "${F[$p.p99]}")" \
      "$(jnum "${F[$p.missing]}")" "$(jnum "${F[$p.duplicated]}")"
    printf '\n      "cpuUsPerEvent": {"jvm": %s, "postgresql": %s, "redis": %s, "total": %s}' "$(jnum "${F[$p.jvm]}")" \
      "$(jnum "${F[$p.pg]}")" "$(jnum "${F[$p.redis]}")" "$(jnum "${F[$p.total]}")"
    if [[ $p == B ]]; then
      printf ',\n      "stream": {"request": %s, "settled": %s, "openAtMost": %s, "deliveriesPerSecond": %s,' \
        "$(jstr "${F[B.request]}")" "$(jstr "${F[B.settled]}")" "$(jnum "${F[B.open]}")" "$(jnum "${F[B.perSecond]}")"
      printf '\n        "expected": %s, "delivered": %s, "missed": %s, "duplicates": %s, "unexpected": %s, "uncertain": %s,' \
        "$(jnum "${F[B.expected]}")" "$(jnum "${F[B.delivered]}")" "$(jnum "${F[B.missed]}")" "$(jnum "${F[B.duplicates]}")" \
        "$(jnum "${F[B.unexpected]}")" "$(jnum "${F[B.uncertain]}")"
      printf '\n        "overflowed": %s, "reconnects": %s,' "$(jnum "${F[B.overflowed]}")" "$(jnum "${F[B.reconnects]}")"
      printf '\n        "latencyMs": {"count": %s, "p50": %s, "p99": %s, "p99_9": %s, "max": %s},' "$(jnum "${F[B.lat.count]}")" \
        "$(jnum "${F[B.lat.p50]}")" "$(jnum "${F[B.lat.p99]}")" "$(jnum "${F[B.lat.p99_9]}")" "$(jnum "${F[B.lat.max]}")"
      printf '\n        "platform": {"delivered": %s, "overflows": %s, "delayMs": {"p50": %s, "p99": %s, "p99_9": %s}}}' \
        "$(jnum "${F[B.platformDelivered]}")" "$(jnum "${F[B.platformOverflows]}")" "$(jnum "${F[B.delay.50]:-}")" \
        "$(jnum "${F[B.delay.99]:-}")" "$(jnum "${F[B.delay.99.9]:-}")"
    fi
    printf '}'
  done
  echo
  echo "  },"
  printf '  "added": {"B-A": {"jvm": %s, "postgresql": %s, "redis": %s, "total": %s, "ratio": %s, "usPerDelivery": %s}' \
    "$(jnum "${F[BA.jvm]}")" "$(jnum "${F[BA.pg]}")" "$(jnum "${F[BA.redis]}")" "$(jnum "${F[BA.total]}")" \
    "$(jnum "${F[BA.ratio]}")" "$(jnum "${F[B.perDelivery]}")"
  if [[ -n "${F[CA.total]:-}" ]]; then
    printf ',\n    "C-A": {"jvm": %s, "postgresql": %s, "redis": %s, "total": %s, "ratio": %s}' "$(jnum "${F[CA.jvm]}")" \
      "$(jnum "${F[CA.pg]}")" "$(jnum "${F[CA.redis]}")" "$(jnum "${F[CA.total]}")" "$(jnum "${F[CA.ratio]}")"
  fi
  echo "},"
  echo "  \"nothingMissed\": $([[ $STATUS -eq 0 ]] && echo true || echo false)"
  echo "}"
}

# Horizontal stacked bars, one a phase, a segment a process (as the transport benchmark's chart).
write_svg() {
  local p
  for p in A B C; do
    if [[ " $PHASES " == *" $p "* ]]; then echo "$(title_of $p)|${F[$p.jvm]}|${F[$p.pg]}|${F[$p.redis]}"; fi
  done | awk -F'|' -v title="CPU per event accepted (µs) by phase, at $RATE_TEXT single-event" '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    { label[NR] = $1; for (i = 1; i <= 3; i++) v[NR, i] = ($(i + 1) > 0 ? $(i + 1) : 0); t = v[NR, 1] + v[NR, 2] + v[NR, 3]
      total[NR] = t; if (t > max) max = t }
    END {
      width = 960; left = 190; right = 90; top = 64; row = 30; n = NR; plot = width - left - right; height = top + n * row + 40
      raw = (max > 0 ? max : 1) / 5; mag = 10 ^ int(log(raw) / log(10)); if (mag > raw) mag /= 10
      step = 10 * mag; split("1 2 5 10", f, " "); for (i = 4; i >= 1; i--) if (f[i] * mag >= raw) step = f[i] * mag
      high = step * int((max + step - 1e-9) / step); if (high < max) high += step; if (high <= 0) high = step
      name[1] = "platform JVM"; name[2] = "PostgreSQL"; name[3] = "Redis"; color[1] = "#4e79a7"; color[2] = "#f28e2b"; color[3] = "#e15759"
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", width, height, esc(title)
      printf "<style>text{font-family:system-ui,sans-serif;font-size:12px;fill:#444}.title{font-size:14px;font-weight:600;fill:#222}.grid{stroke:#eee}</style>\n"
      printf "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<text class=\"title\" x=\"12\" y=\"20\">%s</text>\n", width, height, esc(title)
      x = left
      for (s = 1; s <= 3; s++) {
        printf "<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.1f\" y=\"44\">%s</text>\n", x, color[s], x + 16, name[s]
        x += 16 + 6.6 * length(name[s]) + 18
      }
      bottom = top + n * row
      for (tick = 0; tick <= high + step / 1e6; tick += step) {
        x = left + plot * tick / high
        printf "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n", x, top - 4, x, bottom, x, bottom + 16, tick
      }
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">µs of CPU per event accepted</text>\n", left + plot / 2, bottom + 34
      for (r = 1; r <= n; r++) {
        y = top + (r - 1) * row; x = left
        printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left - 8, y + 19, esc(label[r])
        for (s = 1; s <= 3; s++) {
          w = plot * v[r, s] / high
          if (w > 0) printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %.1f</title></rect>\n", x, y + 5, w, row - 10, color[s], name[s], v[r, s]
          x += w
        }
        printf "<text x=\"%.1f\" y=\"%.1f\">%.1f</text>\n", x + 6, y + 19, total[r]
      }
      print "</svg>"
    }'
}

echo ">> writing bench/results/$NAME.md, $NAME.json and $NAME.svg"
mkdir -p bench/results
write_md > "bench/results/$NAME.md"
write_json > "bench/results/$NAME.json"
write_svg > "bench/results/$NAME.svg"
cat "bench/results/$NAME.md"
exit $STATUS
