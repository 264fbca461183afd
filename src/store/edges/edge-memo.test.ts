import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allocBatch, type EdgeBatch, withAmounts } from './edge-batch.ts'
import { EdgeMemo } from './edge-memo.ts'

/** A batch of [ord, txo, src, dst, amount] edges (amounts below 2^21, in l0). */
function batch(edges: [number, number, number, number, number][]): EdgeBatch {
  const b = allocBatch(edges.length)
  for (const [ord, txo, src, dst, amount] of edges) {
    const i = b.length++
    b.ord[i] = ord
    b.txo[i] = txo
    b.src[i] = src
    b.dst[i] = dst
    b.asset[i] = -1
    b.l0[i] = amount
  }
  return withAmounts(b)
}

const rows = (b: EdgeBatch | undefined) =>
  b && Array.from({ length: b.length }, (_, i) => [b.ord[i], b.src[i], b.dst[i], b.amount[i]])

describe('edge memo', () => {
  it('answers in-edges once the out-edge reads cover every address, and not before', () => {
    const memo = new EdgeMemo(4)
    memo.out(
      Int32Array.of(0, 1),
      batch([
        [0, 0, 0, 2, 5],
        [1, 1, 1, 2, 6],
        [2, 1, 1, 3, 7],
      ]),
    )
    assert.equal(memo.inEdges(Int32Array.of(2), undefined, 4), undefined)
    memo.outExcept(
      Int32Array.of(0, 1),
      batch([
        [3, 2, 2, 3, 8],
        [4, 3, 3, 0, 9],
      ]),
    )
    assert.deepEqual(rows(memo.inEdges(Int32Array.of(2), undefined, 4)), [
      [0, 0, 2, 5n],
      [1, 1, 2, 6n],
    ])
    assert.deepEqual(rows(memo.inEdges(Int32Array.of(3, 0), undefined, 4)), [
      [2, 1, 3, 7n],
      [3, 2, 3, 8n],
      [4, 3, 0, 9n],
    ])
    // Only transactions 1 and 3.
    assert.deepEqual(rows(memo.inEdges(Int32Array.of(3, 0), Int32Array.of(1, 3), 4)), [
      [2, 1, 3, 7n],
      [4, 3, 0, 9n],
    ])
  })

  it('gives up when an address is read twice or the except-read skips one never read', () => {
    const twice = new EdgeMemo(3)
    twice.out(Int32Array.of(0), batch([[0, 0, 0, 1, 1]]))
    twice.out(Int32Array.of(0), batch([[0, 0, 0, 1, 1]]))
    twice.outExcept(Int32Array.of(0), batch([[1, 1, 1, 2, 1]]))
    assert.equal(twice.inEdges(Int32Array.of(1), undefined, 3), undefined)
    const gap = new EdgeMemo(3)
    gap.out(Int32Array.of(0), batch([[0, 0, 0, 1, 1]]))
    gap.outExcept(Int32Array.of(0, 1), batch([[1, 1, 2, 1, 1]]))
    assert.equal(gap.inEdges(Int32Array.of(1), undefined, 3), undefined)
  })
})
