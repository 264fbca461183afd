import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { type Anvil, startAnvil } from '../src/devnet/anvil.ts'
import { ETL } from './etl-helpers.ts'
import { HOLDER, KUCOIN, type LabelledWorld, playLabelledWorld, THIEF } from './server/labelled-world.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const DATABASE_URL = process.env.DATABASE_URL
const E18 = 10n ** 18n
const eth = (n: bigint) => (n * E18).toString()

// The commands that take --db postgres:// run against a real PostgreSQL; without DATABASE_URL there is none.
describe('the CLI on a PostgreSQL chain store: ingest evm, trace, screen, export, and the commands that refuse it', {
  skip: DATABASE_URL ? false : 'DATABASE_URL names no PostgreSQL',
}, () => {
  const schema = `dragnet_cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-cli-pg-'))
  const duck = join(dir, 'chain.duckdb')
  let url: string
  let anvil: Anvil
  let world: LabelledWorld

  before(async () => {
    const u = new URL(DATABASE_URL as string)
    u.searchParams.set('schema', schema)
    url = u.toString()
    anvil = await startAnvil()
    world = await playLabelledWorld(anvil.rpcUrl)
  })
  after(async () => {
    await anvil?.stop()
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    try {
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await c.query(`DROP SCHEMA IF EXISTS ${schema}_etl CASCADE`)
    } finally {
      await c.end()
    }
    rmSync(dir, { recursive: true, force: true })
  })

  const ingest = (db: string) =>
    runCli([
      'ingest',
      'evm',
      '--rpc',
      anvil.rpcUrl,
      '--from',
      '0',
      '--to',
      String(world.lastBlock),
      '--db',
      db,
      '--json',
    ])

  test('ingest evm --db postgres://…?schema= stores the chain in that schema; a second run replaces, never adds', async () => {
    const r = await ingest(url)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).transfers, 6)
    // Run again over the same range: the blocks are replaced, not added twice.
    const again = await ingest(url)
    assert.equal(again.code, 0, again.stderr)
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    try {
      const n = await c.query(`SELECT count(*)::int AS n FROM ${schema}.transfers WHERE chain = 'ethereum'`)
      assert.equal(n.rows[0].n, 6)
    } finally {
      await c.end()
    }
    assert.equal((await ingest(duck)).code, 0)
  })

  test('trace --db postgres:// gives the same result as on DuckDB, with exact amounts', async () => {
    const args = ['trace', '--seed', THIEF, '--chain', 'ethereum', '--min-freeze', '0', '--json']
    const onPg = await runCli([...args, '--db', url])
    assert.equal(onPg.code, 0, onPg.stderr)
    const onDuck = await runCli([...args, '--db', duck])
    assert.equal(onDuck.code, 0, onDuck.stderr)
    const { stats: _a, ...pgResult } = JSON.parse(onPg.stdout)
    const { stats: _b, ...duckResult } = JSON.parse(onDuck.stdout)
    assert.deepEqual(pgResult, duckResult)
    assert.deepEqual(pgResult.totals.native.held, eth(4n))
    assert.deepEqual(pgResult.totals.native.exchange, eth(6n))
    assert.deepEqual(pgResult.totals[world.token].held, eth(1000n))
    const kucoin = pgResult.endpoints.find((e: { address: string }) => e.address === KUCOIN)
    assert.deepEqual([kucoin.category, kucoin.amount], ['exchange', eth(6n)])
    // Units typed with the token's symbol resolve through the PostgreSQL store's tokens, as on DuckDB.
    const withMin = async (db: string) => {
      const r = await runCli([...args, '--db', db, '--min', '300TST'])
      assert.equal(r.code, 0, r.stderr)
      const { stats: _s, ...result } = JSON.parse(r.stdout)
      return result
    }
    assert.deepEqual(await withMin(url), await withMin(duck))
    const unknown = await runCli([...args, '--db', url, '--min', '1NOPE'])
    assert.equal(errorOf(unknown).code, 'AMOUNT_UNKNOWN_ASSET')
  })

  test('screen --db postgres:// walks exposure from the PostgreSQL trace index', async () => {
    const r = await runCli(['screen', HOLDER, '--chain', 'ethereum', '--hops', '2', '--db', url, '--json'])
    assert.equal(r.code, 0, r.stderr)
    const [res] = JSON.parse(r.stdout).results
    const sanctioned = res.reasons.find(
      (x: { category: string; asset: string }) => x.category === 'sanctioned' && x.asset === 'native',
    )
    assert.deepEqual([sanctioned.direction, sanctioned.amount, sanctioned.sharePct], ['incoming', eth(3n), '100.00'])
  })

  test('import etl --db postgres:// stores what DuckDB stores: the same tables, the same transfers', async () => {
    const stream = join(ETL, 'test_stream/blocks_17173049_17173050')
    const etlUrl = url.replace(`schema=${schema}`, `schema=${schema}_etl`)
    const etlDuck = join(dir, 'etl.duckdb')
    const onPg = await runCli(['import', 'etl', stream, '--db', etlUrl, '--json'])
    assert.equal(onPg.code, 0, onPg.stderr)
    const onDuck = await runCli(['import', 'etl', stream, '--db', etlDuck, '--json'])
    assert.equal(onDuck.code, 0, onDuck.stderr)
    // 298 transactions and 470 transfers, as test/etl-import.test.ts counts them from the fixture.
    assert.equal(JSON.parse(onPg.stdout).tables.transactions, 298)
    assert.equal(JSON.parse(onPg.stdout).tables.transfers, 470)
    assert.deepEqual(JSON.parse(onPg.stdout).tables, JSON.parse(onDuck.stdout).tables)
    const exported = async (db: string) =>
      (await runCli(['export', 'transfers', '--format', 'jsonl', '--db', db])).stdout
    assert.equal(await exported(etlUrl), await exported(etlDuck))
  })

  test('export --db postgres:// streams CSV; parquet, labels, prices and the demo refuse PostgreSQL', async () => {
    const csv = await runCli(['export', 'transfers', '--db', url])
    assert.equal(csv.code, 0, csv.stderr)
    assert.equal(csv.stdout.trim().split('\n').length, 1 + 6)
    const refused = [
      ['export', 'transfers', '--format', 'parquet', '--out', join(dir, 't.parquet'), '--db', url],
      ['labels', 'sources', '--db', url],
      ['prices', 'show', '--db', url],
      ['demo', '--db', url],
      ['trace', '--seed', THIEF, '--usd', 'always', '--db', url],
    ]
    for (const args of refused) {
      const r = await runCli(args)
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /^dragnet: error STORE_KIND_UNSUPPORTED: .*DuckDB/m, args.join(' '))
    }
  })
})
