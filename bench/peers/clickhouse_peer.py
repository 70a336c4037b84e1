#!/usr/bin/env python3
"""ClickHouse 18.16 (Debian) as a peer: starts the server on loopback if it is not up (performance.md §9),
then runs the batch workloads once and prints one JSON line per measurement, as node_peer.mjs does.
Ingest is wall-clock through clickhouse-client (parsing happens in the client); queries are the
server-side times from --time. Usage: clickhouse_peer.py DATA_PREFIX THREADS INNER BENCH,..."""
import json, os, subprocess, sys, time, urllib.request

if sys.argv[1:] == ['--start']:  # bench/run.sh: only make sure the server is up
    PREFIX = THREADS = INNER = WANTED = None
else:
    PREFIX, THREADS, INNER, WANTED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), set(sys.argv[4].split(','))
QUERIES = {
    'B2a': 'SELECT sum(ts) FROM t',
    'B2b': 'SELECT k, count() AS c, sum(v) AS s FROM t GROUP BY k',
    'B2c': 'SELECT intDiv(ts, 1000) AS w, k, count() AS c, sum(v) AS s FROM t GROUP BY w, k',
    'B2d': 'SELECT k * 1000 + ts % 1000 AS g, count() AS c, sum(v) AS s FROM t GROUP BY g',
    'B2e': 'SELECT intDiv(ts, 1000) + arrayJoin(range(10)) AS we, k, count() AS c, sum(v) AS s FROM t GROUP BY we, k',
}


def http_ok():
    try:
        return urllib.request.urlopen('http://127.0.0.1:8123/ping', timeout=1).read().startswith(b'Ok')
    except OSError:
        return False


def ensure_server():
    """The package's service start is blocked here (policy-rc.d), so start it as the clickhouse user."""
    if http_ok():
        return
    for d in ('/var/lib/clickhouse', '/var/log/clickhouse-server'):
        os.makedirs(d, exist_ok=True)
        subprocess.run(['chown', '-R', 'clickhouse:clickhouse', d], check=False)
    subprocess.Popen(['setpriv', '--reuid=clickhouse', '--regid=clickhouse', '--clear-groups',
                      '/usr/sbin/clickhouse-server', '--config-file=/etc/clickhouse-server/config.xml'],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        if http_ok():
            return
        time.sleep(0.2)
    raise SystemExit('clickhouse-server did not start')


def client(sql, stdin=None, timed=False):
    args = ['clickhouse-client', f'--max_threads={THREADS}', '-q', sql] + (['--time'] if timed else [])
    r = subprocess.run(args, stdin=stdin, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f'clickhouse-client failed: {sql}: {r.stderr.strip()}')
    return r


def emit(bench, version, ms, check):
    print(json.dumps({'bench': bench, 'engine': 'clickhouse', 'engine_version': version, 'threads': THREADS,
                      'ms': ms, 'check': check}), flush=True)


def ingest(bench, path, fmt):
    best = None
    for _ in range(INNER):
        client('DROP TABLE IF EXISTS t')
        client('CREATE TABLE t (ts Int64, k Int32, v Float64) ENGINE = Memory')
        with open(path, 'rb') as f:
            t0 = time.perf_counter()
            client(f'INSERT INTO t FORMAT {fmt}', stdin=f)
            ms = (time.perf_counter() - t0) * 1000
        best = ms if best is None else min(best, ms)
    return best, {'rows': int(client('SELECT count() FROM t').stdout)}


def main():
    ensure_server()
    version = client('SELECT version()').stdout.strip()
    if 'B1b' in WANTED:
        emit('B1b', version, *ingest('B1b', PREFIX + '.ndjson', 'JSONEachRow'))
    emit('B1a', version, *ingest('B1a', PREFIX + '.csv', 'CSVWithNames'))
    for bench, sql in QUERIES.items():
        if bench not in WANTED:
            continue
        ms = min(float(client(sql + ' FORMAT Null', timed=True).stderr.split()[-1]) * 1000 for _ in range(INNER))
        if bench == 'B2a':
            check = {'sum_ts': client(sql).stdout.strip()}
        else:
            g, c, s = client(f'SELECT count(), sum(c), sum(s) FROM ({sql})').stdout.split()
            check = {'groups': int(g), 'count': int(c), 'sum_v': float(s)}
        emit(bench, version, ms, check)
    client('DROP TABLE IF EXISTS t')


if PREFIX is None:
    ensure_server()
else:
    main()
