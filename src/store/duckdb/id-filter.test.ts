import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DuckDbEdgeSource } from './duckdb-edge-source.ts'
import { openDuckDbStore } from './duckdb-store.ts'
import { ensureTraceIndex } from './duckdb-trace-index.ts'
import { idFilter } from './id-filter.ts'

const a = (i: number) => `0x${i.toString(16).padStart(40, '0')}`

describe('id filters', () => {
  it('restrict a column to a few ids by a join and to many by a bit string, either way round', async () => {
    const store = await openDuckDbStore(':memory:')
    try {
      const c = store.connection
      await c.run('CREATE TABLE t AS SELECT range::INTEGER AS id FROM range(64)')
      const read = async (ids: number[], except: boolean) => {
        const f = await idFilter(c, 't.id', Int32Array.from(ids), 64, 1, except)
        const r = await c.runAndReadAll(`SELECT t.id FROM t ${f.join} WHERE true${f.where} ORDER BY 1`, f.params)
        return { rows: r.getRows().map((x) => x[0]), bits: f.params.length === 1 }
      }
      // 1 of 64 ids is below the 1/32 share: a join; 5 are above it: a bit string.
      assert.deepEqual(await read([7], false), { rows: [7], bits: false })
      assert.deepEqual(await read([0, 9, 63, 9, 31], false), { rows: [0, 9, 31, 63], bits: true })
      const except = await read([0, 9, 63, 31, 2], true)
      assert.equal(except.bits, true)
      assert.deepEqual(
        except.rows,
        Array.from({ length: 64 }, (_, i) => i).filter((i) => ![0, 2, 9, 31, 63].includes(i)),
      )
      assert.equal((await read([5], true)).rows.length, 63)
    } finally {
      await store.close()
    }
  })

  it('serve the edge source for one address of a hundred (the join path)', async () => {
    const store = await openDuckDbStore(':memory:')
    try {
      // Transfer i (block i) moves i + 1 wei from address i to i + 1: ids by first appearance are i.
      const transfers = Array.from({ length: 100 }, (_, i) => ({
        block_number: BigInt(i),
        block_time: BigInt(1_700_000_000 + i),
        tx_hash: `0x${i.toString(16).padStart(64, '0')}`,
        tx_index: 0n,
        position: 'tx',
        kind: 'native',
        from_address: a(i),
        to_address: a(i + 1),
        asset: 'native',
        amount: String(i + 1),
      }))
      await store.writeBatch({
        chain: 'ethereum',
        fromBlock: 0n,
        toBlock: 99n,
        tables: { transfers },
        replace: ['transfers'],
      })
      await ensureTraceIndex(store.connection, 'ethereum')
      const s = await DuckDbEdgeSource.open(store.connection, 'ethereum', 'forward', {})
      assert.deepEqual(await s.addressesOf(Int32Array.of(5)), [a(5)])
      const out = await s.outEdges(Int32Array.of(3))
      assert.deepEqual([out.length, out.dst[0], out.amount[0]], [1, 4, 4n])
      const inn = await s.inEdges(Int32Array.of(3))
      assert.deepEqual([inn.length, inn.src[0], inn.amount[0]], [1, 2, 3n])
      const d = await s.details(Int32Array.of(7))
      assert.deepEqual(d.get(7), {
        tx: `0x${(7).toString(16).padStart(64, '0')}`,
        block: 7n,
        time: 1_700_000_007n,
        position: 'tx',
      })
    } finally {
      await store.close()
    }
  })
})
