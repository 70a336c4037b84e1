#!/usr/bin/env python3
"""The benchmark suite of issue 8 (driven by bench/run.sh). Runs ours and each peer on the same
generated data in the same run, alternating (ours, peer, peer, ..., ours, ...) for --reps rounds,
checks every result against the generator's known answers, writes one JSON line per measurement
to results/<stamp>.jsonl and prints a table of medians and ratios (ours / peer: below 1 means
ours is faster) with the target of performance.md §6 next to each workload."""
import argparse, json, os, statistics, subprocess, sys, time
from datetime import datetime, timezone

import targets  # bench/targets.py

HERE = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument('--build', required=True)           # the CMake build dir (bench programs, tidelined)
p.add_argument('--tools', required=True)           # datagen and append_peer
p.add_argument('--data', required=True)            # data prefix (generated)
p.add_argument('--peers-dir', required=True)
p.add_argument('--tidelined', default='')          # another tidelined binary (default: the build's)
p.add_argument('--reps', type=int, default=3)
p.add_argument('--inner', type=int, default=3)     # best-of-N inside one process, as performance.md measured
p.add_argument('--batches', type=int, default=1000)
p.add_argument('--quick', action='store_true')
p.add_argument('--only', default='')               # comma list of groups
p.add_argument('--peers', default='duckdb,chdb,polars,clickhouse,sqlite')
p.add_argument('--out', default=os.path.join(HERE, 'results'))
args = p.parse_args()
EXPECT = json.load(open(args.data + '.expect.json'))
ROWS = EXPECT['rows']
PEERS = set(args.peers.split(','))
os.makedirs(args.out, exist_ok=True)
STAMP = datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')
JSONL = open(os.path.join(args.out, STAMP + '.jsonl'), 'w')
RESULTS = []


def load():
    return os.getloadavg()[0]


def record(m, rep):
    m.setdefault('rows', ROWS)
    m.setdefault('threads', 2)
    m['rep'], m['load1'], m['ok'] = rep, round(load(), 2), targets.check(m, EXPECT)
    if m.get('ms') and not m.get('rows_per_s'):
        m['rows_per_s'] = m['rows'] / m['ms'] * 1000
    JSONL.write(json.dumps(m) + '\n'); JSONL.flush()
    RESULTS.append(m)
    flag = '' if m['ok'] else '  WRONG RESULT'
    val = f"{m['ms']:.1f} ms" if m.get('ms') else f"p50 {m.get('p50_ms', -1):.2f} ms" if 'p50_ms' in m else ''
    print(f"  [{rep}] {m['bench']:<14} {m['engine']:<11} {val}{flag}", flush=True)


def run_lines(cmd, env=None, timeout=900):
    """A peer program's JSON lines (other output is passed through to stderr)."""
    if not os.path.exists(cmd[0]) and '/' in cmd[0] or cmd[0].endswith('tidelined_bench.py') and not os.path.exists(cmd[3]):
        print(f'  {cmd[-1] if "/" in cmd[0] else cmd[3]}: missing, not measured', flush=True)
        return []
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f'  {cmd[:3]} timed out after {timeout} s', flush=True)
        return []
    out = [json.loads(l) for l in r.stdout.splitlines() if l.startswith('{')]
    if r.returncode:
        sys.stderr.write(f'{cmd[0]} failed ({r.returncode}): {r.stderr[-2000:]}\n')
    return out


def run_ours(program, filt, env=None, inner=None):
    """A Google Benchmark program of ours: one iteration per benchmark (each a fresh engine)."""
    exe = os.path.join(args.build, 'bench', program)
    if not os.path.exists(exe):
        exe = os.path.join(args.build, 'bin', program)
    if not os.path.exists(exe):
        print(f'  {program}: not built in {args.build}: ours not measured', flush=True)
        return []
    cmd = [exe, f'--benchmark_filter={filt}', '--benchmark_format=json']
    inner = args.inner if inner is None else inner
    if inner > 1:
        cmd += [f'--benchmark_repetitions={inner}', '--benchmark_report_aggregates_only=false']
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                       env={**os.environ, 'TIDELINE_BENCH_DATA': args.data, 'TIDELINE_BENCH_BATCHES': str(args.batches), **(env or {})})
    if r.returncode:
        sys.stderr.write(f'{program} failed ({r.returncode}): {r.stderr[-2000:]}\n')
        return []
    best = {}
    for b in json.loads(r.stdout)['benchmarks']:
        if b.get('run_type') == 'aggregate':
            continue
        name = targets.BENCH_NAMES.get(b['run_name'].split('/')[0], b['run_name'])
        m = {'bench': name, 'engine': 'tideline', 'engine_version': 'main', 'threads': 2,
             'ms': b['real_time'], 'cpu_ms': b['cpu_time'], 'check': {'error': b.get('error_message')} if b.get('error_occurred') else {'ok': True}}
        m.update({k: v for k, v in b.items() if k in targets.COUNTERS})
        if b.get('items_per_second'):  # e.g. bench_StreamingTumble feeds its own 10 M events at any size
            m['rows'] = round(b['items_per_second'] * b['real_time'] / 1000)
        if name not in best or m['ms'] < best[name]['ms'] or not m['check'].get('ok'):
            best[name] = m
    return list(best.values())


def peer_node(engine, benches):
    return run_lines(['node', os.path.join(HERE, 'peers', 'node_peer.mjs'), engine, args.data, '2', str(args.inner), benches],
                     env={'PEERS_DIR': args.peers_dir, 'ROWS': str(ROWS), 'POLARS_MAX_THREADS': '2'})


def group_batch(rep):
    b = 'B1a,B1b,B2a,B2b,B2c,B2d,B2e'
    runs = [lambda: run_ours('bench_Batch', 'B1a|B1b|B2')]
    runs += [(lambda e=e: peer_node(e, b)) for e in ('duckdb', 'chdb', 'polars') if e in PEERS]
    if 'clickhouse' in PEERS:
        runs.append(lambda: run_lines(['python3', os.path.join(HERE, 'peers', 'clickhouse_peer.py'), args.data, '2', str(args.inner), b]))
    if 'sqlite' in PEERS and rep == 0:  # minutes per round at 10 M rows: one round only
        runs.append(lambda: run_lines(['python3', os.path.join(HERE, 'peers', 'sqlite_peer.py'), args.data, '1', '1', 'B1a,B2a,B2b,B2c']))
    return runs


def group_append(rep):
    runs = [lambda: run_ours('bench_Batch', 'B1c')]
    if PEERS & {'duckdb', 'sqlite'}:
        runs.append(lambda: run_lines([os.path.join(args.tools, 'append_peer'), str(ROWS), str(args.inner), '0']))
    return runs


def group_streaming(rep):
    runs = [lambda: run_ours('bench_Streaming', 'B3'), lambda: run_ours('bench_StreamingTumble', '.', {}),
            lambda: run_ours('bench_Nexmark', 'B3d')]
    if 'chdb' in PEERS:
        runs.append(lambda: peer_node('chdb', 'B3a,B3b'))
    return runs


def group_latency(rep):
    runs = [lambda: run_ours('bench_Latency', 'B4a', inner=1)]  # an open-loop run lasts --batches x 10 ms
    if 'duckdb' in PEERS:
        runs.append(lambda: [m for m in run_lines([os.path.join(args.tools, 'append_peer'), '0', '1', str(args.batches)])
                             if m['bench'] == 'B4a'])
    return runs


def group_server(rep):
    tidelined = args.tidelined or os.path.join(args.build, 'bin', 'tidelined')
    cmd = ['python3', os.path.join(HERE, 'server', 'tidelined_bench.py'), tidelined, args.data, 'B1d,B7,B5,B4b',
           '--batches', str(args.batches), '--sse-peer', os.path.join(HERE, 'peers', 'sse_server.mjs')]
    env = {'CLICKHOUSE_UP': '1'} if 'clickhouse' in PEERS else {}
    return [lambda: run_lines(cmd, env=env)]


GROUPS = {'batch': group_batch, 'append': group_append, 'streaming': group_streaming,
          'latency': group_latency, 'server': group_server}


def main():
    only = [g for g in args.only.split(',') if g] or list(GROUPS)
    meta = {'bench': 'meta', 'engine': 'machine', 'date': STAMP, 'nproc': os.cpu_count(), 'rows': ROWS, 'quick': args.quick,
            'uptime': subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip(), 'ok': True,
            'cpu': next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')}
    JSONL.write(json.dumps(meta) + '\n')
    print(f"{meta['date']}  {meta['cpu']}  nproc {meta['nproc']}  rows {ROWS}\n{meta['uptime']}", flush=True)
    t0 = time.time()
    for g in only:
        reps = 1 if g == 'server' else args.reps  # the server group runs long open-loop phases
        for rep in range(reps):
            print(f'== {g} round {rep + 1}/{reps} (load {load():.2f})', flush=True)
            for run in GROUPS[g](rep):
                for m in run():
                    record(m, rep)
    end = {'bench': 'meta_end', 'engine': 'machine', 'seconds': round(time.time() - t0),
           'uptime': subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip(), 'ok': True}
    JSONL.write(json.dumps(end) + '\n'); JSONL.close()
    md = targets.summary(RESULTS, meta, end, ROWS)
    open(os.path.join(args.out, STAMP + '.md'), 'w').write(md)
    print('\n' + md)
    print(f"results: {os.path.join(args.out, STAMP)}.jsonl / .md  ({end['seconds']} s)")
    return 0 if all(m['ok'] for m in RESULTS) else 1


sys.exit(main())
