#!/bin/bash
# The whole benchmark suite of issue 8 in one command (see bench/README.md):
#   bench/run.sh [--quick] [--build DIR] [--reps N] [--inner N] [--only batch,append,streaming,latency,server,gui]
#                [--peers duckdb,chdb,polars,clickhouse,sqlite] [--no-build] [--tidelined PATH]
# Builds the bench programs (Release, TIDELINE_BENCH=ON), installs the peers if missing, generates
# the data (bench/data/, never committed), then runs bench/run.py: ours and the peers alternated
# on the same data, every result checked, medians and ratios printed, JSON lines in bench/results/.
# --quick: 1 M rows, 2 rounds, best of 1, 3-s latency runs (about 3-4 minutes on an idle machine).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$root/build-bench quick=0 reps=3 only= peers=duckdb,chdb,polars,clickhouse,sqlite dobuild=1 tidelined= inner_opt=
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 reps=2 ;;
        --build) build=$(realpath "$2"); shift ;;
        --reps) reps=$2; shift ;;
        --inner) inner_opt=$2; shift ;;
        --only) only=$2; shift ;;
        --peers) peers=$2; shift ;;
        --no-build) dobuild=0 ;;
        --tidelined) tidelined=$(realpath "$2"); shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ $quick = 1 ]; then rows=1000000 inner=1 batches=300; else rows=10000000 inner=3 batches=1000; fi
inner=${inner_opt:-$inner}
export PEERS_DIR=${PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tideline-bench-peers}
start=$(date +%s)

# 1. Our programs. The machine is shared: nice, two jobs, only the targets the suite runs.
targets="bench_Batch bench_Streaming bench_Nexmark bench_Latency bench_StreamingTumble bench_datagen"
[ -n "$tidelined" ] || targets+=" tidelined"
if [ $dobuild = 1 ]; then
    # The GUI benches (B6) are part of the suite: a new build folder has the GUI on
    # (TIDELINE_BUILD_GUI=OFF leaves B6 out, and run_gui.sh says so).
    [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DTIDELINE_BENCH=ON -DTIDELINE_BUILD_GUI="${TIDELINE_BUILD_GUI:-ON}" >/dev/null
    grep -q '^TIDELINE_BUILD_GUI:BOOL=ON' "$build/CMakeCache.txt" && targets+=" bench_ResultGrid bench_Chart"
    nice -n 5 ninja -C "$build" -j2 $targets
fi

# 2. Peers (apt + npm, idempotent), then the C peer program against DuckDB's libduckdb.so.
bash "$here/peers/install.sh" | tee /tmp/tideline-bench-peers.txt
tools=$build/bench-tools
mkdir -p "$tools"
duck=$PEERS_DIR/node_modules/@duckdb/node-bindings-linux-x64
g++ -O2 -std=c++20 -o "$tools/datagen" "$here/tools/datagen.cpp"
if [ -f "$duck/libduckdb.so" ]; then
    g++ -O2 -std=c++20 -o "$tools/append_peer" "$here/peers/append_peer.cpp" -L"$duck" -lduckdb -Wl,-rpath,"$duck" -lsqlite3
fi
grep -q "peer clickhouse ok" /tmp/tideline-bench-peers.txt && python3 "$here/peers/clickhouse_peer.py" --start
ok_peers=$(for p in ${peers//,/ }; do grep -q "peer $p ok" /tmp/tideline-bench-peers.txt && echo -n "$p,"; done)

# 3. Data: deterministic, regenerated only when missing.
mkdir -p "$here/data"
prefix=$here/data/t$((rows / 1000000))m
[ -f "$prefix.expect.json" ] || { echo "generating $rows rows into $prefix.*"; "$tools/datagen" "$rows" "$prefix"; }

# 4. The suite.
args=(--build "$build" --tools "$tools" --data "$prefix" --peers-dir "$PEERS_DIR" --reps "$reps" --inner "$inner"
      --batches "$batches" --peers "${ok_peers%,}")
[ $quick = 1 ] && args+=(--quick)
[ -n "$tidelined" ] && args+=(--tidelined "$tidelined")
[ -n "$only" ] && args+=(--only "${only//gui/}")
rc=0
rest=${only//gui/}
if [ -z "$only" ] || [ -n "${rest//,/}" ]; then # anything besides gui asked for
    (cd "$here" && python3 run.py "${args[@]}") || rc=$?
fi
# 5. B6: the GUI benches, only when the build has them (-DTIDELINE_BUILD_GUI=ON), under Xvfb.
if [ -z "$only" ] || [[ $only == *gui* ]]; then bash "$here/gui/run_gui.sh" "$build" "$quick" || rc=$?; fi
echo "bench/run.sh: $(( $(date +%s) - start )) s, exit $rc"
exit $rc
