import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addr, storeWith } from '../src/trace/trace-fixture.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-trace-usd-'))
const db = join(dir, 'priced.duckdb')
const bare = join(dir, 'bare.duckdb')
const labels = join(dir, 'labels.csv')
const [V, S, A, HOT] = [1, 2, 3, 0x10].map(addr) as [string, string, string, string]
const E18 = 10n ** 18n
// block_time = 1000 + block. Hand-written prices, not market data: 2000 from t 1000, 2400.5 from t 1005.
const PRICES = `date,chain,asset,price_usd
1970-01-01T00:16:40Z,ethereum,native,2000
1970-01-01T00:16:45Z,ethereum,native,2400.5
`
const NOW = '1970-01-01T00:18:20Z'

describe('dragnet trace with USD values', () => {
  before(async () => {
    const transfers = [
      { block: 1, from: V, to: S, amount: 3n * E18 },
      { block: 5, from: S, to: HOT, amount: 2n * E18 },
      { block: 10, from: S, to: A, amount: E18 },
    ]
    for (const path of [db, bare]) await (await storeWith(transfers, path)).close()
    writeFileSync(labels, `address,category,name\n${HOT},exchange,Kraken\n`)
    writeFileSync(join(dir, 'prices.csv'), PRICES)
    const r = await runCli(['prices', 'import', join(dir, 'prices.csv'), '--db', db])
    assert.equal(r.code, 0, r.stderr)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const trace = (store: string, ...extra: string[]) =>
    runCli(['trace', '--seed', S, '--db', store, '--labels', labels, '--now', NOW, ...extra])

  it('JSON carries a usd block when the store has prices; the exact totals are unchanged', async () => {
    const r = await trace(db, '--json')
    assert.equal(r.code, 0, r.stderr)
    const j = JSON.parse(r.stdout)
    assert.equal(j.totals.native.exchange, (2n * E18).toString())
    assert.equal(j.usd.format, 'dragnet.usd/1')
    assert.equal(j.usd.seedTime.time, '1001')
    // Stolen: 3 ETH at 2000 (t 1001). Now (t 1100): 2 ETH at exchanges and 1 held at 2400.5.
    assert.equal(j.usd.totals.native.stolenAtSeed.usd, '6000')
    assert.equal(j.usd.totals.native.now.exchange.usd, '4801')
    assert.equal(j.usd.totals.native.now.held.usd, '2400.5')
    assert.equal(j.usd.sums.now.traced.usd, '7201.5')
    const hot = j.usd.endpoints.find((e: { address: string }) => e.address === HOT)
    assert.equal(hot.atArrival.usd, '4801')
    assert.equal(hot.atArrival.price.source, 'csv:prices')
    assert.equal(hot.atArrival.price.date, '1970-01-01T00:16:45Z')
    assert.deepEqual(j.usd.sources, ['csv:prices'])
  })

  it('the table adds a USD section and a note under each endpoint', async () => {
    const r = await trace(db)
    assert.equal(r.code, 0, r.stderr)
    assert.match(
      r.stdout,
      /\nUSD \(now = 1970-01-01T00:18:20Z; prices at most 2d old; .*rounded half away from zero to cents\)\n/,
    )
    assert.match(r.stdout, /\n {2}ETH +\$6,000\.00 +\$7,201\.50 +\$7,201\.50 +\$2,400\.50 +\$4,801\.00\n/)
    assert.match(
      r.stdout,
      /usd: \$4,801\.00 at arrival \(2400\.5 USD\/ETH, csv:prices, 1970-01-01T00:16:45Z\); \$4,801\.00 now/,
    )
  })

  it('a backward trace names its USD columns as its totals do', async () => {
    const r = await runCli([
      'trace',
      '--seed',
      A,
      '--direction',
      'backward',
      '--db',
      db,
      '--labels',
      labels,
      '--now',
      NOW,
    ])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /\n {2}asset +traced back at 1970-01-01T00:16:41Z +traced back now/)
  })

  it('the edge CSV adds each transfer at its own time, with the price used', async () => {
    const r = await trace(db, '--format', 'csv')
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trim().split('\n')
    assert.equal(
      lines[0],
      'from,to,asset,symbol,amount,tainted,tx,block,time,position,tainted_usd,usd_per_unit,price_source,price_time',
    )
    // 3 ETH into S at t 1001 (2000), 2 ETH to Kraken at t 1005 (2400.5), 1 ETH to A at t 1010 (2400.5).
    assert.deepEqual(
      lines.slice(1).map((l) => {
        const c = l.split(',')
        return [c[1], c.slice(10).join(',')]
      }),
      [
        [S, '6000,2000,csv:prices,1000'],
        [HOT, '4801,2400.5,csv:prices,1005'],
        [A, '2400.5,2400.5,csv:prices,1005'],
      ],
    )
  })

  it('without prices, or with --usd never, nothing about USD; --usd always without prices is an error', async () => {
    const plain = await trace(bare, '--json')
    assert.equal(plain.code, 0, plain.stderr)
    assert.equal(JSON.parse(plain.stdout).usd, undefined)
    const table = await trace(bare)
    assert.doesNotMatch(table.stdout, /USD/)
    const off = await trace(db, '--json', '--usd', 'never')
    assert.equal(JSON.parse(off.stdout).usd, undefined)
    const forced = await trace(bare, '--json', '--usd', 'always')
    assert.equal(forced.code, 2)
    assert.equal(errorOf(forced).code, 'INVALID_ARGUMENT')
  })
})
