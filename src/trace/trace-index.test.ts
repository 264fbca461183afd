import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import { importColumns } from '../sources/etl-files/etl-columns.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { ensureTraceIndex } from '../store/duckdb/duckdb-trace-index.ts'
import { TABLES } from '../store/schema.ts'
import { runTrace } from './run-trace.ts'
import { addr, type FixtureTransfer, storeWith, transferRows, txHash } from './trace-fixture.ts'
import { traceRequest } from './trace-request.ts'

const [A, B, C, D] = [addr(1), addr(2), addr(3), addr(4)]
const TOKEN = addr(0xee)

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
  it('is updated by a replacement that keeps the count and the blocks of the transfers', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      // Same count (2), same blocks (1 and 2): only the recipient differs.
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: C, amount: 100 }])
      // The write itself brought the index up to date: nothing is left to build.
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
      assert.deepEqual(await heldFromA(store), { [C]: 100n })
      // Again the same count and blocks: 60 of the 100 go to D, and A keeps 40.
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: D, amount: 60 }])
      assert.deepEqual(await heldFromA(store), { [A]: 40n, [D]: 60n })
    } finally {
      await store.close()
    }
  })

  it('is updated when only an amount changed', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      await replaceBlocks(store, [FUNDING, { block: 2, from: A, to: B, amount: 70 }])
      assert.deepEqual(await heldFromA(store), { [A]: 30n, [B]: 70n })
    } finally {
      await store.close()
    }
  })

  it('is updated by a reorg that replaces the rolled-back block with as many transfers', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      await store.rollbackFrom('ethereum', 2n, 'ingest:evm')
      await store.writeBatch({
        chain: 'ethereum',
        fromBlock: 2n,
        toBlock: 2n,
        tables: { transfers: transferRows([{ block: 2, from: A, to: C, amount: 100 }]) },
        replace: ['transfers'],
      })
      assert.deepEqual(await heldFromA(store), { [C]: 100n })
    } finally {
      await store.close()
    }
  })

  it('is updated by an import that replaces a block with as many transfers', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
      // As `import etl` does: a staged file names the blocks it replaces, and their transfers are derived.
      const session = await store.beginImport('ethereum')
      const tokenTransfer = [TOKEN, A, D, '100', txHash(2), '0', '2']
      const rows = (async function* () {
        yield [{ line: 2, values: tokenTransfer }]
      })()
      const columns = TABLES.token_transfers.map((c) => c.name)
      await session.stageText(
        'token_transfers',
        'token_transfers.csv',
        { columns, rows },
        importColumns('token_transfers'),
      )
      await session.stageDerived('transfers', transferRows([{ block: 2, from: A, to: D, amount: 100 }]))
      await session.commit()
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
      assert.deepEqual(await heldFromA(store), { [D]: 100n })
    } finally {
      await store.close()
    }
  })

  it('rebuilds when asked', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum', true), true)
      assert.deepEqual(await heldFromA(store), { [B]: 100n })
    } finally {
      await store.close()
    }
  })

  it('keeps an index that is current, and rebuilds after a write made around the store', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
      // Another tool adds a row to the file directly: the index's edge count no longer matches the transfers.
      const row = transferRows([{ block: 2, tx: 1, from: B, to: C, amount: 40 }])[0]!
      await store.connection.run(
        `INSERT INTO transfers VALUES ('ethereum', ${row.block_number}, ${row.block_time}, '${row.tx_hash}', ${row.tx_index},
          '${row.position}', '${row.kind}', '${row.from_address}', '${row.to_address}', '${row.asset}', '${row.amount}')`,
      )
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      assert.deepEqual(await heldFromA(store), { [B]: 60n, [C]: 40n })
    } finally {
      await store.close()
    }
  })

  it('empties when a chain loses all its transfers, keeping the address ids', async () => {
    const store = await storeWith([FUNDING, { block: 2, from: A, to: B, amount: 100 }])
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      await replaceBlocks(store, [])
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), false)
      const ids = await store.connection.runAndReadAll("SELECT count(*) FROM trace_addresses WHERE chain = 'ethereum'")
      assert.equal(ids.getRows()[0]?.[0], 3n)
      const n = await store.connection.runAndReadAll("SELECT count(*) FROM trace_edges WHERE chain = 'ethereum'")
      assert.equal(n.getRows()[0]?.[0], 0n)
    } finally {
      await store.close()
    }
  })
})
