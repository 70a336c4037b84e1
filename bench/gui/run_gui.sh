#!/bin/bash
# B6 (performance.md §6): the existing GUI benches (bench_ResultGrid = B6a, bench_Chart = B6c) under
# Xvfb, when the build has them (-DTIDELINE_BUILD_GUI=ON -DTIDELINE_BENCH=ON). Their text output
# goes to bench/results/gui-<stamp>.txt and one JSON line each to bench/results/gui-<stamp>.jsonl.
# Run after the engine benches, never at the same time (performance.md §7.7).
#   run_gui.sh BUILD_DIR QUICK(0|1)
build=$1 quick=${2:-0}
here=$(cd "$(dirname "$0")/.." && pwd)
find_bin() { for d in "$build/bin" "$build/bench"; do [ -x "$d/$1" ] && { echo "$d/$1"; return; }; done; }
grid=$(find_bin bench_ResultGrid) chart=$(find_bin bench_Chart)
if [ -z "$grid" ] || [ -z "$chart" ]; then
    echo "B6 skipped: $build has no bench_ResultGrid/bench_Chart (configure with -DTIDELINE_BUILD_GUI=ON -DTIDELINE_BENCH=ON)"
    exit 0
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$here/results"
out=$here/results/gui-$stamp
if [ "$quick" = 1 ]; then gargs=(--seconds 3) cargs=(--frames 120); else gargs=(--seconds 10) cargs=(--frames 600); fi
rc=0
for b in "B6a:$grid:${gargs[*]}" "B6c:$chart:${cargs[*]}"; do
    IFS=: read -r id exe a <<<"$b"
    echo "== $id $(basename "$exe") $a (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$out.txt"
    text=$(xvfb-run -a -s "-screen 0 1920x1080x24" "$exe" $a 2>&1) || rc=$?
    echo "$text" | tee -a "$out.txt"
    python3 -c 'import json,sys; print(json.dumps({"bench": sys.argv[1], "engine": "tideline", "load1": float(sys.argv[2]), "ok": "FAIL" not in sys.argv[3], "output": sys.argv[3]}))' \
        "$id" "$(cut -d' ' -f1 /proc/loadavg)" "$text" >>"$out.jsonl"
done
exit $rc
