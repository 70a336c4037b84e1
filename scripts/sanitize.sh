#!/usr/bin/env bash
# The sanitizer modes of the test suite (clang 14; each mode has its own build folder):
#   address  every test under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, which
#            also holds the libFuzzer targets), then each fuzzer for FUZZ_SECONDS (default 20), then
#            the GUI tests (models, ui, client) from build-asan-gui/ (the fuzzers' coverage flags
#            are not wanted there, and the GUI is not built into build-asan/)
#   thread   the engine (unit, golden), api, workspace and server tests under ThreadSanitizer
#            (build-tsan/), but for the few TSan cannot run (thread_excluded below)
# --ci runs the reduced, time-bounded form that .ci/run runs after the plain suite: only the
# tests that cover the code hostile input reaches and the threads that share data (the SQL and
# streaming goldens, the fuzz regressions, the server's hostile-input, SSE and connection tests,
# the log under concurrent writers), and each fuzzer for 10 s (FUZZ_SECONDS).
# Usage: scripts/sanitize.sh [--ci] [address|thread]...   (default: both)
#        scripts/sanitize.sh --configure-only address|thread
set -euo pipefail
cd "$(dirname "$0")/.."
configure_only=0 ci=0
while [ $# -gt 0 ]; do
  case "$1" in
    --configure-only) configure_only=1; shift ;;
    --ci) ci=1; shift ;;
    *) break ;;
  esac
done
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(address thread)

scripts/install-packages.sh clang libclang-rt-14-dev
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# The build folder is not part of the hash, so a fresh clone elsewhere reuses the cached objects
# (with -g, ccache would otherwise hash the working directory into every key).
export CCACHE_NOHASHDIR=1
supp="$PWD/tests/sanitizers"
export QT_QPA_PLATFORM=offscreen

# The reduced sets (--ci): test names for ctest -R, and the targets that build them.
ci_address_tests=(tst_GoldenSql tst_GoldenStreaming tst_FuzzRegressions tst_HostileInput tst_ApiServer
  tst_ConnectionLimits tst_SseConcurrency tst_StreamLog tst_Parser tst_FormatterRoundTrip tst_ValueParser)
ci_thread_tests=(tst_SseConcurrency tst_StreamLog tst_BlockCache tst_StreamingQuery tst_ApiServer)
# Not run under ThreadSanitizer (clang 14), ASan covers them: tests that start processes through
# QProcess (TSan aborts in its clone() interceptor, "CHECK failed: tsan_rtl.cpp:234"), and tests
# that run librdkafka (its threads come from C11 thrd_create, which TSan does not intercept, so
# their first allocation crashes in TSan's allocator).
thread_excluded=(tst_TidelinedCrash tst_TidelinedKafkaCrash tst_TidelinedFullDisk tst_TidelinedLoad tst_TidelinedProcess tst_NatsSource
  tst_KafkaExternalStream tst_KafkaSource tst_ExternalStreamRoutes tst_Contract)
thread_excluded_cases=-SourceRunnerTest.BadSourcesAreRefusedWithProtonCodesAndCreateNothing # probes a kafka broker

run_address() {
  local dir=$1
  if [ $ci = 1 ]; then
    cmake --build "$dir" -j"$(nproc)" --target "${ci_address_tests[@]}" fuzz_parser fuzz_ingest fuzz_sse fuzz_json fuzz_http fuzz_protobuf tidelined
  else
    cmake --build "$dir" -j"$(nproc)"
  fi
  local filter=()
  [ $ci = 1 ] && filter=(-R "^($(IFS='|'; echo "${ci_address_tests[*]}"))\$")
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
  LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" "${filter[@]}"
  local seconds=20
  [ $ci = 1 ] && seconds=10
  FUZZ_SECONDS="${FUZZ_SECONDS:-$seconds}" scripts/fuzz.sh
  [ $ci = 1 ] || run_address_gui build-asan-gui
}

# The GUI tests under ASan (offscreen). Only their targets are built: the engine and server tests
# already ran in build-asan/.
run_address_gui() {
  local dir=$1
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTIDELINE_SANITIZE=address -DTIDELINE_BUILD_GUI=ON -DTIDELINE_FUZZ=OFF > /dev/null
  local labels='ui|models|client'
  mapfile -t targets < <(ctest --test-dir "$dir" -N -L "$labels" | awk '/Test +#/ {print $3}')
  cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}" tidelined
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
  LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" -L "$labels"
}

run_thread() {
  local dir=$1
  local filter=(-L "unit|golden|workspace|server|api" -E "^($(IFS='|'; echo "${thread_excluded[*]}"))\$")
  if [ $ci = 1 ]; then
    cmake --build "$dir" -j"$(nproc)" --target "${ci_thread_tests[@]}" tidelined
    filter=(-R "^($(IFS='|'; echo "${ci_thread_tests[*]}"))\$")
  else
    cmake --build "$dir" -j"$(nproc)"
  fi
  GTEST_FILTER="$thread_excluded_cases" TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp" \
    ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" "${filter[@]}"
}

for mode in "${modes[@]}"; do
  case "$mode" in
    address) dir=build-asan; args=(-DTIDELINE_FUZZ=ON -DTIDELINE_SANITIZE=address -DTIDELINE_BUILD_GUI=OFF) ;;
    thread)  dir=build-tsan; args=(-DTIDELINE_SANITIZE=thread -DTIDELINE_BUILD_GUI=OFF) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${args[@]}" > /dev/null
  [ $configure_only = 1 ] && continue
  start=$SECONDS
  "run_$mode" "$dir"
  echo "sanitize.sh: $mode mode passed in $((SECONDS - start)) s"
done
