"""Known answers, targets (performance.md §6) and the summary table for bench/run.py."""
import statistics

# Google Benchmark names of ours -> workload ids.
BENCH_NAMES = {
    'BM_B1a_IngestCsv': 'B1a', 'BM_B1b_IngestNdjson': 'B1b', 'BM_B1c_AppendRow': 'B1c_row',
    'BM_B1c_AppendBatch': 'B1c_batch', 'BM_B2a_Sum': 'B2a', 'BM_B2b_GroupBy1k': 'B2b', 'BM_B2c_Tumble': 'B2c',
    'BM_B2d_GroupBy1M': 'B2d', 'BM_B2e_Hop': 'B2e', 'BM_B3a_TumbleColumnar': 'B3a', 'BM_B3b_TumbleNdjson': 'B3b',
    'BM_B3c_Hop': 'B3c_hop', 'BM_B3c_Session': 'B3c_session', 'BM_StreamingTumble1sKeys1000': 'B3a_operator',
    'BM_B4a_InProcessLatency': 'B4a', **{f'BM_B3d_q{q}': f'B3d_q{q}' for q in range(9)},
}
COUNTERS = {'groups', 'count', 'sum_v', 'rows', 'rss_per_row_b', 'disk_per_row_b', 'windows_rows', 'p50_ms', 'p99_ms',
            'p999_ms', 'max_ms', 'close_p50_ms', 'close_p99_ms', 'close_max_ms'}
GROUP_KEYS = {'B2b': ('groups_k', 1), 'B2c': ('groups_tumble', 1), 'B2d': ('groups_1m', 1), 'B2e': ('groups_hop', 10)}

# Targets as rates (rows/s) where the workload is a volume, so they hold at any data size:
# performance.md gives them in ms for 10 M rows, i.e. rate = 10 M / ms.
RATE_TARGETS = {
    'B1a': 10e6 / 0.160, 'B1b': 10e6 / 0.200, 'B1c_row': 33e6, 'B1c_batch': 100e6, 'B1d': 20e6,
    'B2a': 10e6 / 0.0019, 'B2b': 10e6 / 0.008, 'B2c': 10e6 / 0.025, 'B2d': 10e6 / 0.045, 'B2e': 10e6 / 0.040,
    'B3a': 105e6, 'B3a_operator': 105e6, 'B3b': 40e6, 'B3c_hop': 52.5e6, 'B3c_session': 52.5e6,
    # B3d (Nexmark) in events/s: q0-q2 5 M/core, q5 and q7 2 M/core, q8 1 M/core, x 2 cores (the run feeds
    # from one thread); §6 sets none for q3, q4 and q6 (NO_TARGET). Events = the rows of the streams a query reads.
    'B3d_q0': 10e6, 'B3d_q1': 10e6, 'B3d_q2': 10e6, 'B3d_q5': 4e6, 'B3d_q7': 4e6, 'B3d_q8': 2e6,
}
NO_TARGET = {'B3d_q3', 'B3d_q4', 'B3d_q6'}
LATENCY_TARGETS = {'B4a': (0.3, 0.8), 'B4b': (1.0, 3.0)}  # p50, p99 in ms
OTHER_TARGETS = {'B5_1c': ('events_per_s', 12e6, '>='), 'B5_8c': ('events_per_s', 12e6, '>='),
                 'B7_cold_start': ('ms', 50, '<='), 'B7_idle_rss': ('rss_mb', 30, '<='),
                 'B7_rss_per_row': ('bytes_per_row', 24, '<=')}
PEER_ORDER = ['duckdb', 'chdb', 'polars', 'clickhouse', 'sqlite', 'node-http']


def check(m, e):
    """True when the measurement's result equals the known answer (or ours checked it itself)."""
    c = m.get('check') or {}
    if 'error' in c:
        return False
    if 'skipped' in c or c.get('ok'):
        return True
    b = m['bench']
    if 'sum_ts' in c:
        return int(str(c['sum_ts']).strip()) % 2**64 == e['sum_ts_mod64']  # exact: no trip through float
    if 'groups' in c and b in GROUP_KEYS:
        key, rep = GROUP_KEYS[b]
        return (c['groups'] == e[key] and c['count'] == e['rows'] * rep and
                abs(c['sum_v'] - e['sum_v'] * rep) <= 1e-9 * e['sum_v'] * rep)
    if 'expected' in c:
        return c.get('rows', c.get('batches')) == c['expected']
    if b == 'B4a':
        return c.get('groups') == m['rows']
    if 'count' in c:
        return c['count'] == e['rows']
    if 'rows' in c:
        return c['rows'] == m.get('rows', e['rows']) or c['rows'] == e['rows']
    return False


def med(ms, key):
    vals = [m[key] for m in ms if m.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, key):
    if v is None:
        return '—'
    if key == 'events_per_s':
        return f'{v / 1e6:.2f} M ev/s'
    if key in ('rss_mb',):
        return f'{v:.1f} MB'
    if key == 'bytes_per_row':
        return f'{v:.1f} B/row'
    return f'{v:.1f} ms' if v >= 10 else f'{v:.2f} ms'


def wrong(ms):
    """' **WRONG k/n**' when k of the n rounds of this engine gave a wrong result."""
    bad = sum(1 for m in ms if not m['ok'])
    return f' **WRONG {bad}/{len(ms)}**' if bad else ''


def row_for(bench, by_engine, rows):
    key = 'p50_ms' if bench in LATENCY_TARGETS else OTHER_TARGETS.get(bench, ('ms',))[0]
    ours = by_engine.get('tideline', [])
    o = med(ours, key)
    cells = [bench, fmt(o, key) + wrong(ours)]
    if bench in LATENCY_TARGETS:
        cells[1] += f" / p99 {fmt(med(ours, 'p99_ms'), 'ms')}"
    for peer in PEER_ORDER:
        ms = by_engine.get(peer)
        pv = med(ms, key) if ms else None
        if pv is None:
            cells.append('—')
            continue
        ratio = f' ({o / pv:.2f}×)' if o and pv else ''
        cells.append(fmt(pv, key) + ratio + wrong(ms))
    cells += target_cells(bench, ours, o, rows)
    return '| ' + ' | '.join(cells) + ' |'


def target_cells(bench, ours, o, rows):
    if o is None:
        return ['—', 'not measured']
    if bench in NO_TARGET:
        return ['none in performance.md §6', f"{med(ours, 'rows') / o / 1000:.1f} M rows/s"]
    if bench in RATE_TARGETS:
        rows = med(ours, 'rows') or rows  # what it processed: B3d a query's streams, B3a_operator its own 10 M
        rate = rows / o * 1000
        t = RATE_TARGETS[bench]
        return [f'≥ {t / 1e6:.0f} M rows/s ({rows / t * 1000:.1f} ms here)', f"{'met' if rate >= t else 'missed'} ({rate / 1e6:.1f} M rows/s)"]
    if bench in LATENCY_TARGETS:
        p50, p99 = LATENCY_TARGETS[bench]
        m99 = med(ours, 'p99_ms')
        met = o <= p50 and m99 is not None and m99 <= p99
        return [f'p50 ≤ {p50} / p99 ≤ {p99} ms', 'met' if met else 'missed']
    if bench in OTHER_TARGETS:
        key, t, op = OTHER_TARGETS[bench]
        met = o >= t if op == '>=' else o <= t
        return [f'{op} {fmt(t, key)}', 'met' if met else 'missed']
    return ['—', '']


def summary(results, meta, end, rows):
    benches = []
    for m in results:
        if m['bench'] not in benches:
            benches.append(m['bench'])
    load_note = ' — **under load**' if max(m.get('load1', 0) for m in results) > 2 else ''
    out = [f"Run {meta['date']} · {meta['cpu']} · nproc {meta['nproc']} · {rows:,} rows · {end['seconds']} s{load_note}",
           f"- start: `{meta['uptime']}`", f"- end: `{end['uptime']}`",
           f"- load (1-min) during the measurements: min {min(m['load1'] for m in results):.2f}, "
           f"max {max(m['load1'] for m in results):.2f}", '',
           'Medians over the rounds; ratio = ours / peer (time or latency: below 1 = ours faster; B5 throughput: above 1 = ours faster).', '',
           '| Workload | Tideline | ' + ' | '.join(PEER_ORDER) + ' | Target | Status |',
           '|---' * (len(PEER_ORDER) + 4) + '|']
    for b in benches:
        by_engine = {}
        for m in results:
            if m['bench'] == b:
                by_engine.setdefault(m['engine'], []).append(m)
        out.append(row_for(b, by_engine, rows))
    extra = [m for m in results if m['engine'] == 'tideline' and m['bench'] in ('B4a', 'B2a')]
    for m in extra:
        if m['bench'] == 'B4a':
            out.append(f"\nB4a window-close emission: p50 {m.get('close_p50_ms', -1):.2f} ms, p99 {m.get('close_p99_ms', -1):.2f} ms, "
                       f"max {m.get('close_max_ms', -1):.2f} ms (round {m['rep']}); pass-through p99.9 {m.get('p999_ms', -1):.2f} ms")
        if m['bench'] == 'B2a' and m['rep'] == 0 and 'rss_per_row_b' in m:
            out.append(f"\nB7 (in process, after loading the CSV): RSS {m['rss_per_row_b']:.1f} B/row, on disk {m['disk_per_row_b']:.1f} B/row")
    return '\n'.join(out) + '\n'
