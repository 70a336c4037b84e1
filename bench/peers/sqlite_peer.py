#!/usr/bin/env python3
"""SQLite 3.40 (Debian) as a peer, with its default pragmas (performance.md §3.1: a big cache made
GROUP BY 5x slower). CSV ingest is the sqlite3 CLI's .import into a file database (wall clock);
queries go through Python's sqlite3 module, which is the same system libsqlite3.
Usage: sqlite_peer.py DATA_PREFIX THREADS INNER BENCH,...  (SQLite is single-threaded)"""
import json, os, sqlite3, subprocess, sys, tempfile, time

PREFIX, INNER, WANTED = sys.argv[1], int(sys.argv[3]), set(sys.argv[4].split(','))
QUERIES = {  # B2d (1 M keys) and B2e (hop) are left out: they take minutes in SQLite at 10 M rows
    'B2a': 'SELECT sum(ts) FROM t',
    'B2b': 'SELECT k, count(*) AS c, sum(v) AS s FROM t GROUP BY k',
    'B2c': 'SELECT ts / 1000 AS w, k, count(*) AS c, sum(v) AS s FROM t GROUP BY w, k',
}


def emit(bench, ms, check):
    print(json.dumps({'bench': bench, 'engine': 'sqlite', 'engine_version': sqlite3.sqlite_version, 'threads': 1,
                      'ms': ms, 'check': check}), flush=True)


def main():
    tmp = tempfile.mkdtemp(prefix='tideline-bench-sqlite-')
    db = os.path.join(tmp, 't.db')
    best = None
    for _ in range(INNER):
        if os.path.exists(db):
            os.remove(db)
        schema = 'CREATE TABLE t (ts INTEGER, k INTEGER, v REAL);'
        t0 = time.perf_counter()
        # --skip 1: the header line; the table exists, so .import only appends rows.
        subprocess.run(['sqlite3', db], input=f'{schema}\n.import --csv --skip 1 {PREFIX}.csv t\n', text=True, check=True)
        ms = (time.perf_counter() - t0) * 1000
        best = ms if best is None else min(best, ms)
    con = sqlite3.connect(db)
    emit('B1a', best, {'rows': con.execute('SELECT count(*) FROM t').fetchone()[0]})
    for bench, sql in QUERIES.items():
        if bench not in WANTED:
            continue
        times = []
        try:
            for _ in range(INNER):
                t0 = time.perf_counter()
                rows = con.execute(sql).fetchall()
                times.append((time.perf_counter() - t0) * 1000)
        except sqlite3.OperationalError as e:  # sum(ts) overflows int64 at 10 M rows: SQLite refuses
            emit(bench, None, {'skipped': str(e)})
            continue
        if bench == 'B2a':
            check = {'sum_ts': str(rows[0][0])}
        else:
            check = {'groups': len(rows), 'count': sum(r[-2] for r in rows), 'sum_v': sum(r[-1] for r in rows)}
        emit(bench, min(times), check)
    con.close()
    os.remove(db)
    os.rmdir(tmp)


main()
