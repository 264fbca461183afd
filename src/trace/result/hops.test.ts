import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr, txHash } from '../trace-fixture.ts'
import { checkPathHops, traceOf } from '../trace-test-kit.ts'
import { explainAddress, renderExplain } from './explain.ts'

const [V, S, A, B, X] = [1, 2, 3, 4, 5].map(addr) as [string, string, string, string, string]

describe('hops', () => {
  // S pays A 10 directly (one hop) and 100 through B (two hops); A pays X all 110.
  const t = [
    { block: 1, from: V, to: S, amount: 200 },
    { block: 2, from: S, to: A, amount: 10 },
    { block: 3, from: S, to: B, amount: 100 },
    { block: 4, from: B, to: A, amount: 100 },
    { block: 5, from: A, to: X, amount: 110 },
  ]

  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    it(`${model}: an address's path has at most its hop's transfers (the shortest route, not the heavier longer one)`, async () => {
      const r = await traceOf(t, { addresses: [S] }, { model })
      const x = r.endpoints.find((e) => e.address === X)
      assert.ok(x)
      assert.equal(r.nodes.find((n) => n.address === X)?.hop, 2)
      assert.deepEqual(
        x.path.map((p) => [p.from, p.to, p.hop]),
        [
          [S, A, 1],
          [A, X, 2],
        ],
      )
      const text = renderExplain(r, explainAddress(r, X))
      assert.ok(text.includes('category: held, hop 2\n'), text)
      assert.ok(text.includes(`(block 5), hop 2\n`), text)
      checkPathHops(r, model)
    })
  }

  it('a seed transaction’s transfers are hop 1; the seed transfer opens the path', async () => {
    const tx = [
      { block: 1, from: V, to: A, amount: 100 },
      { block: 1, from: A, to: S, amount: 100 },
      { block: 2, from: S, to: B, amount: 60 },
    ]
    const r = await traceOf(tx, { txs: [txHash(1)] }, { model: 'haircut' })
    assert.deepEqual(
      r.nodes.map((n) => [n.address, n.hop]),
      [
        [V, -1],
        [A, 1],
        [S, 1],
        [B, 2],
      ].filter(([a]) => r.nodes.some((n) => n.address === a)),
    )
    assert.deepEqual(
      r.endpoints.find((e) => e.address === B)?.path.map((p) => [p.from, p.to, p.hop]),
      [
        [A, S, 1],
        [S, B, 2],
      ],
    )
    const one = await traceOf(tx, { txs: [txHash(1)] }, { model: 'haircut', limits: { hops: 1 } })
    assert.deepEqual(
      one.stops.map((s) => [s.address, s.reason, s.hop]),
      [
        [A, 'hop-limit', 1],
        [S, 'hop-limit', 1],
      ],
    )
  })
})
