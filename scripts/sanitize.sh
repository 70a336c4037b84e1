#!/usr/bin/env bash
# The sanitizer mode of the test suite (run by .ci/run after the plain suite):
#   address  every test under AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-asan/,
#            which also holds the fuzzers), then each fuzzer for FUZZ_SECONDS (default 20)
#   thread   the engine (unit, golden), api, workspace and server tests under ThreadSanitizer (clang, build-tsan/)
# Usage: scripts/sanitize.sh [address|thread]...   (default: both)
#        scripts/sanitize.sh --configure-only address|thread
set -euo pipefail
cd "$(dirname "$0")/.."
configure_only=0
if [ "${1:-}" = "--configure-only" ]; then configure_only=1; shift; fi
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(address thread)

scripts/install-packages.sh clang libclang-rt-14-dev
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
supp="$PWD/tests/sanitizers"

for mode in "${modes[@]}"; do
  case "$mode" in
    address) dir=build-asan; args=(-DTIDELINE_FUZZ=ON -DTIDELINE_SANITIZE=address) ;;
    thread)  dir=build-tsan; args=(-DTIDELINE_SANITIZE=thread -DTIDELINE_BUILD_GUI=OFF) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${args[@]}" > /dev/null
  [ $configure_only = 1 ] && continue
  cmake --build "$dir" -j"$(nproc)"
  if [ "$mode" = address ]; then
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
    FUZZ_SECONDS="${FUZZ_SECONDS:-20}" scripts/fuzz.sh
  else
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp" \
      ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" -L "unit|golden|workspace|server|api"
  fi
done
