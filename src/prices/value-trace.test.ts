import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { MapEndpointLabels } from '../labels/endpoint-labels.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { runTrace } from '../trace/run-trace.ts'
import { addr, storeWith } from '../trace/trace-fixture.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TraceResult } from '../trace/trace-types.ts'
import { DuckDbPriceStore } from './duckdb-price-store.ts'
import type { PricePoint } from './price-types.ts'
import { endpointUsdNote, usdTotalsLines } from './render-usd.ts'
import { hasPrices, valueTrace } from './value-trace.ts'

const [V, S, A, Z] = [1, 2, 3, 4].map(addr) as [string, string, string, string]
const HOT = addr(0x10)
const USDX = addr(0x40)
const FEED = addr(0x99)
const E18 = 10n ** 18n

const point = (asset: string, time: bigint, units: bigint, scale: number, chainlink = false): PricePoint => ({
  chain: 'ethereum',
  asset,
  time,
  price: { units, scale },
  source: chainlink ? `chainlink:${FEED}` : 'csv:test',
  kind: chainlink ? 'chainlink' : 'csv',
  symbol: null,
  roundId: chainlink ? '7' : null,
  block: null,
})

// Transfers at block_time = 1000 + block: S receives 3 ETH and 500 USDX, then pays 500 USDX to Z (t 1003),
// 2 ETH to Kraken's hot wallet (t 1005) and 1 ETH to A (t 1010).
const TRANSFERS = [
  { block: 1, from: V, to: S, amount: 3n * E18 },
  { block: 2, from: V, to: S, amount: 500_000_000n, asset: USDX },
  { block: 3, from: S, to: Z, amount: 500_000_000n, asset: USDX },
  { block: 5, from: S, to: HOT, amount: 2n * E18 },
  { block: 10, from: S, to: A, amount: E18 },
]

describe('valueTrace: a trace result in USD', () => {
  let store: DuckDbStore
  let prices: DuckDbPriceStore
  let result: TraceResult

  before(async () => {
    store = await storeWith(TRANSFERS)
    await store.putTokens([
      { chain: 'ethereum', address: USDX, symbol: 'USDX', name: 'USD X', decimals: 6, wrappedNative: false },
    ])
    const request = traceRequest('ethereum', { addresses: [S], txs: [] }, { model: 'haircut' })
    result = await runTrace(store, request, new MapEndpointLabels([[HOT, { category: 'exchange', name: 'Kraken' }]]))
    prices = new DuckDbPriceStore(store.connection)
  })
  after(async () => {
    await store.close()
  })

  test('no prices: hasPrices is false', async () => {
    assert.equal(await hasPrices(prices, result), false)
  })

  test('each total now, stolen at the first traced transfer, each endpoint at its arrival, exactly', async () => {
    await prices.put([
      point('native', 1000n, 2000n, 0),
      point('native', 1005n, 240_012_345_678n, 8, true),
      point('native', 1008n, 2500n, 0),
      point(USDX, 1000n, 10001n, 4),
    ])
    assert.equal(await hasPrices(prices, result), true)
    const usd = await valueTrace(prices, result, { now: 1110n })
    // The first traced transfer is V -> S at t 1001, where the seeded taint arrived.
    assert.equal(usd.seedTime?.time, 1001n)
    // 3 ETH at 2000 (the price of t 1000 holds at 1001) and 500 USDX at 1.0001.
    assert.equal(usd.totals.native?.stolenAtSeed.usd, '6000')
    assert.equal(usd.totals[USDX]?.stolenAtSeed.usd, '500.05')
    assert.deepEqual(usd.sums.stolenAtSeed, {
      usd: '6500.05',
      display: '$6,500.05',
      valued: 2,
      unvalued: 0,
      complete: true,
    })
    // Now (t 1110): ETH at 2500 (t 1008), USDX still 1.0001.
    const now = usd.totals.native?.now
    assert.deepEqual([now?.traced?.usd, now?.exchange?.usd, now?.held?.usd], ['7500', '5000', '2500'])
    assert.equal(now?.exchange?.usd !== null && now?.exchange?.price.source, 'csv:test')
    assert.equal(usd.sums.now.held?.usd, '3000.05')
    assert.equal(usd.sums.now.traced?.usd, '8000.05')
    const byAddress = Object.fromEntries(usd.endpoints.map((e) => [e.address, e]))
    // Kraken received 2 ETH at t 1005, when the Chainlink answer 2400.12345678 was set: 4800.24691356.
    const hot = byAddress[HOT]?.atArrival
    assert.equal(hot?.usd, '4800.24691356')
    assert.equal(hot?.usd !== null && hot?.display, '$4,800.25')
    assert.equal(hot?.usd !== null && hot?.price.source, `chainlink:${FEED}`)
    assert.equal(byAddress[A]?.atArrival.usd, '2500')
    assert.equal(byAddress[Z]?.atArrival.usd, '500.05')
    assert.equal(usd.sums.atArrival.exchange?.usd, '4800.24691356')
    assert.equal(usd.sums.atArrival.held?.usd, '3000.05')
    assert.deepEqual(usd.sources, [`chainlink:${FEED}`, 'csv:test'])
    // Each listed transfer at its own time: V -> S 3 ETH at t 1001 (2000), S -> Kraken 2 ETH at t 1005 (Chainlink
    // 2400.12345678), S -> A 1 ETH at t 1010 (2500), and the USDX transfers at 1.0001.
    assert.deepEqual(
      usd.edges.map((e, i) => [result.edges[i]?.to, e.tainted.usd]),
      [
        [S, '6000'],
        [S, '500.05'],
        [Z, '500.05'],
        [HOT, '4800.24691356'],
        [A, '2500'],
      ],
    )
    // The exact totals are untouched.
    assert.equal(result.totals.native?.exchange, 2n * E18)
  })

  test('a price older than the bound gives no value, and the sums say they are incomplete', async () => {
    // Now 1110: ETH's price of t 1008 is 102 s old (kept), USDX's of t 1000 is 110 s old (stale).
    const usd = await valueTrace(prices, result, { now: 1110n, maxAgeSeconds: 105n })
    assert.equal(usd.totals.native?.now.held?.usd, '2500')
    const stale = usd.totals[USDX]?.now.held
    assert.equal(stale?.usd, null)
    assert.equal(stale?.usd === null && stale.missing, 'stale')
    assert.equal(stale?.usd === null && stale.latest?.usdPerUnit, '1.0001')
    assert.deepEqual(usd.sums.now.held, { usd: '2500', display: '$2,500.00', valued: 1, unvalued: 1, complete: false })
  })

  test('the table section: USD per asset and across assets, with the prices used', async () => {
    const usd = await valueTrace(prices, result, { now: 1110n })
    const lines = usdTotalsLines(result, usd)
    const cells = (prefix: string) =>
      (lines.find((l) => l.trimStart().startsWith(`${prefix} `)) ?? '').trim().split(/\s{2,}/)
    assert.match(
      lines[0] ?? '',
      /^USD \(now = 1970-01-01T00:18:30Z; prices at most 2d old; .*rounded half away from zero to cents\)$/,
    )
    assert.deepEqual(cells('asset'), [
      'asset',
      'stolen at 1970-01-01T00:16:41Z',
      'stolen now',
      'traced now',
      'held now',
      'at exchanges now',
    ])
    assert.deepEqual(cells('ETH'), ['ETH', '$6,000.00', '$7,500.00', '$7,500.00', '$2,500.00', '$5,000.00'])
    assert.deepEqual(cells('USDX'), ['USDX', '$500.05', '$500.05', '$500.05', '$500.05', '-'])
    assert.deepEqual(cells('all'), ['all', '$6,500.05', '$8,000.05', '$8,000.05', '$3,000.05', '$5,000.00'])
    assert.equal(
      lines.at(-1),
      '  prices: ETH 2500 USD (csv:test, 1970-01-01T00:16:48Z); USDX 1.0001 USD (csv:test, 1970-01-01T00:16:40Z)',
    )
    const hot = usd.endpoints.find((e) => e.address === HOT)
    assert.ok(hot)
    assert.equal(
      endpointUsdNote(result, hot),
      `usd: $4,800.25 at arrival (2400.12345678 USD/ETH, chainlink:${FEED}, 1970-01-01T00:16:45Z); $5,000.00 now`,
    )
  })
})
