import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr } from './trace-fixture.ts'
import { finals, totalsOf, traceOf } from './trace-test-kit.ts'

const [V, S, A, B, C, E] = [1, 2, 3, 4, 5, 6].map(addr) as [string, string, string, string, string, string]
const chain = [
  { block: 1, from: V, to: S, amount: 100 },
  { block: 2, from: S, to: A, amount: 100 },
  { block: 3, from: A, to: B, amount: 100 },
  { block: 4, from: B, to: C, amount: 100 },
]

describe('limits', () => {
  it('hops: addresses reached at the limit keep their taint, reported as unfollowed at hop-limit', async () => {
    const r = await traceOf(chain, { addresses: [S] }, { limits: { hops: 2 } })
    assert.deepEqual(finals(r), { '04:eth': '100' })
    assert.deepEqual(totalsOf(r), { stolen: '100', unfollowed: '100' })
    assert.deepEqual(r.stops, [{ address: B, reason: 'hop-limit', hop: 2 }])
    const all = await traceOf(chain, { addresses: [S] }, { limits: { hops: 3 } })
    assert.deepEqual(finals(all), { '05:eth': '100' })
  })

  it('dust: transfers below the minimum are not followed; their recipient is reported with reason dust', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: E, amount: 3 },
      { block: 3, from: S, to: A, amount: 97 },
      { block: 4, from: A, to: B, amount: 97 },
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'fifo', limits: { minAmount: 10n } })
    assert.deepEqual(finals(r), { '04:eth': '97', '06:eth': '3' })
    assert.equal(r.stops.find((s) => s.address === E)?.reason, 'dust')
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '97', held: '97', unfollowed: '3' })
  })

  it('max addresses: beyond the cap, addresses are reported with reason max-addresses', async () => {
    const r = await traceOf(chain, { addresses: [S] }, { limits: { maxAddresses: 1 } })
    assert.deepEqual(r.stops, [{ address: A, reason: 'max-addresses', hop: 1 }])
    assert.deepEqual(totalsOf(r), { stolen: '100', unfollowed: '100' })
  })

  it('block window: transfers before the start block are not read', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 5, from: V, to: S, amount: 50 },
      { block: 6, from: S, to: A, amount: 120 },
      { block: 9, from: A, to: B, amount: 120 },
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut', limits: { fromBlock: 3n, toBlock: 8n } })
    // S's 100 from block 1 is a balance from before the window: clean. 120 * 50 / 120 = 50 tainted to A.
    assert.deepEqual(finals(r), { '03:eth': '50' })
    assert.deepEqual(totalsOf(r), { stolen: '50', traced: '50', held: '50' })
  })

  it('an unknown seed, or one with nothing in the window, gives an empty result that says why', async () => {
    const unknown = await traceOf(chain, { addresses: [addr(0x99)] })
    assert.equal(unknown.empty, `seed ${addr(0x99)} has no transfers on ethereum`)
    assert.deepEqual(unknown.endpoints, [])
    const late = await traceOf(chain, { addresses: [S] }, { limits: { fromBlock: 3n } })
    // S received nothing from block 3 on and sent nothing then either (its outflow is at block 2).
    assert.equal(late.empty, `seed ${S} received and sent nothing (from block 3) on ethereum`)
    const tx = await traceOf(chain, { txs: [`0x${'ab'.repeat(32)}`] })
    assert.equal(tx.empty, `seed transaction 0x${'ab'.repeat(32)} moved nothing on ethereum`)
  })

  it('limits out of range and malformed seeds fail with stable codes', async () => {
    await assert.rejects(traceOf(chain, { addresses: [S] }, { limits: { hops: 0 } }), { code: 'INVALID_ARGUMENT' })
    await assert.rejects(traceOf(chain, { addresses: [S] }, { limits: { maxAddresses: 0 } }), {
      code: 'INVALID_ARGUMENT',
    })
    await assert.rejects(traceOf(chain, { addresses: [S] }, { limits: { fromBlock: 5n, toBlock: 2n } }), {
      code: 'INVALID_RANGE',
    })
    await assert.rejects(traceOf(chain, { addresses: ['0x12'] }), { code: 'INVALID_ADDRESS' })
    await assert.rejects(traceOf(chain, { txs: ['0xzz'] }), { code: 'INVALID_HASH' })
  })
})
