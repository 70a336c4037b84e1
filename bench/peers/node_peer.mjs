// One peer engine (duckdb | chdb | polars) runs the batch workloads once on the shared data and
// prints one JSON line per measurement: {bench, engine, engine_version, threads, rows, ms, check}.
// `check` is the result's summary (rows / groups, sum of counts, sum of v) that run.py compares
// with the generator's known answers. Timed: the workload itself; the summary query is not timed.
//   node node_peer.mjs ENGINE DATA_PREFIX THREADS INNER BENCH,BENCH,...
import { createRequire } from 'node:module';
const require = createRequire(process.env.PEERS_DIR + '/node_modules/');
const [engine, prefix, threads, innerArg, benchList] = process.argv.slice(2);
const inner = Number(innerArg), wanted = new Set(benchList.split(','));
// The CSV load is B1a and also the table B2 reads: run it when either is asked for.
const needTable = [...wanted].some((b) => b === 'B1a' || b.startsWith('B2'));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const big = (k, v) => (typeof v === 'bigint' ? v.toString() : v);

// Queries in each dialect. Summaries are `SELECT count(), sum(c), sum(s) FROM (query)`.
const sqlDuck = {
  B2a: 'SELECT sum(ts) AS x FROM t',
  B2b: 'SELECT k, count(*) AS c, sum(v) AS s FROM t GROUP BY k',
  B2c: 'SELECT ts // 1000 AS w, k, count(*) AS c, sum(v) AS s FROM t GROUP BY ALL',
  B2d: 'SELECT k * 1000 + ts % 1000 AS g, count(*) AS c, sum(v) AS s FROM t GROUP BY g',
  B2e: 'WITH p AS (SELECT ts // 1000 AS w, k, count(*) c, sum(v) s FROM t GROUP BY ALL) SELECT p.w + o AS we, k, sum(c) AS c, sum(s) AS s FROM p, range(10) r(o) GROUP BY ALL',
};
const sqlCh = {
  B2a: 'SELECT sum(ts) AS x FROM t',
  B2b: 'SELECT k, count() AS c, sum(v) AS s FROM t GROUP BY k',
  B2c: 'SELECT intDiv(ts, 1000) AS w, k, count() AS c, sum(v) AS s FROM t GROUP BY w, k',
  B2d: 'SELECT k * 1000 + ts % 1000 AS g, count() AS c, sum(v) AS s FROM t GROUP BY g',
  B2e: 'SELECT intDiv(ts, 1000) + arrayJoin(range(10)) AS we, k, count() AS c, sum(v) AS s FROM t GROUP BY we, k',
};

function emit(bench, version, ms, check, extra = {}) {
  console.log(JSON.stringify({ bench, engine, engine_version: version, threads: Number(threads), ms, check, ...extra }, big));
}
// Runs fn `inner` times (fn returns {ms, check}) and keeps the best time, as the peers were measured.
async function best(fn) {
  let out = null;
  for (let i = 0; i < inner; i++) { const r = await fn(); if (!out || r.ms < out.ms) out = r; }
  return out;
}

async function duckdb() {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await inst.connect();
  const one = async (sql) => (await con.runAndReadAll(sql)).getRows()[0];
  const version = (await one('SELECT version()'))[0];
  const cols = "columns={'ts':'BIGINT','k':'INTEGER','v':'DOUBLE'}";
  const ingest = async (bench, src) => {
    const r = await best(async () => { const t0 = now(); await con.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM ${src}`); const ms = now() - t0;
      return { ms, check: { rows: Number((await one('SELECT count(*) FROM t'))[0]) } }; });
    emit(bench, version, r.ms, r.check);
  };
  if (wanted.has('B1b')) await ingest('B1b', `read_json('${prefix}.ndjson', format='newline_delimited', ${cols})`);
  if (needTable) await ingest('B1a', `read_csv('${prefix}.csv', header=true, ${cols})`); // always: the table B2 reads
  await queries(version, sqlDuck, async (sql) => { await con.runAndReadAll(sql); },
                async (sql) => (await one(sql)).map((x) => (typeof x === 'object' && x !== null ? x.toString() : x)));
}

async function chdb() {
  const { Session } = require('chdb');
  const s = new Session();
  const version = s.query('SELECT version()', 'CSV').trim().replace(/"/g, '');
  s.query(`SET max_threads=${threads}`);
  // TabSeparated, not JSON: an Int64 read into a JS number loses its low digits (sum(ts) wraps to ~-1.4e18).
  const one = (sql) => s.query(sql, 'TabSeparated').trim().split('\t');
  const schema = "'ts Int64, k Int32, v Float64'";
  const ingest = (bench, file, fmt) => best(async () => {
    s.query('DROP TABLE IF EXISTS t'); s.query('CREATE TABLE t (ts Int64, k Int32, v Float64) ENGINE = Memory');
    const t0 = now(); s.query(`INSERT INTO t SELECT * FROM file('${file}', '${fmt}', ${schema})`, 'Null'); const ms = now() - t0;
    return { ms, check: { rows: Number(one('SELECT count() FROM t')[0]) } };
  }).then((r) => emit(bench, version, r.ms, r.check));
  if (wanted.has('B1b')) await ingest('B1b', `${prefix}.ndjson`, 'JSONEachRow');
  if (wanted.has('B3a') || wanted.has('B3b')) await chdbStreaming(s, version, schema);
  if (needTable) await ingest('B1a', `${prefix}.csv`, 'CSVWithNames');
  await queries(version, sqlCh, async (sql) => { s.query(sql, 'Null'); }, async (sql) => one(sql));
  s.close();
}

// B3a/B3b peer (performance.md §3.4): a Null table with a materialized view that keeps
// tumble(1s) x k count/sum on insert. B3a is fed generated rows (in-engine columns), B3b NDJSON.
async function chdbStreaming(s, version, schema) {
  s.query('DROP TABLE IF EXISTS mv'); s.query('DROP TABLE IF EXISTS src');
  s.query('CREATE TABLE src (ts Int64, k Int32, v Float64) ENGINE = Null');
  s.query('CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY (w, k) AS SELECT intDiv(ts, 1000) AS w, k, count() AS c, sum(v) AS s FROM src GROUP BY w, k');
  const n = Number(process.env.ROWS);
  const feeds = { B3a: `SELECT 1704067200000 + intDiv(number, 100), cityHash64(number) % 1000, (number % 100000) / 1000 FROM numbers(${n})`,
                  B3b: `SELECT * FROM file('${prefix}.ndjson', 'JSONEachRow', ${schema})` };
  for (const [bench, feed] of Object.entries(feeds)) {
    if (!wanted.has(bench)) continue;
    const r = await best(async () => { s.query('TRUNCATE TABLE mv'); const t0 = now(); s.query(`INSERT INTO src ${feed}`, 'Null'); const ms = now() - t0;
      const d = JSON.parse(s.query('SELECT sum(c) FROM mv', 'JSONCompact')).data[0];
      return { ms, check: { count: Number(d[0]) } }; });
    emit(bench, version, r.ms, r.check, { rows: n });
  }
}

async function queries(version, sql, run, one) {
  for (const b of ['B2a', 'B2b', 'B2c', 'B2d', 'B2e']) {
    if (!wanted.has(b) || !sql[b]) continue;
    const r = await best(async () => { const t0 = now(); await run(sql[b]); return { ms: now() - t0 }; });
    const summary = b === 'B2a' ? await one(sql[b]) : await one(`SELECT count(*), sum(c), sum(s) FROM (${sql[b]}) q`);
    emit(b, version, r.ms, b === 'B2a' ? { sum_ts: String(summary[0]) } : { groups: Number(summary[0]), count: Number(summary[1]), sum_v: Number(summary[2]) });
  }
}

async function polars() {
  const pl = require('nodejs-polars');
  const version = require('nodejs-polars/package.json').version;
  const ingest = async (bench, fn) => {
    let df; const r = await best(async () => { const t0 = now(); df = fn(); return { ms: now() - t0, check: { rows: df.height } }; });
    emit(bench, version, r.ms, r.check); return df;
  };
  if (wanted.has('B1b')) await ingest('B1b', () => pl.scanJson(`${prefix}.ndjson`).collectSync());
  if (!needTable) return;
  const df = await ingest('B1a', () => pl.readCSV(`${prefix}.csv`));
  const agg = (keys) => df.lazy().withColumns(pl.col('ts').div(1000).floor().alias('w'), pl.col('k').mul(1000).add(pl.col('ts').modulo(1000)).alias('g'))
    .groupBy(keys).agg(pl.col('v').count().alias('c'), pl.col('v').sum().alias('s')).collectSync();
  const work = { B2a: () => df.getColumn('ts').sum(), B2b: () => agg('k'), B2c: () => agg(['w', 'k']), B2d: () => agg('g') };
  for (const [b, fn] of Object.entries(work)) {
    if (!wanted.has(b)) continue;
    let out; const r = await best(async () => { const t0 = now(); out = fn(); return { ms: now() - t0 }; });
    // sum(ts) as text from Polars itself: the JS number `out` loses the low digits of an int64.
    const sumTs = () => String(df.select(pl.col('ts').sum().cast(pl.Utf8)).getColumn('ts').get(0));
    emit(b, version, r.ms, b === 'B2a' ? { sum_ts: sumTs() } : { groups: out.height, count: Number(out.getColumn('c').sum()), sum_v: out.getColumn('s').sum() });
  }
}

await ({ duckdb, chdb, polars })[engine]();
