#!/usr/bin/env bash
# Quick start 2: set up, build, and run every test; then the sanitizer modes in their reduced,
# time-bounded form: scripts/sanitize.sh --ci address (ASan+UBSan on the goldens, the fuzz
# regressions and the server's hostile-input tests, then each fuzzer for 10 s) and --ci thread
# (TSan on the log and its shared block cache, streaming queries, SSE clients, the API server).
# The suite includes the instruction-count gate of the benchmarks (bench/callgrind/gate.py).
# TIDELINE_SANITIZERS=0 skips that second part; scripts/sanitize.sh runs both sanitizers in full.
set -euo pipefail
cd "$(dirname "$0")/.."
# The benchmarks are built too: ctest's bench_callgrind_gate runs the reduced workloads under
# callgrind and fails on > 3 % more instructions than bench/callgrind/baseline.json (issue 8).
scripts/install-packages.sh valgrind
scripts/setup.sh -DTIDELINE_BENCH=ON
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${TIDELINE_SANITIZERS:-1}" != 0 ]; then
  scripts/sanitize.sh --ci address thread
fi
