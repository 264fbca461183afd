import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { type DuckDbStore, openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { DuckDbPriceStore } from './duckdb-price-store.ts'
import { duckDbSymbolResolver, importPriceCsv } from './import-prices.ts'
import type { PriceLookup } from './price-types.ts'
import { decimalToString } from './usd.ts'

// 2025-01-01T00:00:00Z is 1735689600; 2025-02-21 is 51 days later.
const FEB20 = 1735689600n + 50n * 86400n
const FEB21 = 1735689600n + 51n * 86400n
const USDT = '0xdac17f958d2ee523a2206206994597c13d831ec7'
const USDX = '0x1111111111111111111111111111111111111111'
const TWO_DAYS = 172800n

const CSV = `# hand-written test prices, not market data
date,chain,asset,price_usd
2025-02-20,ethereum,native,2700.5
2025-02-21,ethereum,native,2739.15
2025-02-21,ethereum,0xDAC17F958D2ee523a2206206994597C13D831ec7,1.0003
2025-02-21T12:00:00Z,ethereum,native,2650
2025-02-23,ethereum,usdx,0.9998
`

function expectError(code: string, line?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof DragnetError, String(e))
    assert.equal(e.code, code, e.message)
    if (line !== undefined) assert.equal(e.details.line, line, e.message)
    return true
  }
}

const priceText = (r: PriceLookup) =>
  r.status === 'ok' ? `${decimalToString(r.point.price)} ${r.point.source} ${r.point.time}` : r.status

describe('price CSV import and priceAt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-prices-'))
  let store: DuckDbStore
  let prices: DuckDbPriceStore
  const file = (name: string, text: string) => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }

  before(async () => {
    store = await openDuckDbStore(join(dir, 'p.duckdb'))
    prices = new DuckDbPriceStore(store.connection)
    await store.putTokens([
      { chain: 'ethereum', address: USDX, symbol: 'USDX', name: 'USD X', decimals: 6, wrappedNative: false },
    ])
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('imports every row exactly, resolving a symbol through the tokens table', async () => {
    const r = await importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('daily.csv', CSV))
    assert.equal(r.source, 'csv:daily')
    assert.equal(r.rows, 5)
    assert.deepEqual(
      r.assets.map((a) => [a.asset, a.points, a.first, a.last]),
      [
        [USDX, 1, FEB21 + 2n * 86400n, FEB21 + 2n * 86400n],
        [USDT, 1, FEB21, FEB21],
        ['native', 3, FEB20, FEB21 + 43200n],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    assert.equal(await prices.count(), 5)
  })

  test('priceAt: the latest price at or before the time, inclusive, with its source and date', async () => {
    assert.equal(
      priceText(await prices.priceAt('ethereum', 'native', FEB21 - 1n, TWO_DAYS)),
      `2700.5 csv:daily ${FEB20}`,
    )
    assert.equal(priceText(await prices.priceAt('ethereum', 'native', FEB21, TWO_DAYS)), `2739.15 csv:daily ${FEB21}`)
    assert.equal(
      priceText(await prices.priceAt('ethereum', 'native', FEB21 + 43199n, TWO_DAYS)),
      `2739.15 csv:daily ${FEB21}`,
    )
    assert.equal(
      priceText(await prices.priceAt('ethereum', 'native', FEB21 + 43200n, TWO_DAYS)),
      `2650 csv:daily ${FEB21 + 43200n}`,
    )
    assert.equal(
      priceText(await prices.priceAt('ethereum', USDT, FEB21 + 3600n, TWO_DAYS)),
      `1.0003 csv:daily ${FEB21}`,
    )
    assert.equal((await prices.priceAt('ethereum', 'native', FEB20 - 1n, TWO_DAYS)).status, 'none')
    assert.equal((await prices.priceAt('base', 'native', FEB21, TWO_DAYS)).status, 'none')
  })

  test('a price older than the staleness bound is no price; exactly at the bound it still holds', async () => {
    const last = FEB21 + 43200n
    assert.equal(
      priceText(await prices.priceAt('ethereum', 'native', last + TWO_DAYS, TWO_DAYS)),
      `2650 csv:daily ${last}`,
    )
    const stale = await prices.priceAt('ethereum', 'native', last + TWO_DAYS + 1n, TWO_DAYS)
    assert.equal(stale.status, 'stale')
    assert.equal(stale.status === 'stale' && decimalToString(stale.latest.price), '2650')
  })

  test('the in-memory series gives the same answers as the store', async () => {
    const { lookupPrice } = await import('./price-lookup.ts')
    const series = (await prices.series('ethereum', ['native'])).get('native') ?? []
    assert.equal(series.length, 3)
    for (const t of [FEB20 - 1n, FEB20, FEB21 - 1n, FEB21, FEB21 + 43200n, FEB21 + 43200n + TWO_DAYS + 1n]) {
      assert.deepEqual(lookupPrice(series, t, TWO_DAYS), await prices.priceAt('ethereum', 'native', t, TWO_DAYS))
    }
  })

  test('re-importing a file replaces its days, and another file is a separate source', async () => {
    const again = `date,chain,asset,price_usd\n2025-02-21,ethereum,native,2740\n`
    await importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('daily.csv', again))
    assert.equal(await prices.count(), 5)
    assert.equal(priceText(await prices.priceAt('ethereum', 'native', FEB21 + 1n, TWO_DAYS)), `2740 csv:daily ${FEB21}`)
    const other = `price_usd,asset,chain,date\n2741,native,ethereum,2025-02-21\n`
    await importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('other.csv', other))
    assert.equal(await prices.count(), 6)
    // Same time, two CSV sources: the one whose name sorts first.
    assert.equal(priceText(await prices.priceAt('ethereum', 'native', FEB21 + 1n, TWO_DAYS)), `2740 csv:daily ${FEB21}`)
  })

  test('a malformed row fails with PRICES_MALFORMED naming its line, and nothing is stored', async () => {
    const before = await prices.count()
    const cases: [string, number][] = [
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,2800\n2025-02-30,ethereum,native,1\n', 3],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,2800\n\n2025-03-02,ethereum,native,1e3\n', 4],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,"2,800.00"\n', 2],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,0\n', 2],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,-5\n', 2],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,0x12,5\n', 2],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,0.1234567890123456789\n', 2],
      ['2025-03-01,ethereum,native,5\n', 1],
      ['date,chain,price_usd\n', 1],
      ['date,chain,asset,price_usd\n2025-03-01,ethereum,native,2,800.00\n', 2],
    ]
    for (const [text, line] of cases) {
      await assert.rejects(
        importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('bad.csv', text)),
        expectError('PRICES_MALFORMED', line),
        text,
      )
    }
    assert.equal(await prices.count(), before)
  })

  test('a symbol the store does not know, or knows twice, fails with PRICES_UNKNOWN_ASSET', async () => {
    const before = await prices.count()
    const text = 'date,chain,asset,price_usd\n2025-03-01,ethereum,native,2800\n2025-03-01,ethereum,ETH,2800\n'
    await assert.rejects(
      importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('eth.csv', text)),
      expectError('PRICES_UNKNOWN_ASSET', 3),
    )
    await store.putTokens([
      { chain: 'ethereum', address: USDT, symbol: 'usdx', name: 'fake', decimals: 6, wrappedNative: false },
    ])
    await assert.rejects(
      importPriceCsv(prices, duckDbSymbolResolver(store.connection), file('x.csv', CSV)),
      (e: unknown) => {
        assert.ok(e instanceof DragnetError)
        assert.equal(e.code, 'PRICES_UNKNOWN_ASSET')
        assert.equal(e.details.line, 7)
        assert.deepEqual(e.details.candidates, [USDX, USDT].sort())
        return true
      },
    )
    assert.equal(await prices.count(), before)
  })

  test('a missing file is FILE_NOT_FOUND', async () => {
    await assert.rejects(
      importPriceCsv(prices, duckDbSymbolResolver(store.connection), join(dir, 'nope.csv')),
      expectError('FILE_NOT_FOUND'),
    )
  })
})
