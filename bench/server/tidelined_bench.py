#!/usr/bin/env python3
"""Workloads against the real tidelined on loopback (and the peers that do the same over HTTP):
B1d HTTP ingest (NDJSON in 1 MB bodies; peer ClickHouse 18.16 HTTP JSONEachRow), B4b ingest ->
SSE latency (open loop; peer ClickHouse HTTP insert + select), B5 SSE throughput to 1 and 8
clients (peer: a Node 20 http SSE server, performance.md §3.6), B7 cold start, idle RSS and
memory per stored row. Prints one JSON line per measurement (the shape of the peers' lines).
Usage: tidelined_bench.py TIDELINED DATA_PREFIX BENCH,... [--batches N]"""
import argparse, json, os, re, socket, subprocess, tempfile, threading, time, http.client
from urllib.parse import quote

import sse  # bench/server/sse.py

p = argparse.ArgumentParser()
p.add_argument('tidelined'); p.add_argument('prefix'); p.add_argument('benches')
p.add_argument('--batches', type=int, default=1000)
p.add_argument('--sse-peer', default='')  # path of bench/peers/sse_server.mjs
args = p.parse_args()
WANTED = set(args.benches.split(','))
EXPECT = json.load(open(args.prefix + '.expect.json'))
B5_ROWS = min(EXPECT['rows'], 2_000_000)  # per client: 8 clients x 10 M rows would take minutes in Python


def emit(bench, engine, version, **fields):
    print(json.dumps({'bench': bench, 'engine': engine, 'engine_version': version, **fields}), flush=True)


def rss_mb(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0


class Tidelined:
    """A tidelined on a fresh data folder, port picked by the OS, no auth (loopback only)."""
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='tideline-bench-srv-')
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([args.tidelined, '--data-dir', self.dir, '--listen', '127.0.0.1:0', '--no-auth'],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.port = int(re.search(r':(\d+)', line).group(1))
        self.rows('SELECT 1')  # cold start = spawn -> first query result
        self.cold_ms = (time.perf_counter() - t0) * 1000

    def conn(self):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=120)

    def rows(self, sql):
        return sse.query_rows(self.conn(), '/api/v1beta2/queries', sql)

    def ingest(self, conn, stream, body):
        conn.request('POST', f'/api/v1beta2/streams/{stream}/ingest?format=streaming', body, {'Content-Type': 'application/x-ndjson'})
        r = conn.getresponse(); r.read()
        if r.status != 200:
            raise SystemExit(f'ingest answered {r.status}')

    def close(self):
        self.proc.terminate(); self.proc.wait(10)
        subprocess.run(['rm', '-rf', self.dir])


def bodies(path, size=1 << 20):
    """The NDJSON file in ~1 MB bodies cut at line ends (read before the clock starts)."""
    data = open(path, 'rb').read()
    out, at = [], 0
    while at < len(data):
        end = data.find(b'\n', at + size)
        end = len(data) if end < 0 else end + 1
        out.append(data[at:end]); at = end
    return out


def b1d_b7(srv):
    idle = rss_mb(srv.proc.pid)
    emit('B7_cold_start', 'tideline', 'main', ms=srv.cold_ms, check={'ok': True})
    emit('B7_idle_rss', 'tideline', 'main', rss_mb=idle, check={'ok': True})
    srv.rows('CREATE STREAM t (ts int64, k int32, v float64)')
    parts = bodies(args.prefix + '.ndjson')
    conn = srv.conn()
    t0 = time.perf_counter()
    for b in parts:
        srv.ingest(conn, 't', b)
    ms = (time.perf_counter() - t0) * 1000
    n = int(srv.rows('SELECT count() FROM table(t)')[0][0])
    emit('B1d', 'tideline', 'main', ms=ms, rows=n, check={'rows': n})
    per_row = (rss_mb(srv.proc.pid) - idle) * 1024 * 1024 / max(n, 1)
    emit('B7_rss_per_row', 'tideline', 'main', bytes_per_row=per_row, check={'rows': n})


def b1d_clickhouse():
    parts = bodies(args.prefix + '.ndjson')
    conn = http.client.HTTPConnection('127.0.0.1', 8123, timeout=120)
    def q(sql, body=b''):
        conn.request('POST', '/?query=' + quote(sql), body); r = conn.getresponse(); d = r.read()
        if r.status != 200:
            raise SystemExit(d.decode())
        return d.decode()
    q('DROP TABLE IF EXISTS t_http'); q('CREATE TABLE t_http (ts Int64, k Int32, v Float64) ENGINE = Memory')
    t0 = time.perf_counter()
    for b in parts:
        q('INSERT INTO t_http FORMAT JSONEachRow', b)
    ms = (time.perf_counter() - t0) * 1000
    n = int(q('SELECT count() FROM t_http'))
    q('DROP TABLE t_http')
    emit('B1d', 'clickhouse', q('SELECT version()').strip(), ms=ms, rows=n, check={'rows': n})


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else -1


def b4b(srv):
    """Open loop: a 1 k-row body every 10 ms at scheduled times; a streaming query over SSE sees
    the row k = 999 of each batch (v = batch number); latency from the intended send time."""
    srv.rows("CREATE STREAM s (ts datetime64(3, 'UTC'), k int32, v float64)")
    n = args.batches
    start = time.monotonic() + 0.5
    intended = [start + b * 0.01 for b in range(n)]
    lat, seen = [], set()
    reader = sse.Stream(srv.conn(), '/api/v1beta2/queries', 'SELECT v FROM s WHERE k = 999', batching={'count': 1, 'time_ms': 0})
    def read():
        for rows in reader.batches():
            now = time.monotonic()
            for r in rows:
                b = int(float(r[0])); seen.add(b); lat.append((now - intended[b]) * 1000)
            if len(seen) >= n:
                return
    t = threading.Thread(target=read, daemon=True); t.start()
    conn = srv.conn()
    for b in range(n):
        time.sleep(max(0, intended[b] - time.monotonic()))
        body = ''.join(f'{{"ts":"2024-01-01 00:00:{(b // 100) % 60:02d}.{(b % 100) * 10:03d}","k":{i},"v":{b}}}\n' for i in range(1000))
        srv.ingest(conn, 's', body.encode())
    t.join(10); reader.close()
    emit('B4b', 'tideline', 'main', rows=n * 1000, p50_ms=pct(lat, .5), p99_ms=pct(lat, .99), p999_ms=pct(lat, .999),
         max_ms=pct(lat, 1), check={'batches': len(seen), 'expected': n})


def b4b_clickhouse():
    """performance.md §3.5's peer: per batch, HTTP keep-alive INSERT of 1 k rows then SELECT of the
    open window's aggregate; latency from the intended send time (open loop, same schedule)."""
    conn = http.client.HTTPConnection('127.0.0.1', 8123, timeout=60)
    def q(sql, body=b''):
        conn.request('POST', '/?query=' + quote(sql), body); r = conn.getresponse(); d = r.read()
        if r.status != 200:
            raise SystemExit(d.decode())
        return d
    q('DROP TABLE IF EXISTS s2'); q('CREATE TABLE s2 (ts UInt64, k UInt16, v Float64) ENGINE = MergeTree ORDER BY ts')
    n = args.batches; start = time.monotonic() + 0.2; lat = []; groups = 0
    for b in range(n):
        intended = start + b * 0.01
        time.sleep(max(0, intended - time.monotonic()))
        base = 1704067300000 + b * 10
        q('INSERT INTO s2 FORMAT CSV', ''.join(f'{base},{i},{b}\n' for i in range(1000)).encode())
        groups += len(q(f'SELECT k, count(), sum(v) FROM s2 WHERE ts >= {base - base % 1000} GROUP BY k').splitlines())
        lat.append((time.monotonic() - intended) * 1000)
    q('DROP TABLE s2')
    emit('B4b', 'clickhouse', '18.16', rows=n * 1000, p50_ms=pct(lat, .5), p99_ms=pct(lat, .99), p999_ms=pct(lat, .999),
         max_ms=pct(lat, 1), check={'batches': groups // 1000, 'expected': n})


def b5(engine, port, path, sql, clients, expect_rows, version):
    """`clients` concurrent SSE readers of the same result; events/s = rows delivered / wall time."""
    counts = [0] * clients
    def one(i):
        s = sse.Stream(http.client.HTTPConnection('127.0.0.1', port, timeout=300), path, sql, batching={'count': 10000, 'time_ms': 100})
        counts[i] = s.count_rows()
    ts = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    s = time.perf_counter() - t0
    total = sum(counts)
    emit(f'B5_{clients}c', engine, version, ms=s * 1000, rows=total, events_per_s=total / s,
         check={'rows': total, 'expected': expect_rows * clients})


def b5_node_peer():
    n = B5_ROWS
    proc = subprocess.Popen(['node', args.sse_peer], env={**os.environ, 'N': str(n), 'BATCH': '1000'})
    for _ in range(50):
        try:
            socket.create_connection(('127.0.0.1', 18080), timeout=0.2).close(); break
        except OSError:
            time.sleep(0.1)
    try:
        for c in (1, 8):
            b5('node-http', 18080, '/?batch=1000', None, c, n, 'node ' + subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip())
    finally:
        proc.terminate(); proc.wait()


def main():
    srv = Tidelined()
    try:
        if WANTED & {'B1d', 'B7', 'B5'}:
            b1d_b7(srv)
        if 'B5' in WANTED:
            for c in (1, 8):
                b5('tideline', srv.port, '/api/v1beta2/queries', f'SELECT ts, k, v FROM table(t) LIMIT {B5_ROWS}', c, B5_ROWS, 'main')
        if 'B4b' in WANTED:
            b4b(srv)
    finally:
        srv.close()
    if 'B1d' in WANTED and os.environ.get('CLICKHOUSE_UP'):
        b1d_clickhouse()
    if 'B4b' in WANTED and os.environ.get('CLICKHOUSE_UP'):
        b4b_clickhouse()
    if 'B5' in WANTED and args.sse_peer:
        b5_node_peer()


main()
