#!/usr/bin/env bash
# Runs every libFuzzer target for FUZZ_SECONDS each (default 300) from the seeds in
# tests/fuzz/corpus/<target>/, after building them into build-asan/ (clang, ASan + UBSan).
# New inputs go to build-asan/fuzz/corpus/<target>/; a failing input is written to
# build-asan/fuzz/artifacts/ and the script fails: fix it, then copy the input into
# tests/fuzz/regressions/<target>/ so tst_FuzzRegressions keeps it fixed.
# Usage: scripts/fuzz.sh [target...]   (targets: parser ingest sse json http protobuf)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-300}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parser ingest sse json http protobuf)

scripts/sanitize.sh --configure-only address
cmake --build build-asan -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")

export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" # a leak is found by the test suite, not here
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
status=0
for t in "${targets[@]}"; do
  work=build-asan/fuzz/corpus/$t
  mkdir -p "$work" build-asan/fuzz/artifacts
  echo "== fuzz_$t: ${seconds}s"
  if ! build-asan/fuzz/fuzz_$t -max_total_time="$seconds" -max_len=16384 -timeout=20 -print_final_stats=1 \
      -artifact_prefix=build-asan/fuzz/artifacts/$t- "$work" tests/fuzz/corpus/$t 2> build-asan/fuzz/$t.log; then
    tail -40 build-asan/fuzz/$t.log
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" build-asan/fuzz/$t.log | sed "s/^/  /"
done
exit $status
