import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { errorOf, runCli } from './support/run-cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-prices-cli-'))
const db = join(dir, 'p.duckdb')
after(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

// Hand-written prices for the test, not market data.
const GOOD = `date,chain,asset,price_usd
2025-02-20,ethereum,native,2700.5
2025-02-21,ethereum,native,2739.15
`

describe('dragnet prices', () => {
  test('import prints what it stored; show lists the series', async () => {
    const run = await runCli(['prices', 'import', file('daily.csv', GOOD), '--db', db])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(
      run.stdout,
      `csv:daily: 2 price rows from ${join(dir, 'daily.csv')}\n  ethereum native: 2 rows, 2025-02-20T00:00:00Z .. 2025-02-21T00:00:00Z\n`,
    )
    const show = await runCli(['prices', 'show', '--db', db, '--json'])
    assert.deepEqual(JSON.parse(show.stdout).series, [
      {
        chain: 'ethereum',
        asset: 'native',
        symbol: null,
        source: 'csv:daily',
        kind: 'csv',
        points: 2,
        first: '1740009600',
        last: '1740096000',
      },
    ])
  })

  test('value: exact and rounded, with the price, its date and source', async () => {
    const run = await runCli(
      ['prices', 'value', '--asset', 'native', '--amount', '1.5', '--at', '2025-02-21T14:00:00Z'].concat(['--db', db]),
    )
    assert.equal(run.code, 0, run.stderr)
    // 1.5 x 2739.15 = 4108.725, shown rounded half away from zero.
    assert.equal(
      run.stdout,
      '$4,108.73 (exact 4108.725 USD) at 2025-02-21T14:00:00Z; price 2739.15 USD from csv:daily at 2025-02-21T00:00:00Z\n',
    )
    const wei = await runCli(
      ['prices', 'value', '--asset', 'native', '--amount', '1', '--base-units', '--at', '2025-02-20'].concat([
        '--db',
        db,
        '--json',
      ]),
    )
    assert.equal(JSON.parse(wei.stdout).usd, '0.0000000000000027005')
  })

  test('value past the staleness bound: no price, and the price it did not use', async () => {
    const run = await runCli(
      ['prices', 'value', '--asset', 'native', '--amount', '1', '--at', '2025-02-23T00:00:01Z'].concat([
        '--db',
        db,
        '--json',
      ]),
    )
    const v = JSON.parse(run.stdout)
    assert.equal(v.usd, null)
    assert.equal(v.missing, 'stale')
    assert.equal(v.latest.usdPerUnit, '2739.15')
    const wider = await runCli(
      ['prices', 'value', '--asset', 'native', '--amount', '1', '--at', '2025-02-23T00:00:01Z'].concat([
        '--max-age',
        '3d',
        '--db',
        db,
        '--json',
      ]),
    )
    assert.equal(JSON.parse(wider.stdout).usd, '2739.15')
    const bad = await runCli([
      'prices',
      'value',
      '--asset',
      'native',
      '--amount',
      '1',
      '--max-age',
      '2 days',
      '--db',
      db,
      '--json',
    ])
    assert.equal(bad.code, 2)
    assert.equal(errorOf(bad).code, 'INVALID_ARGUMENT')
  })

  test('a malformed row: exit 3, PRICES_MALFORMED with its line, and the stored prices unchanged', async () => {
    const text = 'date,chain,asset,price_usd\n2025-02-22,ethereum,native,2800\n2025-02-23,ethereum,native,2.800,00\n'
    const run = await runCli(['prices', 'import', file('bad.csv', text), '--db', db, '--json'])
    assert.equal(run.code, 3)
    const e = errorOf(run)
    assert.equal(e.code, 'PRICES_MALFORMED')
    assert.equal(e.details.line, 3)
    assert.match(e.message, /bad\.csv line 3: 5 fields; the header has 4/)
    const show = await runCli(['prices', 'show', '--asset', 'native', '--db', db, '--json'])
    assert.deepEqual(
      JSON.parse(show.stdout).prices.map((p: { usdPerUnit: string }) => p.usdPerUnit),
      ['2700.5', '2739.15'],
    )
  })

  test('show and value on a store that does not exist: FILE_NOT_FOUND, and no file is created', async () => {
    const missing = join(dir, 'nope.duckdb')
    const run = await runCli(['prices', 'show', '--db', missing, '--json'])
    assert.equal(run.code, 3)
    assert.equal(errorOf(run).code, 'FILE_NOT_FOUND')
    const value = await runCli(['prices', 'value', '--asset', 'native', '--amount', '1', '--db', missing, '--json'])
    assert.equal(errorOf(value).code, 'FILE_NOT_FOUND')
    assert.equal(existsSync(missing), false)
  })
})
