// The trace benchmark on PostgreSQL: the synthetic chain (bench/synthetic-chain.ts) copied from its DuckDB file
// into a fresh schema, the PostgreSQL trace index built (the baseline), then end-to-end poison and haircut traces
// on PostgreSQL against the same traces on DuckDB in the same run, and one 1,000-transfer block appended.
// PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the schema is dropped at the end.

import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { ensureTraceIndex } from '../src/store/duckdb/duckdb-trace-index.ts'
import { openPgClient } from '../src/store/postgres/pg-client.ts'
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts'
import type { Row } from '../src/store/store.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import type { TraceResult } from '../src/trace/trace-types.ts'
import { report } from './report.ts'
import { DEFAULT_SYNTHETIC, SYNTHETIC_CHAIN, syntheticAddress, syntheticStore } from './synthetic-chain.ts'

const BENCH = 'trace-postgres'
const HOPS = 10
const small = Boolean(process.env.TRACE_BENCH_SMALL)
const params = process.env.TRACE_BENCH_TRANSFERS
  ? { ...DEFAULT_SYNTHETIC, transfers: Number(process.env.TRACE_BENCH_TRANSFERS), addresses: 400_000 }
  : small
    ? { ...DEFAULT_SYNTHETIC, transfers: 200_000, addresses: 40_000 }
    : DEFAULT_SYNTHETIC
// The seeds of bench/trace.bench.ts.
const seeds = Array.from({ length: 50 }, (_, i) => syntheticAddress(params.hubs + 1000 + i * 97))
const limits = { hops: HOPS, maxAddresses: 50_000_000 }
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const schema = `dragnet_bench_${process.pid}`
const seconds = (t0: number) => (performance.now() - t0) / 1000

const { store: duck } = await syntheticStore(params, 'trace-postgres')
await ensureTraceIndex(duck.connection, SYNTHETIC_CHAIN)
const client = await openPgClient({ url, schema, max: 4 })
const csv = resolve('bench', 'out', `trace-postgres-${process.pid}.csv`)
try {
  const pg = await openPostgresStore(client, { closeClient: false })
  const loadSeconds = await load(csv)
  report({
    bench: BENCH,
    metric: `load ${params.transfers} transfers into PostgreSQL (COPY)`,
    value: loadSeconds,
    unit: 's',
  })

  let t0 = performance.now()
  await pg.traceIndex.ensure(SYNTHETIC_CHAIN, { rebuild: true })
  const buildSeconds = seconds(t0)
  report({ bench: BENCH, metric: 'build PostgreSQL trace index from scratch', value: buildSeconds, unit: 's' })
  await client.query('ANALYZE trace_edges')
  await client.query('ANALYZE trace_addresses')

  for (const model of ['poison', 'haircut'] as const) {
    const request = traceRequest(SYNTHETIC_CHAIN, { addresses: seeds, txs: [] }, { model, limits })
    const duckRun = await timed(() => runTrace(duck, request))
    const pgRun = await timed(() => runTrace(pg, request))
    report({
      bench: BENCH,
      metric: `end-to-end ${model} trace, 10 hops, 50 seeds, from PostgreSQL`,
      value: pgRun.seconds,
      unit: 's',
      baseline: { name: `the same trace from DuckDB`, value: duckRun.seconds, unit: 's' },
      ratio: duckRun.seconds / pgRun.seconds,
      aim: 'report (PostgreSQL against DuckDB)',
      sameResult: sameResult(pgRun.result, duckRun.result),
      ...pgRun.result.stats,
    })
  }

  // A block past the chain's last: 1,000 transfers among existing addresses and a few new ones.
  const last = BigInt(
    (await client.query<{ b: string }>('SELECT max(block_number) AS b FROM transfers')).rows[0]?.b ?? 0,
  )
  const block = last + 1n
  const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({
    block_number: block,
    block_time: 1600000000n + block * 12n,
    tx_hash: `0x${(10n ** 12n + BigInt(i)).toString(16).padStart(64, '0')}`,
    tx_index: BigInt(i),
    position: 'tx',
    kind: 'native',
    from_address: syntheticAddress(1 + ((i * 7919) % params.addresses)),
    to_address: syntheticAddress(i % 50 === 0 ? params.addresses + 1 + i : 1 + ((i * 104729) % params.addresses)),
    asset: 'native',
    amount: `${1 + i}000000`,
  }))
  t0 = performance.now()
  await pg.writeBatch({
    chain: SYNTHETIC_CHAIN,
    fromBlock: block,
    toBlock: block,
    tables: { transfers: rows },
    replace: ['transfers'],
  })
  const appendMs = seconds(t0) * 1000
  t0 = performance.now()
  const after = await pg.traceIndex.ensure(SYNTHETIC_CHAIN)
  report({
    bench: BENCH,
    metric:
      'append a block of 1,000 transfers to the indexed PostgreSQL store (write with index update, one transaction)',
    value: appendMs,
    unit: 'ms',
    baseline: { name: 'full PostgreSQL index build', value: buildSeconds * 1000, unit: 'ms' },
    ratio: (buildSeconds * 1000) / appendMs,
    aim: '<= 50 ms',
    rebuiltAfter: after.rebuilt,
    ensureAfterMs: seconds(t0) * 1000,
  })
} finally {
  rmSync(csv, { force: true })
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
  await client.close()
  await duck.close()
}

/** Exports the DuckDB copy's transfers as CSV and COPYs them in (psql's \copy, client side). */
async function load(file: string): Promise<number> {
  const t0 = performance.now()
  const cols =
    'chain, block_number, block_time, tx_hash, tx_index, position, kind, from_address, to_address, asset, amount'
  await duck.connection.run(`COPY (SELECT ${cols} FROM transfers) TO '${file}' (FORMAT csv, HEADER false)`)
  // Loaded without the lookup indexes on transfers, which are made again after (one sort each).
  const indexes = await client.query<{ indexdef: string; indexname: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'transfers'`,
    [schema],
  )
  for (const i of indexes.rows) await client.query(`DROP INDEX ${i.indexname}`)
  const copy = spawnSync(
    'psql',
    [
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `SET search_path TO ${schema}`,
      '-c',
      `\\copy transfers (${cols}) FROM '${file}' CSV`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  if (copy.status !== 0) throw new Error(`psql \\copy exited with ${copy.status}`)
  for (const i of indexes.rows) await client.query(i.indexdef)
  await client.query('ANALYZE transfers')
  return seconds(t0)
}

async function timed(fn: () => Promise<TraceResult>): Promise<{ seconds: number; result: TraceResult }> {
  const t0 = performance.now()
  const result = await fn()
  return { seconds: seconds(t0), result }
}

/** The two results agree in everything but their stats. */
function sameResult(a: TraceResult, b: TraceResult): boolean {
  const text = (r: TraceResult) =>
    JSON.stringify({ ...r, stats: null }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  return text(a) === text(b)
}
