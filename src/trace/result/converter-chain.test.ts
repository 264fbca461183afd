import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { addr, txHash } from '../trace-fixture.ts'
import { finals, totalsOf, traceOf } from '../trace-test-kit.ts'
import type { TraceResult } from '../trace-types.ts'
import { explainAddress, renderExplain } from './explain.ts'

const [V, S, A, Z, R] = [1, 2, 3, 4, 5].map(addr) as [string, string, string, string, string]
const PAIR = addr(0x20)
const ROUTER = addr(0x21)
const WETH = addr(0x30)
const USDX = addr(0x40)
const E18 = 10n ** 18n

// S is seeded with 300 USDX and passes it to A, which also holds 100 clean USDX. In block 4 A sells 400 USDX for
// coin routed pair -> WETH unwrap -> router: A pays the pair, the pair pays the router 2 WETH, the router unwraps
// them (WETH -> WETH contract, coin back to the router) and pays R the 2 ETH. Calls come before logs in a
// transaction's order, so the router's payout to R is recorded before the pair is paid.
const swap = [
  { block: 1, from: V, to: S, amount: 300, asset: USDX },
  { block: 2, from: S, to: A, amount: 300, asset: USDX },
  { block: 3, from: Z, to: A, amount: 100, asset: USDX },
  { block: 4, from: WETH, to: ROUTER, amount: 2n * E18, kind: 'internal' as const, position: 'trace:0_0' },
  { block: 4, from: ROUTER, to: R, amount: 2n * E18, kind: 'internal' as const, position: 'trace:1' },
  { block: 4, from: A, to: PAIR, amount: 400, asset: USDX, position: 'log:0' },
  { block: 4, from: PAIR, to: ROUTER, amount: 2n * E18, asset: WETH, position: 'log:1' },
  { block: 4, from: ROUTER, to: WETH, amount: 2n * E18, asset: WETH, kind: 'unwrap' as const, position: 'log:2' },
]
const labels: [string, EndpointLabel][] = [
  [PAIR, { category: 'dex', name: 'USDX/WETH' }],
  [ROUTER, { category: 'dex', name: 'Router' }],
]

function conserved(r: TraceResult): void {
  for (const [asset, t] of Object.entries(r.totals)) {
    const ends = t.held + t.exchange + t.bridge + t.mixer + t.dex + t.dark + t.unfollowed
    assert.equal(ends, t.stolen + t.swappedIn, `${r.model} ${asset}`)
  }
}

const hops = (r: TraceResult) => Object.fromEntries(r.nodes.map((n) => [n.address.slice(-2), n.hop]))

describe('a swap routed through a chain of converters in one transaction', () => {
  for (const model of ['haircut', 'fifo'] as const) {
    it(`${model}: the coin paid out once, in proportion (2e18 * 300/400), and the router holds nothing`, async () => {
      const r = await traceOf(swap, { addresses: [S] }, { model, labels })
      assert.deepEqual(totalsOf(r, USDX), { stolen: '300', traced: '300', dex: '300' })
      assert.deepEqual(totalsOf(r, 'native'), {
        swappedIn: '1500000000000000000',
        traced: '1500000000000000000',
        held: '1500000000000000000',
      })
      assert.deepEqual(totalsOf(r, WETH), {})
      assert.deepEqual(finals(r), { '20:40': '300', '05:eth': '1500000000000000000' })
      assert.deepEqual(
        r.endpoints.map((e) => [e.address, e.category, e.asset, e.amount]),
        [
          [R, 'held', 'native', 1500000000000000000n],
          [PAIR, 'dex', USDX, 300n],
        ],
      )
      conserved(r)
    })
  }

  it('poison: the whole payout is tainted once; the router is no endpoint', async () => {
    const r = await traceOf(swap, { addresses: [S] }, { model: 'poison', labels })
    // A is poisoned from block 2 on: all 400 it pays the pair are tainted; the swap pays out 2e18 once.
    assert.deepEqual(totalsOf(r, USDX), { stolen: '300', traced: '400', dex: '400' })
    assert.deepEqual(totalsOf(r, 'native'), {
      swappedIn: '2000000000000000000',
      traced: '2000000000000000000',
      held: '2000000000000000000',
    })
    assert.deepEqual(totalsOf(r, WETH), {})
    assert.deepEqual(finals(r), { '20:40': '400', '05:eth': '2000000000000000000' })
    assert.equal(
      r.endpoints.find((e) => e.address === ROUTER || e.address === WETH),
      undefined,
    )
  })

  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    it(`${model}: the path runs from the seed through the swap, and has no more transfers than its hop`, async () => {
      const r = await traceOf(swap, { addresses: [S] }, { model, labels })
      // S hop 0; S -> A one hop; A -> pair two; the pair's routed payout to R three (no hop inside the swap).
      assert.deepEqual(
        Object.fromEntries(Object.entries(hops(r)).filter(([k]) => ['02', '03', '20', '05'].includes(k))),
        { '02': 0, '03': 1, '20': 2, '05': 3 },
      )
      const end = r.endpoints.find((e) => e.address === R)
      assert.ok(end)
      assert.deepEqual(
        end.path.map((p) => [p.from, p.to, p.asset, p.hop]),
        [
          [S, A, USDX, 1],
          [A, PAIR, USDX, 2],
          [ROUTER, R, 'native', 3],
        ],
      )
      const x = explainAddress(r, R)
      assert.equal(x.arrivals.length, 1)
      assert.deepEqual(
        x.arrivals[0]?.path.map((p) => [p.from, p.to]),
        [
          [S, A],
          [A, PAIR],
          [ROUTER, R],
        ],
      )
      const text = renderExplain(r, x)
      assert.ok(text.includes(', hop 3\n'), text)
      // The swap is one step: asset in at the pair, coin out of the router.
      const [usdIn, ethOut] = model === 'poison' ? ['400', '2'] : ['300', '1.5']
      const step = `0x000000…0003 -> swap at 0x000000…0020 … 0x000000…0021 -> 0x000000…0005  ${usdIn} 0x000000…0040 in, ${ethOut} ETH out  ${txHash(4)}\n`
      assert.ok(text.includes(step), text)
    })
  }

  it('hops: the swap costs two hops however it is routed (in, out), so --hops 3 reaches R and stops there', async () => {
    const r = await traceOf(swap, { addresses: [S] }, { model: 'haircut', labels, limits: { hops: 3 } })
    assert.deepEqual(totalsOf(r, 'native'), {
      swappedIn: '1500000000000000000',
      unfollowed: '1500000000000000000',
    })
    assert.deepEqual(
      r.stops.map((s) => [s.address, s.reason, s.hop]),
      [[R, 'hop-limit', 3]],
    )
    const cut = await traceOf(swap, { addresses: [S] }, { model: 'haircut', labels, limits: { hops: 2 } })
    assert.deepEqual(totalsOf(cut, USDX), { stolen: '300', unfollowed: '300' })
    assert.deepEqual(totalsOf(cut, 'native'), {})
  })
})
