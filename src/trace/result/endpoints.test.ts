import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { addr, txHash } from '../trace-fixture.ts'
import { finals, totalsOf, traceOf } from '../trace-test-kit.ts'

const [V, S, A, R, Z] = [1, 2, 3, 4, 5].map(addr) as [string, string, string, string, string]
const HOT = addr(0x10)
const DEP = addr(0x11)
const PAIR = addr(0x20)
const WETH = addr(0x30)
const USDX = addr(0x40)
const BRIDGE = addr(0x50)
const MIXER = addr(0x60)
const E18 = 10n ** 18n

describe('endpoints', () => {
  it('an unlabelled address that sweeps to a labelled hot wallet is the exchange’s deposit address', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: DEP, amount: 70 },
      { block: 3, from: DEP, to: HOT, amount: 70 },
      { block: 4, from: S, to: A, amount: 30 },
      { block: 5, from: A, to: HOT, amount: 10 },
      { block: 6, from: A, to: Z, amount: 20 },
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels: [[HOT, { category: 'exchange', name: 'Kraken' }]] })
    const dep = r.endpoints.find((e) => e.address === DEP)
    assert.ok(dep)
    assert.equal(dep.category, 'exchange')
    assert.equal(dep.depositAddress, true)
    assert.equal(dep.name, 'Kraken')
    assert.deepEqual(dep.freezableBy, [{ kind: 'exchange', name: 'Kraken' }])
    assert.equal(dep.amount, 70n)
    assert.deepEqual(dep.firstArrival, { tx: txHash(2), block: 2n, time: 1002n })
    assert.deepEqual(dep.txs, [txHash(2)])
    assert.deepEqual(
      dep.path.map((p) => [p.from, p.to, p.tainted]),
      [[S, DEP, 70n]],
    )
    // A also pays someone else, so it is not a deposit address; its 10 to the hot wallet is at the exchange.
    assert.equal(r.stops.find((s) => s.address === DEP)?.reason, 'deposit-address')
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '20', exchange: '80' })
    assert.equal(r.nodes.find((n) => n.address === HOT)?.category, 'exchange')
  })

  it('a wallet paying into a disclosed deposit address is a customer: the deposit address is the endpoint', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      // S pays everything into the exchange's disclosed deposit address; that alone must not make S a deposit address.
      { block: 2, from: S, to: DEP, amount: 100 },
      { block: 3, from: DEP, to: HOT, amount: 100 },
    ]
    const labels: [string, EndpointLabel][] = [
      [HOT, { category: 'exchange', name: 'Kraken' }],
      [DEP, { category: 'exchange-deposit', name: 'Kraken' }],
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels })
    assert.deepEqual(
      r.endpoints.map((e) => [e.address, e.category, e.depositAddress, e.freezableBy, e.amount]),
      [[DEP, 'exchange', false, [{ kind: 'exchange', name: 'Kraken' }], 100n]],
    )
    assert.equal(
      r.stops.find((s) => s.address === S),
      undefined,
    )
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', exchange: '100' })
  })

  it('a DEX pair converts taint to the asset it paid out in the same transaction, in proportion', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 300, asset: USDX },
      { block: 2, from: S, to: A, amount: 300, asset: USDX },
      { block: 3, from: Z, to: A, amount: 100, asset: USDX },
      // A swaps 400 USDX (300 tainted) for 2 WETH sent to R; the pair pays out first, as a V3 pool does.
      { block: 4, from: PAIR, to: R, amount: 2n * E18, asset: WETH },
      { block: 4, from: A, to: PAIR, amount: 400, asset: USDX },
      // A clean swap in the same pair later carries no taint.
      { block: 5, from: Z, to: PAIR, amount: 100, asset: USDX },
      { block: 5, from: PAIR, to: Z, amount: E18 / 2n, asset: WETH },
    ]
    const labels: [string, EndpointLabel][] = [[PAIR, { category: 'dex', name: 'USDX/WETH' }]]
    const r = await traceOf(t, { addresses: [S] }, { model: 'haircut', labels })
    assert.deepEqual(totalsOf(r, USDX), { stolen: '300', traced: '300', dex: '300' })
    // 2e18 * 300 / 400 = 1.5e18
    assert.deepEqual(totalsOf(r, WETH), {
      swappedIn: '1500000000000000000',
      traced: '1500000000000000000',
      held: '1500000000000000000',
    })
    assert.deepEqual(finals(r), { '04:30': '1500000000000000000', '20:40': '300' })
    const p = await traceOf(t, { addresses: [S] }, { model: 'poison', labels })
    assert.equal(
      p.nodes.find((n) => n.address === Z),
      undefined,
    )
  })

  it('WETH wraps and unwraps carry taint between the coin and the token', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 10 },
      { block: 2, from: S, to: WETH, amount: 10, position: 'trace:' },
      { block: 2, from: WETH, to: S, amount: 10, asset: WETH, kind: 'wrap' as const, position: 'log:0' },
      { block: 3, from: S, to: A, amount: 10, asset: WETH },
      { block: 4, from: A, to: WETH, amount: 4, asset: WETH, kind: 'unwrap' as const, position: 'log:0' },
      { block: 4, from: WETH, to: A, amount: 4, position: 'trace:0', kind: 'internal' as const },
    ]
    const r = await traceOf(t, { addresses: [S] }, { model: 'fifo' })
    assert.deepEqual(finals(r), { '03:30': '6', '03:eth': '4', '30:eth': '10', '30:30': '4' })
    assert.deepEqual(totalsOf(r), { stolen: '10', swappedIn: '4', traced: '14', held: '4', dex: '10' })
    assert.deepEqual(totalsOf(r, WETH), { swappedIn: '10', traced: '10', held: '6', dex: '4' })
  })

  it('bridges, mixers, burns and issuer-freezable balances each get their category', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 1, tx: 1, from: V, to: S, amount: 500, asset: USDX },
      { block: 2, from: S, to: BRIDGE, amount: 30 },
      { block: 3, from: S, to: MIXER, amount: 20 },
      { block: 4, from: S, to: addr(0), amount: 5 },
      { block: 5, from: S, to: A, amount: 200, asset: USDX },
    ]
    const labels: [string, EndpointLabel][] = [
      [BRIDGE, { category: 'bridge', name: 'Wormhole' }],
      [MIXER, { category: 'mixer', name: 'Tornado' }],
      [USDX, { category: 'issuer-freezable', name: 'Circle' }],
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '45', bridge: '30', mixer: '20', dark: '5' })
    assert.deepEqual(totalsOf(r, USDX), { stolen: '500', traced: '500', held: '500', issuerFreezable: '500' })
    const frozen = r.endpoints
      .filter((e) => e.freezableBy.some((f) => f.kind === 'issuer' && f.name === 'Circle'))
      .map((e) => [e.address, e.amount])
    assert.deepEqual(frozen, [
      [S, 300n],
      [A, 200n],
    ])
    assert.equal(r.assets[USDX]?.issuerFreezable, true)
  })

  it('a contract that never sends anything is dark', async () => {
    const K = addr(0x70)
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 2, from: S, to: K, amount: 7 },
    ]
    const r = await traceOf(t, { addresses: [S] }, {}, async (store) => {
      await store.connection.run(
        "INSERT INTO receipts (chain, transaction_hash, block_number, contract_address) VALUES ('ethereum', '0x01', 0, $1)",
        [K],
      )
    })
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '93', dark: '7' })
    assert.equal(r.stops.find((s) => s.address === K)?.reason, 'dark')
  })
})

describe('freezable by whom', () => {
  it('lists everyone who can freeze, and issuer-freezable counts every holder’s balance of the token', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 500, asset: USDX },
      { block: 2, from: S, to: DEP, amount: 200, asset: USDX },
      { block: 3, from: DEP, to: HOT, amount: 200, asset: USDX },
      { block: 4, from: S, to: HOT, amount: 100, asset: USDX },
      { block: 5, from: S, to: A, amount: 150, asset: USDX },
    ]
    const labels: [string, EndpointLabel][] = [
      [HOT, { category: 'exchange', name: 'Kraken' }],
      [USDX, { category: 'issuer-freezable', name: 'Circle' }],
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels })
    const kraken = { kind: 'exchange', name: 'Kraken' }
    const circle = { kind: 'issuer', name: 'Circle' }
    // DEP sweeps to Kraken's hot wallet: one customer's deposit address, frozen by Kraken or by the issuer. The hot
    // wallet holds every customer's funds: Kraken freezes the account, the issuer is not asked to freeze Kraken.
    assert.deepEqual(
      r.endpoints.map((e) => [e.address, e.category, e.amount, e.freezableBy]),
      [
        [DEP, 'exchange', 200n, [kraken, circle]],
        [HOT, 'exchange', 100n, [kraken]],
        [A, 'held', 150n, [circle]],
        [S, 'held', 50n, [circle]],
      ],
    )
    // 200 at DEP + 150 at A + 50 at S; the 100 at the hot wallet is at the exchange only.
    assert.deepEqual(totalsOf(r, USDX), {
      stolen: '500',
      traced: '500',
      held: '200',
      exchange: '300',
      issuerFreezable: '400',
    })
  })

  it('a disclosed deposit address holding the token is freezable by the exchange and the issuer', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 80, asset: USDX },
      { block: 2, from: S, to: DEP, amount: 80, asset: USDX },
    ]
    const labels: [string, EndpointLabel][] = [
      [DEP, { category: 'exchange-deposit', name: 'Kraken' }],
      [USDX, { category: 'issuer-freezable', name: 'Circle' }],
    ]
    const r = await traceOf(t, { addresses: [S] }, { labels })
    assert.deepEqual(r.endpoints[0]?.freezableBy, [
      { kind: 'exchange', name: 'Kraken' },
      { kind: 'issuer', name: 'Circle' },
    ])
    assert.equal(r.totals[USDX]?.issuerFreezable, 80n)
  })
})

describe('a minimum for one asset', () => {
  it('--min 50 of USDX stops USDX transfers below 50 and follows native ones of any size', async () => {
    const t = [
      { block: 1, from: V, to: S, amount: 100 },
      { block: 1, tx: 1, from: V, to: S, amount: 100, asset: USDX },
      { block: 2, from: S, to: A, amount: 10 },
      { block: 3, from: S, to: R, amount: 10, asset: USDX },
      { block: 4, from: S, to: Z, amount: 90, asset: USDX },
    ]
    const r = await traceOf(t, { addresses: [S] }, { limits: { minAmount: 50n, minAsset: USDX } })
    assert.equal(r.stops.find((s) => s.address === R)?.reason, 'dust')
    // A was followed (it just sends nothing on), not stopped as dust.
    assert.equal(r.stops.find((s) => s.address === A)?.reason, 'no-outgoing')
    // Native: 90 held at S, 10 at A (followed, holds it). USDX: 90 at Z (followed), 10 at R unfollowed as dust.
    assert.deepEqual(totalsOf(r), { stolen: '100', traced: '100', held: '100' })
    assert.deepEqual(totalsOf(r, USDX), { stolen: '100', traced: '90', held: '90', unfollowed: '10' })
  })
})
