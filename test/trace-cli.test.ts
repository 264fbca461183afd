import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runInProcess } from '../src/cli/main.ts'
import { addr, storeWith, txHash } from '../src/trace/trace-fixture.ts'

const run = runInProcess

const dir = mkdtempSync(join(tmpdir(), 'dragnet-trace-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const db = join(dir, 'store.duckdb')
const labels = join(dir, 'labels.csv')
const [V, S, A, B, HOT] = [1, 2, 3, 4, 0x10].map(addr) as [string, string, string, string, string]

describe('dragnet trace (CLI over a DuckDB store file)', () => {
  before(async () => {
    const store = await storeWith(
      [
        { block: 10, from: V, to: S, amount: 1000 },
        { block: 11, from: S, to: A, amount: 600 },
        { block: 12, from: A, to: HOT, amount: 600 },
        { block: 13, from: S, to: B, amount: 100 },
      ],
      db,
    )
    await store.close()
    writeFileSync(labels, `address,category,name\n${HOT},exchange,Kraken\n`)
  })

  it('traces a seed address to a deposit address and prints JSON with exact amounts', async () => {
    const r = await run([
      'trace',
      '--seed',
      S,
      '--db',
      db,
      '--labels',
      labels,
      '--model',
      'fifo',
      '--min-freeze',
      '0',
      '--json',
    ])
    assert.equal(r.code, 0, r.err)
    const j = JSON.parse(r.out)
    assert.deepEqual(j.totals.native, {
      stolen: '1000',
      swappedIn: '0',
      traced: '1000',
      held: '400',
      exchange: '600',
      issuerFreezable: '0',
      bridge: '0',
      mixer: '0',
      dex: '0',
      dark: '0',
      unfollowed: '0',
    })
    const dep = j.endpoints.find((e: { address: string }) => e.address === A)
    assert.equal(dep.depositAddress, true)
    assert.deepEqual(dep.freezableBy, [{ kind: 'exchange', name: 'Kraken' }])
    assert.equal(dep.firstArrival.tx, txHash(11))
  })

  it('a seed transaction works the same, and --explain names the carrying transactions', async () => {
    const r = await run(['trace', '--seed', txHash(10), '--db', db, '--explain', B])
    assert.equal(r.code, 0, r.err)
    assert.match(
      r.out,
      new RegExp(`1\\. 0\\.0000000000000001 ETH of 0\\.0000000000000001 ETH in ${txHash(13)} \\(block 13\\)`),
    )
  })

  it('--labels reads `labels import` CSV by column name and rejects an unknown category naming the line', async () => {
    const layout = join(dir, 'import-layout.csv')
    writeFileSync(
      layout,
      `address,label,category,source\n${HOT},Kraken,exchange,mine\n${B},Test Heist 2017,hack,case\n`,
    )
    const r = await run(['trace', '--seed', S, '--db', db, '--labels', layout, '--min-freeze', '0', '--json'])
    assert.equal(r.code, 0, r.err)
    assert.equal(JSON.parse(r.out).totals.native.exchange, '600')
    const typo = join(dir, 'typo.csv')
    writeFileSync(typo, `address,category,name\n${B},mixer,Tornado\n${HOT},exchnage,Kraken\n`)
    const bad = await run(['trace', '--seed', S, '--db', db, '--labels', typo, '--json'])
    assert.equal(bad.code, 3, bad.err)
    const error = JSON.parse(bad.err).error
    assert.equal(error.code, 'LABELS_MALFORMED')
    assert.equal(error.details.line, 3)
    assert.match(error.message, /typo\.csv:3: unknown category exchnage/)
  })

  it('--min and --min-freeze take amounts with units; the default leaves dust out and says so', async () => {
    // 600 wei at the deposit address A, 300 held at S and 100 at B are far below the default minimum (10^12 wei).
    const dust = await run(['trace', '--seed', S, '--db', db, '--labels', labels, '--json'])
    assert.equal(dust.code, 0, dust.err)
    const j = JSON.parse(dust.out)
    assert.deepEqual(j.endpoints, [])
    assert.deepEqual(j.leftOut, { native: { endpoints: 3, amount: '1000', minimum: '1000000000000' } })
    assert.equal(j.totals.native.exchange, '600')
    // --min-freeze 0.0000000000000005ETH is 500 wei: the 600 at the deposit address is listed, the 300 and 100 held are not.
    const some = await run([
      'trace',
      '--seed',
      S,
      '--db',
      db,
      '--labels',
      labels,
      '--min-freeze',
      '0.0000000000000005ETH',
    ])
    assert.equal(some.code, 0, some.err)
    assert.match(some.out, /exchange Kraken: 0x0{38}03 holds 0\.0000000000000006 ETH \(deposit address\)/)
    assert.match(some.out, /left out: 2 endpoints below 0\.0000000000000005 ETH, 0\.0000000000000004 ETH in all/)
    // --min 0.0000000000000002 ETH (200 wei) does not follow S's 100 wei to B: B stops as dust.
    const min = await run(['trace', '--seed', S, '--db', db, '--min', '0.0000000000000002 ETH', '--json'])
    assert.equal(min.code, 0, min.err)
    const m = JSON.parse(min.out)
    assert.equal(m.limits.minAmount, '200')
    assert.equal(m.limits.minAsset, 'native')
    assert.equal(m.stopCounts.dust, 1)
    assert.equal(m.totals.native.unfollowed, '100')
  })

  it('an unknown seed prints an empty result that says why', async () => {
    const r = await run(['trace', '--seed', addr(0x99), '--db', db, '--json'])
    assert.equal(r.code, 0)
    assert.equal(JSON.parse(r.out).empty, `seed ${addr(0x99)} has no transfers on ethereum`)
  })

  it('--asset native traces the coin; --asset with a token the store never saw says so and traces nothing', async () => {
    const coin = await run(['trace', '--seed', S, '--db', db, '--asset', 'native', '--model', 'fifo', '--json'])
    assert.equal(coin.code, 0, coin.err)
    assert.equal(JSON.parse(coin.out).totals.native.stolen, '1000')
    const unseen = addr(0x77)
    const r = await run(['trace', '--seed', S, '--db', db, '--asset', unseen, '--json'])
    assert.equal(r.code, 0, r.err)
    const j = JSON.parse(r.out)
    assert.equal(j.empty, `asset ${unseen} has no transfers on ethereum`)
    assert.deepEqual(j.totals, {})
  })

  it('bad input fails with stable codes and exit codes', async () => {
    const cases: [string[], string, number][] = [
      [['--seed', '0x1234'], 'INVALID_ADDRESS', 3],
      [['--seed', `0x${'g'.repeat(64)}`], 'INVALID_HASH', 3],
      [['--seed', S, '--hops', '0'], 'INVALID_ARGUMENT', 2],
      [['--seed', S, '--min', '1.5'], 'AMOUNT_AMBIGUOUS', 2],
      [['--seed', S, '--min', '0.1 DOGE'], 'AMOUNT_UNKNOWN_ASSET', 2],
      [['--seed', S, '--min-freeze', '0.0000000000000000001ETH'], 'AMOUNT_TOO_PRECISE', 2],
      [['--seed', S, '--min', '-5'], 'INVALID_ARGUMENT', 2],
      [['--seed', S, '--max-addresses', '-3'], 'INVALID_ARGUMENT', 2],
      [['--seed', S, '--model', 'lifo'], 'INVALID_ARGUMENT', 2],
      [['--seed', S, '--from-block', '9', '--to-block', '3'], 'INVALID_RANGE', 2],
      [['--seed', S, '--explain', 'nope'], 'INVALID_ADDRESS', 3],
    ]
    for (const [args, code, exit] of cases) {
      const r = await run(['trace', ...args, '--db', db, '--json'])
      assert.equal(r.code, exit, `${args.join(' ')}: ${r.err}`)
      assert.equal(JSON.parse(r.err).error.code, code, args.join(' '))
    }
    const missing = await run(['trace', '--seed', S, '--db', join(dir, 'none.duckdb')])
    assert.equal(missing.code, 3)
    assert.match(missing.err, /FILE_NOT_FOUND/)
  })
})
