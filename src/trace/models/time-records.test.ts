import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allocBatch, withAmounts } from '../../store/edges/edge-batch.ts'
import { TransferGraph } from '../engine/transfer-graph.ts'
import { R_ASSET, R_DST, R_F64, R_I32, R_LIMBS, R_ORD, R_SRC, R_TXO, TimeRecords } from './time-records.ts'

/** A batch of edges [ord, src, dst, amount l0] (txo = ord, native asset). */
function batch(rows: [number, number, number, number][]) {
  const b = allocBatch(rows.length)
  rows.forEach(([ord, src, dst, l0], i) => {
    b.ord[i] = ord
    b.txo[i] = ord
    b.src[i] = src
    b.dst[i] = dst
    b.asset[i] = -1
    b.l0[i] = l0
  })
  b.length = rows.length
  return withAmounts(b)
}

describe('time records', () => {
  it('lists the distinct edges in ord order, the first copy of each, with their columns', () => {
    const g = new TransferGraph(10)
    // Ords spread over 0..40,000 so that buckets hold several ords each; ord 7 twice (an incoming copy).
    g.addEdges(
      batch([
        [40_000, 1, 2, 11],
        [7, 3, 4, 12],
        [20_000, 2, 5, 13],
        [0, 4, 1, 14],
        [20_001, 5, 6, 15],
      ]),
    )
    g.addEdges(batch([[7, 3, 4, 12]]))
    const r = new TimeRecords(g)
    assert.equal(r.length, 5)
    const ords = Array.from({ length: r.length }, (_, k) => r.i32[k * R_I32 + R_ORD])
    assert.deepEqual(ords, [0, 7, 20_000, 20_001, 40_000])
    // Edge indexes in that order: 3, 1 (not the copy at 5), 2, 4, 0.
    assert.deepEqual([...r.edges()], [3, 1, 2, 4, 0])
    for (let k = 0; k < r.length; k++) {
      const e = r.i32[k * R_I32] as number
      assert.equal(r.i32[k * R_I32 + R_SRC], g.src[e])
      assert.equal(r.i32[k * R_I32 + R_DST], g.dst[e])
      assert.equal(r.i32[k * R_I32 + R_ASSET], -1)
      assert.equal(r.i32[k * R_I32 + R_TXO], g.txo[e])
      assert.equal(r.f64[k * R_F64 + R_LIMBS], g.l0[e])
    }
  })

  it('holds nothing for a graph without edges', () => {
    assert.equal(new TimeRecords(new TransferGraph(3)).length, 0)
  })
})
