// The trace index contract on the three stores: the same chain, ingested in pieces with a reorg between, gives
// the same index (edges in time order, by address) and the same traces on DuckDB, PGlite and PostgreSQL.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MapEndpointLabels } from '../src/labels/endpoint-labels.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { ImportColumn } from '../src/store/import-session.ts'
import { openPgClient } from '../src/store/postgres/pg-client.ts'
import { openPgliteClient } from '../src/store/postgres/pglite-client.ts'
import { openPostgresStore, type PostgresStore } from '../src/store/postgres/postgres-store.ts'
import type { Store } from '../src/store/store.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import { addr, type FixtureTransfer, transferRows, txHash } from '../src/trace/trace-fixture.ts'
import { traceRequest } from '../src/trace/trace-request.ts'
import type { TaintModel, TraceDirection, TraceResult } from '../src/trace/trace-types.ts'

const [V, S, A, Z, R, X, Y, Q] = [1, 2, 3, 4, 5, 6, 7, 8].map(addr) as string[] as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
]
const PAIR = addr(0x20)
const ROUTER = addr(0x21)
const WETH = addr(0x30)
const USDX = addr(0x40)
const E18 = 10n ** 18n
const BIG = 2n ** 120n + 7n

// The swap of src/trace/result/converter-chain.test.ts (S seeded with 300 USDX, A sells 400 USDX for 2 ETH routed
// pair -> WETH unwrap -> router -> R), then R pays Q, and an amount above 2^116 from X to Y and on to Q.
const piece1: FixtureTransfer[] = [
  { block: 1, from: V, to: S, amount: 300, asset: USDX },
  { block: 2, from: S, to: A, amount: 300, asset: USDX },
]
const piece2: FixtureTransfer[] = [
  { block: 3, from: Z, to: A, amount: 100, asset: USDX },
  { block: 3, from: X, to: Y, amount: BIG, asset: USDX, tx: 1 },
]
// What block 4 held before the reorg replaced it.
const orphan: FixtureTransfer[] = [{ block: 4, from: A, to: Z, amount: 400, asset: USDX }]
const piece3: FixtureTransfer[] = [
  { block: 4, from: WETH, to: ROUTER, amount: 2n * E18, kind: 'internal', position: 'trace:0_0' },
  { block: 4, from: ROUTER, to: R, amount: 2n * E18, kind: 'internal', position: 'trace:1' },
  { block: 4, from: A, to: PAIR, amount: 400, asset: USDX, position: 'log:0' },
  { block: 4, from: PAIR, to: ROUTER, amount: 2n * E18, asset: WETH, position: 'log:1' },
  { block: 4, from: ROUTER, to: WETH, amount: 2n * E18, asset: WETH, kind: 'unwrap', position: 'log:2' },
  // Another transaction of block 4, its calls out of order in the file.
  { block: 4, tx: 2, from: addr(9), to: addr(10), amount: 3, kind: 'internal', position: 'trace:0_10' },
  { block: 4, tx: 2, from: addr(9), to: addr(10), amount: 2, kind: 'internal', position: 'trace:1' },
  { block: 4, tx: 2, from: addr(9), to: addr(10), amount: 1, kind: 'internal', position: 'trace:0_2' },
  { block: 5, from: R, to: Q, amount: E18 },
  { block: 5, from: Y, to: Q, amount: BIG - 1n, asset: USDX, tx: 1 },
  // Above 2^126: stored as text.
  { block: 5, from: addr(12), to: addr(13), amount: 2n ** 130n + 1n, asset: addr(0x41), tx: 2 },
]
const labels = new MapEndpointLabels([
  [PAIR, { category: 'dex', name: 'USDX/WETH' }],
  [ROUTER, { category: 'dex', name: 'Router' }],
])

const write = (store: Store, from: number, to: number, transfers: FixtureTransfer[]) =>
  store.writeBatch({
    chain: 'ethereum',
    fromBlock: BigInt(from),
    toBlock: BigInt(to),
    tables: { transfers: transferRows(transfers) },
    replace: ['transfers'],
  })

type TraceCapable = DuckDbStore | PostgresStore

/** Ingests the chain in pieces: the index built after the first, appended, reorged and rebuilt from a block. */
async function ingest(store: TraceCapable): Promise<void> {
  await write(store, 1, 2, piece1)
  await store.traceIndex.ensure('ethereum')
  await write(store, 3, 4, [...piece2, ...orphan])
  await store.rollbackFrom('ethereum', 4n, 'ingest:evm')
  await write(
    store,
    4,
    4,
    piece3.filter((t) => t.block === 4),
  )
  await write(store, 3, 5, [...piece2, ...piece3])
}

/** The index in seq order with addresses for ids and txo as a rank, so stores numbering differently compare. */
async function indexLines(store: TraceCapable): Promise<string[]> {
  const sql = `SELECT e.txo, a.address AS src, b.address AS dst, coalesce(c.address, 'native') AS asset, e.kind,
      e.lo, e.hi, e.amount_text, e.block_number, e.tx_hash, e.position
    FROM trace_edges e JOIN trace_addresses a ON a.chain = e.chain AND a.id = e.src
    JOIN trace_addresses b ON b.chain = e.chain AND b.id = e.dst
    LEFT JOIN trace_addresses c ON c.chain = e.chain AND c.id = e.asset
    WHERE e.chain = 'ethereum' ORDER BY e.seq`
  const rows: unknown[][] =
    store.kind === 'duckdb'
      ? (await store.connection.runAndReadAll(sql)).getRows()
      : (await store.client.query<Record<string, unknown>>(sql)).rows.map((r) => Object.values(r))
  const txos = [...new Set(rows.map((r) => Number(r[0])))]
  return rows.map((r) => [txos.indexOf(Number(r[0])), ...r.slice(1).map((v) => String(v))].join(' '))
}

/** A result as text without its stats, lists whose order is discovery order sorted, keys sorted. */
function canonical(r: TraceResult): string {
  const { stats: _stats, ...rest } = r
  const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : 1)
  const body = { ...rest, nodes: [...r.nodes].sort(byAddress), stops: [...r.stops].sort(byAddress) }
  return JSON.stringify(body, (_k, v) => {
    if (typeof v === 'bigint') return v.toString()
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
    }
    return v
  })
}

const pgUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const schema = `dragnet_trace_contract_${process.pid}`

describe('trace index contract on DuckDB, PGlite and PostgreSQL', () => {
  const stores: { name: string; store: TraceCapable }[] = []
  before(async () => {
    const pglite = await openPostgresStore(await openPgliteClient())
    const pg = await openPostgresStore(await openPgClient({ url: pgUrl, schema }))
    stores.push({ name: 'duckdb', store: await openDuckDbStore(':memory:') })
    stores.push({ name: 'pglite', store: pglite }, { name: 'postgres', store: pg })
    for (const { store } of stores) await ingest(store)
  })
  after(async () => {
    for (const { name, store } of stores) {
      if (name === 'postgres' && store.kind === 'postgres') {
        await store.client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      }
      await store.close()
    }
  })

  it('numbers addresses by first appearance and never renumbers after a reorg', async () => {
    for (const { name, store } of stores.filter((s) => s.store.kind === 'postgres')) {
      const r = await (store as PostgresStore).client.query<{ address: string; id: number }>(
        `SELECT address, id FROM trace_addresses WHERE chain = 'ethereum' ORDER BY id`,
      )
      // Block 1 gives V, S and the token; block 2 adds A; block 3 Z, X, Y; the orphaned block 4 added nothing new.
      assert.deepEqual(
        r.rows.slice(0, 7).map((row) => [row.address, Number(row.id)]),
        [V, S, USDX, A, Z, X, Y].map((a, i) => [a, i]),
        name,
      )
      assert.equal(r.rows.length, 17, name)
    }
  })

  it('holds the same edges in the same time order as DuckDB, and as a rebuild from scratch', async () => {
    const [duck, ...pgs] = stores
    await duck?.store.traceIndex.ensure('ethereum')
    const expected = await indexLines(duck?.store as TraceCapable)
    assert.equal(expected.length, 15)
    // Block 4 in time order: transaction 0's calls by trace address, then its logs; then transaction 2's calls,
    // their addresses compared as integer lists (0_2 < 0_10 < 1).
    assert.deepEqual(
      expected.filter((l) => l.includes(' 4 0x')).map((l) => l.split(' ').at(-1)),
      ['trace:0_0', 'trace:1', 'log:0', 'log:1', 'log:2', 'trace:0_2', 'trace:0_10', 'trace:1'],
    )
    for (const { name, store } of pgs) {
      assert.equal((await store.traceIndex.ensure('ethereum')).rebuilt, false, `${name}: kept current by writes`)
      assert.deepEqual(await indexLines(store), expected, name)
      const state = await (store as PostgresStore).client.query<{ next_seq: string; edges: string }>(
        `SELECT next_seq, edges FROM trace_index_state WHERE chain = 'ethereum'`,
      )
      assert.equal(Number(state.rows[0]?.edges), 15, name)
      assert.ok(Number(state.rows[0]?.next_seq) > 15, `${name}: seqs of removed edges are not reused`)
    }
    const pg = pgs[1]?.store as PostgresStore
    assert.equal((await pg.traceIndex.ensure('ethereum', { rebuild: true })).rebuilt, true)
    assert.deepEqual(await indexLines(pg), expected, 'postgres rebuilt')
  })

  const cases: { label: string; model: TaintModel; direction: TraceDirection; addresses: string[]; txs: string[] }[] =
    []
  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    cases.push({ label: `${model} forward from S`, model, direction: 'forward', addresses: [S], txs: [] })
    cases.push({ label: `${model} backward from Q`, model, direction: 'backward', addresses: [Q], txs: [] })
    cases.push({ label: `${model} forward from X`, model, direction: 'forward', addresses: [X], txs: [] })
    cases.push({ label: `${model} from seed tx`, model, direction: 'forward', addresses: [], txs: [txHash(2)] })
  }
  for (const c of cases) {
    it(`${c.label}: the same result on every store`, async () => {
      const request = traceRequest('ethereum', { addresses: c.addresses, txs: c.txs }, c)
      const results = []
      for (const { store } of stores) results.push(canonical(await runTrace(store, request, labels)))
      assert.equal(results[1], results[0], 'pglite')
      assert.equal(results[2], results[0], 'postgres')
    })
  }

  it('haircut: figures worked out by hand', async () => {
    for (const { name, store } of stores) {
      const swap = await runTrace(store, traceRequest('ethereum', { addresses: [S], txs: [] }), labels)
      // R is paid 2e18 for 400 USDX of which 300 tainted (1.5e18) and passes 1e18 on to Q: 0.75e18 tainted.
      const final = (a: string) => swap.nodes.find((n) => n.address === a)?.final.native
      assert.equal(final(Q), 75n * 10n ** 16n, name)
      assert.equal(final(R), 75n * 10n ** 16n, name)
      const big = await runTrace(store, traceRequest('ethereum', { addresses: [X], txs: [] }), labels)
      assert.equal(big.nodes.find((n) => n.address === Q)?.final[USDX], BIG - 1n, name)
      assert.equal(big.nodes.find((n) => n.address === Y)?.final[USDX], 1n, name)
      const wide = await runTrace(store, traceRequest('ethereum', { addresses: [addr(12)], txs: [] }), labels)
      assert.equal(wide.nodes.find((n) => n.address === addr(13))?.final[addr(0x41)], 2n ** 130n + 1n, name)
    }
  })

  it('builds a chain on first use, and again only on a version change or rows written around the store', async () => {
    for (const { name, store } of stores.filter((s) => s.store.kind === 'postgres')) {
      const pg = store as PostgresStore
      const state = () =>
        pg.client.query<{ version: number }>(`SELECT version FROM trace_index_state WHERE chain = 'other'`)
      await pg.writeBatch({
        chain: 'other',
        fromBlock: 1n,
        toBlock: 1n,
        tables: { transfers: transferRows([{ block: 1, from: V, to: S, amount: 1 }]) },
        replace: ['transfers'],
      })
      assert.equal((await state()).rows.length, 0, `${name}: a write does not build an index`)
      assert.equal((await pg.traceIndex.ensure('other')).rebuilt, true, name)
      assert.equal((await pg.traceIndex.ensure('other')).rebuilt, false, name)
      await pg.client.query(
        `INSERT INTO transfers (chain, block_number, tx_hash, tx_index, position, kind, from_address, to_address, asset, amount)
         VALUES ('other', 2, $1, 0, 'tx', 'native', $2, $3, 'native', 5)`,
        [txHash(2), S, V],
      )
      assert.equal((await pg.traceIndex.ensure('other')).rebuilt, true, `${name}: edge count differs`)
      await pg.client.query(`UPDATE trace_index_state SET version = 0 WHERE chain = 'other'`)
      assert.equal((await pg.traceIndex.ensure('other')).rebuilt, true, `${name}: version changed`)
      assert.equal((await pg.traceIndex.ensure('other')).rebuilt, false, name)
    }
  })

  // Last, as it changes the chain: an import of block 6 (an append) and of block 5 again (a suffix rebuild).
  it('an ETL import keeps the index current in its commit', async () => {
    const columns: ImportColumn[] = ['hash', 'block_number'].map((name) => ({
      name,
      pattern: null,
      code: 'ETL_MALFORMED',
      required: true,
      lowercase: false,
    }))
    const importBlock = async (store: TraceCapable, block: number, transfers: FixtureTransfer[]) => {
      const s = await store.beginImport('ethereum')
      const rows = (async function* () {
        yield [{ line: 2, values: [txHash(block), String(block)] }]
      })()
      await s.stageText('transactions', 'transactions.csv', { columns: ['hash', 'block_number'], rows }, columns)
      await s.stageDerived('transfers', transferRows(transfers))
      await s.commit()
    }
    for (const { store } of stores) {
      await importBlock(store, 6, [{ block: 6, from: Q, to: addr(11), amount: 5 }])
      await importBlock(store, 5, [{ block: 5, from: R, to: Q, amount: E18 }])
    }
    const [duck, ...pgs] = stores
    await duck?.store.traceIndex.ensure('ethereum')
    const expected = await indexLines(duck?.store as TraceCapable)
    assert.equal(expected.length, 14, 'block 5 lost two token transfers, block 6 added one')
    for (const { name, store } of pgs) {
      assert.equal((await store.traceIndex.ensure('ethereum')).rebuilt, false, name)
      assert.deepEqual(await indexLines(store), expected, name)
    }
  })
})
