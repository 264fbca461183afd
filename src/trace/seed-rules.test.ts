import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr, txHash } from './trace-fixture.ts'
import { finals, totalsOf, traceOf } from './trace-test-kit.ts'

const [V, S, A, B, C, W] = [1, 2, 3, 4, 5, 6].map(addr) as [string, string, string, string, string, string]

describe('seed rules', () => {
  // The theft (V -> S at block 1) lies before the window; in it, S pays A 60 and B 40, and A pays C 60.
  const t = [
    { block: 1, from: V, to: S, amount: 100 },
    { block: 2, from: S, to: A, amount: 60 },
    { block: 3, from: S, to: B, amount: 40 },
    { block: 4, from: A, to: C, amount: 60 },
  ]

  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    it(`${model}: an address seed that received nothing in the window is seeded by what it sent in it`, async () => {
      const r = await traceOf(t, { addresses: [S] }, { model, limits: { fromBlock: 2n } })
      assert.equal(r.empty, null)
      assert.deepEqual(r.seeds.rules, [{ seed: S, rule: 'outflows', note: null }])
      assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
      assert.deepEqual(finals(r), { '04:eth': '40', '05:eth': '60' })
      const c = r.endpoints.find((e) => e.address === C)
      assert.deepEqual(
        c?.path.map((p) => [p.from, p.to, p.hop]),
        [
          [S, A, 1],
          [A, C, 2],
        ],
      )
    })
  }

  it('the same seed with its receipt in the window is seeded by its receipts', async () => {
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut', seedNotes: { [S]: 'the thief' } })
    assert.deepEqual(r.seeds.rules, [{ seed: S, rule: 'receipts', note: 'the thief' }])
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
    assert.deepEqual(finals(r), { '04:eth': '40', '05:eth': '60' })
  })

  it('--seed-outflows seeds what the address sent, not what it received', async () => {
    // S receives 100 (block 1), pays A 30, receives 50 (block 3), pays B 70: 150 received, 100 sent.
    const m = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: A, amount: 30 },
      { block: 3, from: W, to: S, amount: 50 },
      { block: 4, from: S, to: B, amount: 70 },
    ]
    const byReceipts = await traceOf(m, { addresses: [S] }, { model: 'haircut' })
    assert.deepEqual(totalsOf(byReceipts), { stolen: '150', traced: '150', held: '150' })
    assert.deepEqual(finals(byReceipts), { '02:eth': '50', '03:eth': '30', '04:eth': '70' })
    for (const model of ['poison', 'haircut', 'fifo'] as const) {
      const r = await traceOf(m, { addresses: [S] }, { model, seedOutflows: true })
      assert.deepEqual(r.seeds.rules, [{ seed: S, rule: 'outflows', note: null }], model)
      assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' }, model)
      assert.deepEqual(finals(r), { '03:eth': '30', '04:eth': '70' }, model)
    }
  })

  it('rules per seed: receipts, outflows, transaction, none', async () => {
    const r = await traceOf(
      t,
      { addresses: [S, B, addr(0x99)], txs: [txHash(4), `0x${'ab'.repeat(32)}`] },
      {
        limits: { fromBlock: 2n },
      },
    )
    assert.deepEqual(
      r.seeds.rules.map((x) => [x.seed, x.rule]),
      [
        [addr(0x99), 'none'],
        [S, 'outflows'],
        [B, 'receipts'],
        [txHash(4), 'transaction'],
        [`0x${'ab'.repeat(32)}`, 'none'],
      ],
    )
  })

  it('seeding by outflows is forward only', async () => {
    await assert.rejects(traceOf(t, { addresses: [S] }, { direction: 'backward', seedOutflows: true }), {
      code: 'INVALID_ARGUMENT',
    })
  })
})
