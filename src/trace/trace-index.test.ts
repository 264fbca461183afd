import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { MapEndpointLabels } from './endpoint-labels.ts'
import { runTrace } from './run-trace.ts'
import { addr, type FixtureTransfer, storeWith, transferRows } from './trace-fixture.ts'
import { ensureTraceIndex } from './trace-index.ts'
import { traceRequest } from './trace-request.ts'

const [A, B, C, D] = [addr(1), addr(2), addr(3), addr(4)]

/** Replaces blocks 1-2 of `ethereum` with `transfers`, as a re-import or a reorg does. */
async function replaceBlocks(store: DuckDbStore, transfers: FixtureTransfer[]): Promise<void> {
  await store.writeBatch({
    chain: 'ethereum',
    fromBlock: 1n,
    toBlock: 2n,
    tables: { transfers: transferRows(transfers) },
    replace: ['transfers'],
  })
}

/** Where the 100 units A received in block 1 are held, traced forward from A. */
async function heldFromA(store: DuckDbStore): Promise<Record<string, bigint>> {
  const r = await runTrace(store, traceRequest('ethereum', { addresses: [A], txs: [] }, {}), new MapEndpointLabels())
  return Object.fromEntries(r.endpoints.filter((e) => e.category === 'held').map((e) => [e.address, e.amount]))
}

const FUNDING: FixtureTransfer = { block: 1, from: addr(9), to: A, amount: 100 }

describe('trace index freshness', () => {
  it('rebuilds after a replacement that keeps the count and the blocks of the transfers', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      // Same count (2), same blocks (1 and 2): only the recipient differs.
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: C, amount: 100 }])
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.deepEqual(await heldFromA(store), { [C]: 100n })
      // Again the same count and blocks: 60 of the 100 go to D, and A keeps 40.
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: D, amount: 60 }])
      assert.deepEqual(await heldFromA(store), { [A]: 40n, [D]: 60n })
    } finally {
      await store.close()
    }
  })

  it('rebuilds when only an amount changed', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: B, amount: 70 }])
      assert.deepEqual(await heldFromA(store), { [A]: 30n, [B]: 70n })
    } finally {
      await store.close()
    }
  })

  it('keeps an index that is current, and rebuilds one stamped by an older version once', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
      // An older stamp: count, min and max block, and the sum of block numbers (1 + 2) in block_sum.
      await store.connection.run("UPDATE trace_index_state SET block_sum = '3' WHERE chain = 'ethereum'")
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
    } finally {
      await store.close()
    }
  })

  it('rebuilds when a chain loses all its transfers', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      await replaceBlocks(store, [])
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      const n = await store.connection.runAndReadAll("SELECT count(*) FROM trace_edges WHERE chain = 'ethereum'")
      assert.equal(n.getRows()[0]?.[0], 0n)
    } finally {
      await store.close()
    }
  })
})
