import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr, txHash } from '../trace-fixture.ts'
import { finals, totalsOf, traceOf } from '../trace-test-kit.ts'

const [V, S, A, C, B, D] = [1, 2, 3, 4, 5, 6].map(addr) as [string, string, string, string, string, string]

// S receives 100 (the theft), passes 60 to A; A also gets 140 clean, then pays 50 to B and 150 to D.
const mixing = [
  { block: 1, from: V, to: S, amount: 100 },
  { block: 2, from: S, to: A, amount: 60 },
  { block: 3, from: C, to: A, amount: 140 },
  { block: 4, from: A, to: B, amount: 50 },
  { block: 5, from: A, to: D, amount: 150 },
]

describe('taint models on a hand-built graph', () => {
  it('haircut: 50 * 60/200 = 15 to B, the remaining 45 of 150 to D', async () => {
    const r = await traceOf(mixing, { addresses: [S] }, { model: 'haircut' })
    assert.deepEqual(finals(r), { '02:eth': '40', '05:eth': '15', '06:eth': '45' })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
  })

  it('fifo: B takes the first 50 tainted, D the last 10 tainted and 140 clean', async () => {
    const r = await traceOf(mixing, { addresses: [S] }, { model: 'fifo' })
    assert.deepEqual(finals(r), { '02:eth': '40', '05:eth': '50', '06:eth': '10' })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
  })

  it('poison: every later output of a tainted address is tainted in full', async () => {
    const r = await traceOf(mixing, { addresses: [S] }, { model: 'poison' })
    assert.deepEqual(finals(r), { '02:eth': '40', '05:eth': '50', '06:eth': '150' })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '240', held: '240' })
  })

  it('poison: what an address holds after its first tainted arrival is tainted, clean later inflows included', async () => {
    // A: 60 stolen in, then 40 clean in, then 80 out. Poison: 80 tainted out, 100 - 80 = 20 tainted held.
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: A, amount: 60 },
      { block: 3, from: C, to: A, amount: 40 },
      { block: 4, from: A, to: B, amount: 80 },
    ]
    const p = await traceOf(t, { addresses: [S] }, { model: 'poison' })
    assert.deepEqual(finals(p), { '02:eth': '40', '03:eth': '20', '05:eth': '80' })
    assert.deepEqual(totalsOf(p), { stolen: '100', traced: '140', held: '140' })
    // The same graph under haircut (80 * 60/100 = 48 out, 12 kept) and FIFO (the 60 tainted leave first).
    const h = await traceOf(t, { addresses: [S] }, { model: 'haircut' })
    assert.deepEqual(finals(h), { '02:eth': '40', '03:eth': '12', '05:eth': '48' })
    const f = await traceOf(t, { addresses: [S] }, { model: 'fifo' })
    assert.deepEqual(finals(f), { '02:eth': '40', '05:eth': '60' })
  })

  it('haircut floors each share and keeps the remainder at the address', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 10 },
      { block: 2, from: S, to: A, amount: 10 },
      { block: 3, from: C, to: A, amount: 20 },
      { block: 4, from: A, to: B, amount: 7 }, // 7 * 10 / 30 = 2.33 -> 2; A keeps 8 of 23
      { block: 5, from: A, to: D, amount: 5 }, // 5 * 8 / 23 = 1.74 -> 1; A keeps 7 of 18
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut' })
    assert.deepEqual(finals(r), { '03:eth': '7', '05:eth': '2', '06:eth': '1' })
    const f = await traceOf(t, { addresses: [S] }, { model: 'fifo' })
    assert.deepEqual(finals(f), { '05:eth': '7', '06:eth': '3' })
  })

  it('funds cannot leave before they arrive: an earlier outflow is clean', async () => {
    const t = [
      { block: 1, from: S, to: A, amount: 50 },
      { block: 2, from: V, to: S, amount: 100 },
      { block: 3, from: S, to: B, amount: 30 },
    ]
    for (const model of ['haircut', 'fifo', 'poison'] as const) {
      const r = await traceOf(t, { addresses: [S] }, { model })
      assert.deepEqual(finals(r), { '02:eth': '70', '05:eth': '30' }, model)
    }
  })

  it('keeps assets apart: each is traced and totalled on its own', async () => {
    const tok = addr(0xee)
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 1, tx: 1, from: V, to: S, amount: 1000, asset: tok },
      { block: 2, from: S, to: A, amount: 40, asset: tok },
      { block: 3, from: S, to: B, amount: 10 },
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut' })
    assert.deepEqual(finals(r), { '02:eth': '90', '02:ee': '960', '03:ee': '40', '05:eth': '10' })
    assert.deepEqual(totalsOf(r, tok), { stolen: '1000', traced: '1000', held: '1000' })
  })

  it('amounts beyond 2^63 and 2^126 stay exact', async () => {
    const tok = addr(0xee)
    const t = [
      { block: 1, from: V, to: S, amount: 2n ** 200n + 1n },
      { block: 2, from: S, to: A, amount: 2n ** 199n },
      { block: 3, from: C, to: A, amount: 2n ** 199n },
      { block: 4, from: A, to: B, amount: 3n },
      { block: 5, from: V, to: S, amount: 2n ** 70n + 5n, asset: tok },
      { block: 6, from: S, to: D, amount: 2n ** 64n, asset: tok },
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut' })
    // A holds 2^199 tainted of 2^200; 3 * 2^199 / 2^200 = 1.5 -> 1 to B.
    assert.deepEqual(finals(r), {
      '02:eth': (2n ** 199n + 1n).toString(),
      '03:eth': (2n ** 199n - 1n).toString(),
      '05:eth': '1',
      '02:ee': (2n ** 70n + 5n - 2n ** 64n).toString(),
      '06:ee': (2n ** 64n).toString(),
    })
  })

  it('a seed transaction taints what it moved, once, even through an intermediate in the same transaction', async () => {
    const t = [
      { block: 1, from: V, to: A, amount: 100 },
      { block: 1, from: A, to: S, amount: 100 },
      { block: 2, from: S, to: B, amount: 60 },
    ]
    const r = await traceOf(t, { txs: [txHash(1)] }, { model: 'haircut' })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
    assert.deepEqual(finals(r), { '02:eth': '40', '05:eth': '60' })
  })

  it('backward: the seed’s receipts are followed back to where they came from', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 30 },
      { block: 2, from: C, to: S, amount: 70 },
      { block: 3, from: S, to: D, amount: 50 },
    ]
    const h = await traceOf(t, { addresses: [D] }, { model: 'haircut', direction: 'backward' })
    // Reversed time: S first "holds" the 50 it sent to D, then explains it by its latest receipt, C's 70.
    assert.deepEqual(finals(h), { '04:eth': '50' })
    const p = await traceOf(t, { addresses: [D] }, { model: 'poison', direction: 'backward' })
    assert.deepEqual(finals(p), { '01:eth': '30', '04:eth': '70' })
  })
})
