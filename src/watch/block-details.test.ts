import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import { openPgClient } from '../store/postgres/pg-client.ts'
import { openPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.ts'
import type { Store } from '../store/store.ts'
import { addr, type FixtureTransfer, transferRows, txHash } from '../trace/trace-fixture.ts'
import { blockDetailsOf } from './block-details.ts'

const CHAIN: FixtureTransfer[] = [
  { block: 1, from: addr(1), to: addr(2), amount: 5 },
  { block: 2, from: addr(2), to: addr(3), amount: 4 },
  { block: 2, tx: 1, from: addr(3), to: addr(4), amount: 3, asset: addr(9) },
  { block: 3, from: addr(4), to: addr(5), amount: 2 },
]

async function check(store: Store & Pick<TraceStore, 'traceIndex'>, name: string): Promise<void> {
  await store.writeBatch({
    chain: 'ethereum',
    fromBlock: 0n,
    toBlock: 3n,
    tables: { transfers: transferRows(CHAIN) },
    replace: ['transfers'],
  })
  await store.traceIndex.ensure('ethereum')
  const read = blockDetailsOf(store)
  assert.ok(read, name)
  const got = await read('ethereum', 2n, 2n)
  const source = await store.traceIndex.open('ethereum', 'forward', {})
  const want = await source.details(Int32Array.from(got.keys()))
  assert.deepEqual(got, want, name)
  // The two transfers of block 2, as the index numbers them.
  assert.deepEqual(
    [...got.values()].map((d) => [d.tx, d.block]).sort(),
    [
      [txHash(2, 0), 2n],
      [txHash(2, 1), 2n],
    ],
    name,
  )
}

test('a block range edge details read by block, on DuckDB and PostgreSQL, as the index gives them by ord', async () => {
  const duck = await openDuckDbStore(':memory:')
  try {
    await check(duck, 'duckdb')
  } finally {
    await duck.close()
  }
  const schema = `dragnet_block_details_${process.pid}`
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
  const pg: PostgresStore = await openPostgresStore(await openPgClient({ url, schema }))
  try {
    await check(pg, 'postgres')
  } finally {
    await pg.client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await pg.close()
  }
})
