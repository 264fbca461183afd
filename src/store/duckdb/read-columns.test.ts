import assert from 'node:assert/strict'
import { it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { copyLimbs } from './read-columns.ts'

it('splits a BIGINT column into exact 21-bit limbs', async () => {
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  try {
    // 2^63 - 1 (every bit), 2^42 + 5, 3 * 2^21 + 7, 2^31 (the low half's top bit), 0.
    const r = await c.run('SELECT unnest([9223372036854775807, 4398046511109, 6291463, 2147483648, 0]::BIGINT[])')
    const chunk = await r.fetchChunk()
    assert.ok(chunk)
    const [l0, l1, l2] = [new Float64Array(6), new Float64Array(6), new Float64Array(6)]
    copyLimbs(chunk.getColumnVector(0), chunk.rowCount, l0, l1, l2, 1)
    const m = 2 ** 21 - 1
    assert.deepEqual(Array.from(l0), [0, m, 5, 7, 0, 0])
    assert.deepEqual(Array.from(l1), [0, m, 0, 3, 2 ** 10, 0])
    assert.deepEqual(Array.from(l2), [0, m, 1, 0, 0, 0])
  } finally {
    c.closeSync()
    db.closeSync()
  }
})
