#!/usr/bin/env bash
# The full reliability run of docs/reliability.md, against the real tidelined:
#   50 SIGKILLs under ingest, live queries, materialized views, an alert and a sink;
#   20 SIGKILLs of a materialized view landing a Kafka topic (librdkafka's mock cluster);
#   a full disk; every operation without valid credentials; per-connection limits;
#   hostile input at every endpoint; 100 SSE clients + 1 M rows/s of ingest for 60 s;
#   then the whole suite under AddressSanitizer + UBSan with every fuzzer (FUZZ_SECONDS each),
#   and the engine, api, workspace and server suites under ThreadSanitizer (scripts/sanitize.sh).
# CI runs the same tests in a reduced form (4 kills, 10 s of load, the sanitizer sets of
# `sanitize.sh --ci`) as part of .ci/run.
# Usage: scripts/reliability.sh [build dir, default build]   (KILLS=n, KAFKA_KILLS=n, LOAD_SECONDS=n, SEED=n to vary;
#        SANITIZERS=0 skips the sanitizer part, which takes 20-60 min with its two builds)
# The figures each test prints are collected at the end (and in <build>/reliability.log).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
tests='tst_TidelinedCrash|tst_TidelinedKafkaCrash|tst_TidelinedFullDisk|tst_TidelinedLoad|tst_Authentication|tst_ConnectionLimits|tst_HostileInput|tst_StreamLogCrash|tst_MaterializedViewCrash'
cmake --build "$build" -j"$(nproc)" --target tidelined tst_TidelinedCrash tst_TidelinedKafkaCrash tst_TidelinedFullDisk tst_TidelinedLoad \
  tst_Authentication tst_ConnectionLimits tst_HostileInput tst_StreamLogCrash tst_MaterializedViewCrash
export TIDELINE_CRASH_KILLS="${KILLS:-50}"
export TIDELINE_KAFKA_KILLS="${KAFKA_KILLS:-20}"
export TIDELINE_LOAD_SECONDS="${LOAD_SECONDS:-60}"
[ -n "${SEED:-}" ] && export TIDELINE_CRASH_SEED="$SEED"
started=$(date +%s)
status=0
# One at a time: the load figures mean nothing with another test on the same two cores.
ctest --test-dir "$build" -R "^(${tests})\$" -V --timeout 3600 > "$build/reliability.log" 2>&1 || status=$?
grep -E '^[0-9]+: (tst_[A-Za-z]+: |hostile bodies tried|\[  (PASSED|FAILED) )|tests passed|tests failed' "$build/reliability.log" | sed 's/^[0-9]*: //'
echo "reliability tests: $(( $(date +%s) - started )) s, exit $status (full log: $build/reliability.log)"
if [ "${SANITIZERS:-1}" != 0 ]; then
  scripts/sanitize.sh address thread || status=$?
fi
echo "reliability run: $(( $(date +%s) - started )) s, exit $status"
exit $status
