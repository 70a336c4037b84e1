#!/usr/bin/env python3
"""Regression gate on instruction counts (performance.md §7.6): wall clock on this shared 2-vCPU VM
varies by 10-30 %, hardware counters are unavailable, but callgrind's instruction counts (Ir)
repeat for the same binary and input. Runs reduced workloads (100 k / 300 k generated rows) of the
in-process benchmarks under `valgrind --tool=callgrind`, compares each total with
baseline.json and fails when one grew by more than --tolerance percent.
  gate.py --build DIR [--update] [--tolerance 3] [--keep DIR]
--update rewrites the build type's part of baseline.json (do it in the commit that makes a
workload slower on purpose, or after a compiler change; the counts belong to one compiler and one
set of flags, so baseline.json keeps one set per CMAKE_BUILD_TYPE: Release for bench/run.sh's
build, RelWithDebInfo for the build scripts/test.sh makes, where CI runs the gate).
--keep leaves the callgrind.out files, for callgrind_annotate."""
import argparse, json, os, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
# name -> (program, benchmark filter, rows). Whole-program counts: setup included, so a
# regression anywhere on the path (parsing, append, planning, operators) shows. The streaming
# runs need 300 k rows (3 s of event time), else no window closes.
WORKLOADS = {
    'B1a_csv': ('bench_Batch', 'B1a', 100_000),
    'B1b_ndjson': ('bench_Batch', 'B1b', 100_000),
    'B1c_batch': ('bench_Batch', 'B1c_AppendBatch', 100_000),
    'B2_queries': ('bench_Batch', 'B2[a-e]', 100_000),  # B2e (hop, panes) is ~0.17 G Ir since the pane aggregation
    'B3a_tumble': ('bench_Streaming', 'B3a', 300_000),
}


def find(build, name):
    for d in ('bin', 'bench', ''):
        p = os.path.join(build, d, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f'{name} not found in {build} (configure with -DTIDELINE_BENCH=ON and build it)')


def instructions(build, data, program, filt, out):
    cmd = ['valgrind', '--tool=callgrind', f'--callgrind-out-file={out}', find(build, program),
           f'--benchmark_filter={filt}', '--benchmark_min_time=0']
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, 'TIDELINE_BENCH_DATA': data})
    if r.returncode or 'error_message' in r.stdout or 'ERROR OCCURRED' in r.stdout:
        raise SystemExit(f'{program} {filt} failed under callgrind:\n{r.stdout[-1500:]}{r.stderr[-1500:]}')
    total = 0
    for path in [out] + [f'{out}.{n}' for n in range(1, 64)]:  # one file per thread when split
        if os.path.exists(path):
            m = re.search(r'^(?:summary|totals): (\d+)', open(path).read(), re.M)
            total += int(m.group(1)) if m else 0
    return total


def build_type(build):
    m = re.search(r'^CMAKE_BUILD_TYPE:STRING=(.*)$', open(os.path.join(build, 'CMakeCache.txt')).read(), re.M)
    return (m.group(1) if m else '') or 'Release'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--build', required=True)
    p.add_argument('--update', action='store_true')
    p.add_argument('--tolerance', type=float, default=3.0)
    p.add_argument('--keep', default='')
    a = p.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix='tideline-gate-')
    os.makedirs(work, exist_ok=True)
    data = {}
    for rows in sorted({w[2] for w in WORKLOADS.values()}):
        data[rows] = os.path.join(work, f't{rows // 1000}k')
        subprocess.run([find(a.build, 'bench_datagen'), str(rows), data[rows]], check=True)
    base_path = os.path.join(HERE, 'baseline.json')
    kind = build_type(a.build)
    all_baselines = json.load(open(base_path)) if os.path.exists(base_path) else {}
    baseline = all_baselines.get(kind, {})
    print(f'baseline: {kind}', flush=True)
    counts, failed, t0 = {}, [], time.time()
    for name, (program, filt, rows) in WORKLOADS.items():
        counts[name] = instructions(a.build, data[rows], program, filt, os.path.join(work, f'callgrind.{name}.out'))
        old = baseline.get(name)
        change = (counts[name] / old - 1) * 100 if old else 0.0
        verdict = 'new' if not old else 'REGRESSED' if change > a.tolerance else 'ok'
        if verdict == 'REGRESSED':
            failed.append(name)
        print(f'{name:<12} {counts[name]:>15,} Ir  baseline {old or 0:>15,}  {change:+6.2f} %  {verdict}', flush=True)
    print(f'{len(counts)} workloads in {time.time() - t0:.0f} s; tolerance {a.tolerance} %')
    if a.update:
        all_baselines[kind] = counts
        json.dump(all_baselines, open(base_path, 'w'), indent=1, sort_keys=True)
        print(f'baseline written: {base_path}')
        return 0
    if failed:
        print('instruction counts regressed: ' + ', '.join(failed) + ' (callgrind_annotate the files of --keep DIR to see where)')
        return 1
    return 0


sys.exit(main())
