import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { addr, txHash } from '../trace-fixture.ts'
import { traceOf } from '../trace-test-kit.ts'

const [V, S, A, W] = [1, 2, 3, 4].map(addr) as [string, string, string, string]
const HOT = addr(0x10)
const DEP = addr(0x11)
const BRIDGE = addr(0x50)
const USDX = addr(0x40)
const kraken = { kind: 'exchange', name: 'Kraken' }
const circle = { kind: 'issuer', name: 'Circle' }
const labels: [string, EndpointLabel][] = [
  [HOT, { category: 'exchange', name: 'Kraken' }],
  [BRIDGE, { category: 'bridge', name: 'Bridge' }],
  [USDX, { category: 'issuer-freezable', name: 'Circle' }],
]
// Block times are 1000 + block (trace-fixture).
const at = (block: number) => ({ tx: txHash(block), block: BigInt(block), time: BigInt(1000 + block) })

describe('freeze windows', () => {
  it('says when stolen tokens reached each freezable place and when the last of them left', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 500, asset: USDX },
      { block: 2, from: S, to: A, amount: 7, asset: 'native' },
      { block: 3, from: S, to: A, amount: 300, asset: USDX },
      { block: 6, from: A, to: BRIDGE, amount: 300, asset: USDX },
      { block: 7, from: S, to: DEP, amount: 200, asset: USDX },
      { block: 8, from: DEP, to: HOT, amount: 200, asset: USDX },
    ]
    for (const model of ['poison', 'haircut', 'fifo'] as const) {
      const r = await traceOf(t, { addresses: [S] }, { labels, model })
      // S held the 500 from block 1 until its last 200 left in block 7; A held 300 for three seconds before the
      // bridge took it; DEP, a deposit address of Kraken's, still holds 200. The coin (7 wei native) is nobody's to
      // freeze.
      assert.deepEqual(
        r.freezeWindows,
        [
          {
            address: S,
            asset: USDX,
            freezableBy: [circle],
            received: 500n,
            left: 500n,
            remaining: 0n,
            arrived: at(1),
            departed: at(7),
            seconds: 6,
          },
          {
            address: A,
            asset: USDX,
            freezableBy: [circle],
            received: 300n,
            left: 300n,
            remaining: 0n,
            arrived: at(3),
            departed: at(6),
            seconds: 3,
          },
          {
            address: DEP,
            asset: USDX,
            freezableBy: [kraken, circle],
            received: 200n,
            left: 0n,
            remaining: 200n,
            arrived: at(7),
            departed: null,
            seconds: null,
          },
        ],
        model,
      )
      // 500 reached freezable places; 300 left them for the bridge, 200 is still in one.
      assert.deepEqual(r.freezeTotals, { [USDX]: { reached: 500n, left: 300n, remaining: 200n } }, model)
    }
  })

  it('follows the model: under haircut a mixed balance keeps its tainted share, and the window stays open', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 500, asset: USDX },
      { block: 2, from: W, to: S, amount: 500, asset: USDX },
      { block: 3, from: S, to: A, amount: 500, asset: USDX },
      { block: 6, from: A, to: BRIDGE, amount: 500, asset: USDX },
    ]
    // The theft is the transaction of block 1 (an address seed would count every receipt of S as stolen).
    const r = await traceOf(t, { txs: [txHash(1)] }, { labels, model: 'haircut' })
    // S holds 1000 of which 500 tainted: the 500 it sends carries 250; 250 stays at S. A sends all it has.
    assert.deepEqual(
      r.freezeWindows.map((w) => [w.address, w.received, w.left, w.remaining, w.departed?.block ?? null, w.seconds]),
      [
        [S, 500n, 250n, 250n, null, null],
        [A, 250n, 250n, 0n, 6n, 3],
      ],
    )
    assert.deepEqual(r.freezeTotals, { [USDX]: { reached: 500n, left: 250n, remaining: 250n } })
  })

  it('has no windows for a backward trace', async () => {
    const t = [{ block: 1, from: V, to: S, amount: 500, asset: USDX }]
    const r = await traceOf(t, { addresses: [S] }, { labels, direction: 'backward' })
    assert.deepEqual([r.freezeWindows, r.freezeTotals], [[], {}])
  })
})

describe('freeze windows in the table', () => {
  it('prints what reached freezable places, what left, and each place with how long the funds sat there', async () => {
    const { renderTable } = await import('../render/render-table.ts')
    const { durationText } = await import('../render/freeze-window-lines.ts')
    const t = [
      { block: 1, from: V, to: S, amount: 500, asset: USDX },
      { block: 3, from: S, to: A, amount: 300, asset: USDX },
      { block: 6, from: A, to: BRIDGE, amount: 300, asset: USDX },
      { block: 7, from: S, to: DEP, amount: 200, asset: USDX },
      { block: 8, from: DEP, to: HOT, amount: 200, asset: USDX },
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels })
    const lines = renderTable(r).split('\n')
    const at = lines.indexOf('Freeze windows (where the funds could have been frozen, and for how long)')
    assert.ok(at > 0)
    // USDX has no symbol or decimals in this store: amounts are base units, named by the short token address.
    const u = '0x000000…0040'
    assert.deepEqual(lines.slice(at + 1, at + 5), [
      `  500 ${u} reached freezable places; 300 ${u} left them, 200 ${u} still there`,
      `  issuer Circle: 0x000000…0002 got 500 ${u}, arrived block 1, all gone by block 7 after 6 s`,
      `  issuer Circle: 0x000000…0003 got 300 ${u}, arrived block 3, all gone by block 6 after 3 s`,
      `  exchange Kraken or issuer Circle: 0x000000…0011 got 200 ${u}, arrived block 7, 200 ${u} still there`,
    ])
    assert.deepEqual(
      [durationText(6), durationText(3 * 3600 + 12 * 60 + 5), durationText(2 * 86_400 + 4 * 3600), durationText(0)],
      ['6 s', '3 h 12 min', '2 d 4 h', '0 s'],
    )
  })
})
