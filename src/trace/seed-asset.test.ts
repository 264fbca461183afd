import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addr, txHash } from './trace-fixture.ts'
import { finals, totalsOf, traceOf } from './trace-test-kit.ts'

const [V, S, A, B] = [1, 2, 3, 4].map(addr) as [string, string, string, string]
const TOK = addr(0xee)
const UNSEEN = addr(0x77)
// S receives 100 of the coin and 1000 TOK; sends 40 TOK to A and 10 of the coin to B.
const t = [
  { block: 1, from: V, to: S, amount: 100 },
  { block: 1, tx: 1, from: V, to: S, amount: 1000, asset: TOK },
  { block: 2, from: S, to: A, amount: 40, asset: TOK },
  { block: 3, from: S, to: B, amount: 10 },
]

describe('--asset: seed only one asset', () => {
  it('a token seeds that token only', async () => {
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut', asset: TOK })
    assert.equal(r.empty, null)
    assert.deepEqual(finals(r), { '02:ee': '960', '03:ee': '40' })
    assert.deepEqual(totalsOf(r, TOK), { stolen: '1000', traced: '1000', held: '1000' })
    assert.deepEqual(totalsOf(r, 'native'), {})
  })

  it('native seeds the coin only', async () => {
    const r = await traceOf(t, { addresses: [S] }, { model: 'fifo', asset: 'native' })
    assert.deepEqual(finals(r), { '02:eth': '90', '04:eth': '10' })
    assert.deepEqual(totalsOf(r, TOK), {})
  })

  it('a token the store has never seen gives an empty result that says so, not a trace of the coin', async () => {
    for (const model of ['poison', 'haircut', 'fifo'] as const) {
      const r = await traceOf(t, { addresses: [S] }, { model, asset: UNSEEN })
      assert.equal(r.empty, `asset ${UNSEEN} has no transfers on ethereum`, model)
      assert.deepEqual(r.totals, {}, model)
      assert.deepEqual(r.endpoints, [], model)
    }
  })

  it('an address that is not an asset of the seeds finds nothing in that asset', async () => {
    const r = await traceOf(t, { addresses: [S] }, { asset: A })
    assert.equal(r.empty, `seed ${S} received and sent nothing (in asset ${A}) on ethereum`)
    const tx = await traceOf(t, { txs: [txHash(1)] }, { asset: TOK })
    assert.equal(tx.empty, `the seeds moved nothing (in asset ${TOK}) on ethereum`)
  })
})
