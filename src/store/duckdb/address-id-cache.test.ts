import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr, type FixtureTransfer, storeWith, transferRows } from '../../trace/trace-fixture.ts'
import { AddressIdCache } from './address-id-cache.ts'
import type { DuckDbStore } from './duckdb-store.ts'
import { ensureTraceIndex, updateTraceIndex } from './duckdb-trace-index.ts'

const [A, B, C, D, E] = [addr(1), addr(2), addr(3), addr(4), addr(5)]

/** Adds a block's transfers to `transfers` as another tool would, then updates the index with `cache`. */
async function appendWith(store: DuckDbStore, cache: AddressIdCache, transfers: FixtureTransfer[]): Promise<void> {
  const c = store.connection
  await c.run('BEGIN TRANSACTION')
  for (const r of transferRows(transfers)) {
    await c.run('INSERT INTO transfers VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
      'ethereum',
      r.block_number as bigint,
      r.block_time as bigint,
      r.tx_hash as string,
      r.tx_index as bigint,
      r.position as string,
      r.kind as string,
      r.from_address as string,
      r.to_address as string,
      r.asset as string,
      r.amount as string,
    ])
  }
  await updateTraceIndex(c, 'ethereum', BigInt(transfers[0]?.block ?? 0), { cache })
  await c.run('COMMIT')
}

async function ids(store: DuckDbStore): Promise<[string, number][]> {
  const r = await store.connection.runAndReadAll(
    "SELECT address, id FROM trace_addresses WHERE chain = 'ethereum' ORDER BY id",
  )
  return r.getRows().map((row) => [row[0] as string, Number(row[1])])
}

async function edges(store: DuckDbStore): Promise<number[][]> {
  const r = await store.connection.runAndReadAll(
    "SELECT seq, txo, src, dst FROM trace_edges WHERE chain = 'ethereum' ORDER BY seq",
  )
  return r.getRows().map((row) => row.map(Number))
}

describe('address ids held in memory', () => {
  it('give the ids a lookup in SQL gives, and follow a rebuild', async () => {
    const store = await storeWith([{ block: 1, from: A, to: B, amount: 10 }])
    const cache = new AddressIdCache({ appendsBefore: 0, minAddresses: 0 })
    try {
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum'), true)
      // Block 2: B known (id 1), C and D new in order of first appearance.
      await appendWith(store, cache, [
        { block: 2, from: B, to: C, amount: 4 },
        { block: 2, tx: 1, from: D, to: B, amount: 1 },
      ])
      assert.deepEqual(await ids(store), [
        [A, 0],
        [B, 1],
        [C, 2],
        [D, 3],
      ])
      // Block 3, served from the map loaded above: E is new.
      await appendWith(store, cache, [{ block: 3, from: C, to: E, amount: 2 }])
      assert.deepEqual((await ids(store)).at(-1), [E, 4])
      assert.deepEqual(await edges(store), [
        [0, 0, 0, 1],
        [1, 1, 1, 2],
        [2, 2, 3, 1],
        [3, 3, 2, 4],
      ])
      // A rebuild numbers the same addresses the same way here; the map is checked against the new state.
      assert.equal(await ensureTraceIndex(store.connection, 'ethereum', true), true)
      await appendWith(store, cache, [{ block: 4, from: E, to: A, amount: 1 }])
      assert.deepEqual((await edges(store)).at(-1), [4, 4, 4, 0])
      assert.equal((await ids(store)).length, 5)
    } finally {
      await store.close()
    }
  })

  it('are dropped when an append rolls back', async () => {
    const store = await storeWith([{ block: 1, from: A, to: B, amount: 10 }])
    const cache = new AddressIdCache({ appendsBefore: 0, minAddresses: 0 })
    try {
      await ensureTraceIndex(store.connection, 'ethereum')
      await appendWith(store, cache, [{ block: 2, from: B, to: C, amount: 4 }])
      // D is given id 3 in memory, then the transaction rolls back: D must not keep it.
      await store.connection.run('BEGIN TRANSACTION')
      await store.connection.run(
        `INSERT INTO transfers SELECT chain, 3, block_time, '0x03', 0, 'tx', kind, '${C}', '${D}', asset, amount FROM transfers LIMIT 1`,
      )
      await updateTraceIndex(store.connection, 'ethereum', 3n, { cache })
      await store.connection.run('ROLLBACK')
      await appendWith(store, cache, [{ block: 3, from: C, to: E, amount: 1 }])
      assert.deepEqual((await ids(store)).at(-1), [E, 3])
    } finally {
      await store.close()
    }
  })
})
