#!/usr/bin/env bash
# The fault suite: Kafka (a cluster of 3 KRaft brokers, replication factor 3, min.insync.replicas 2), PostgreSQL and
# Redis as processes of their own, the platform as another, the load generator at 50,000 events/min, and each
# scenario's fault (a process killed, stopped or frozen, the network slowed or cut, a disk filled) injected and
# healed under that load; then every accepted event is checked stored exactly once, and the read models against a
# rebuild from the store.
#
#   bench/chaos/run.sh                                  every scenario (about 35 minutes)
#   bench/chaos/run.sh --scenarios kafka-broker-kill,postgres-kill
#   bench/chaos/run.sh --short                          each fault for a few seconds (as the tests run them)
#   bench/chaos/run.sh --rate 100000/min --no-read-models
#   bench/chaos/run.sh --scenarios steady --brokers 1 --name chaos-steady-1-broker
#                                                       no fault: what a setup costs per event (1 broker against 3)
#   bench/chaos/run.sh --warm-up 0                      no warm-up (by default 60 s of load on tenants of its own
#                                                       before the first scenario, outside every figure)
#   MVN_ARGS=-o bench/chaos/run.sh                      build offline
#
# Scenarios: kafka-broker-kill kafka-cluster-stop postgres-kill postgres-freeze postgres-slow redis-kill redis-evict
# network-kafka network-postgres network-partition platform-kill instance-kill postgres-disk-full (root only: it
# mounts a tmpfs for PostgreSQL's data); steady (no fault, two minutes; only when named).
#
# Writes bench/results/chaos.md, chaos.html (a chart per scenario: rate, 503s and p99 over time, the fault shaded)
# and chaos.json (with each scenario's CPU per event, by process, in its steady phase), and the load generator's
# report of each scenario in bench/results/chaos/. Exit status: 0 nothing lost, 3 something lost or duplicated or a
# read model differs, 1 error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=../../scripts/java21.sh
source scripts/java21.sh
case "${1:-}" in -h|--help) sed -n '2,25p' "$0"; exit 0 ;; esac

# shellcheck source=../lib/platform.sh
source bench/lib/platform.sh
work_folder chaos-bench
echo ">> building the platform, the load generator and the benchmark classpath"
# shellcheck source=../lib/build.sh
source bench/lib/build.sh
build_for_bench "$WORK"

status=0
"$JAVA" -Xmx1g -cp "$BENCH_CP" org.bss.bench.chaos.ChaosSuite --work "$WORK/run" --out bench/results \
  --command "bench/chaos/run.sh${*:+ $*}" "$@" || status=$?
# the load generator's report of each scenario (not its accepted-events log or the tenants' keys)
mkdir -p bench/results/chaos
for report in "$WORK"/run/runs/*/*.html "$WORK"/run/runs/*/*.json "$WORK"/run/runs/*/*.txt; do
  [[ -e "$report" ]] && cp "$report" bench/results/chaos/
done
exit "$status"
