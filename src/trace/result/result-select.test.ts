import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { kthSmallest } from './result-select.ts'

describe('kthSmallest', () => {
  it('finds what a full sort puts at each index, with ties and without', () => {
    // Worked by hand: [5, 1, 4, 1, 3] sorted is [1, 1, 3, 4, 5].
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((k) => kthSmallest(Float64Array.of(5, 1, 4, 1, 3), k)),
      [1, 1, 3, 4, 5],
    )
    assert.equal(kthSmallest(Float64Array.of(7), 0), 7)
    let seed = 11
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 200; round++) {
      const n = 1 + (round % 37) * 3
      const distinct = 1 + (round % 9)
      const a = Float64Array.from({ length: n }, () => Math.floor(rnd() * distinct) * 0.5)
      const sorted = a.slice().sort()
      const k = Math.floor(rnd() * n)
      assert.equal(kthSmallest(a.slice(), k), sorted[k])
    }
  })
})
