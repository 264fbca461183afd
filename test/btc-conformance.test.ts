import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import { silentLogger } from '../src/core/logger.ts'
import { exportBtc } from '../src/ingest/btc/export-btc.ts'
import { ingestBtc } from '../src/ingest/btc/ingest-btc.ts'
import { BitcoinRpcClient } from '../src/sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { BtcFetcher } from '../src/sources/bitcoin-rpc/btc-fetcher.ts'
import { parseJsonExact } from '../src/sources/etl-files/json-numbers.ts'
import { openPgliteClient } from '../src/store/postgres/pglite-client.ts'
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts'
import { BITCOIN_FIXTURES, loadRecordings, startRecordedNode } from './btc-recorded-node.ts'
import { runCli } from './support/run-cli.ts'

type Item = Record<string, unknown>

/** JSON lines parsed with every number kept as its exact digits, so amounts compare as integers, not doubles. */
function lines(text: string): Item[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseJsonExact(l) as Item)
}

function expected(fixture: string, file: string): Item[] {
  return lines(readFileSync(join(BITCOIN_FIXTURES, fixture, file), 'utf8'))
}

/** Compares field by field; `type` and `item_id`, which the older recordings lack, only where expected has them. */
function assertSameItems(actual: Item[], wanted: Item[], what: string): void {
  assert.equal(actual.length, wanted.length, `${what}: as many items`)
  for (let n = 0; n < wanted.length; n++) {
    const a = { ...actual[n] }
    const e = wanted[n] as Item
    for (const k of ['type', 'item_id']) if (!(k in e)) delete a[k]
    assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `${what}[${n}]: the same fields`)
    for (const k of Object.keys(e)) assert.deepEqual(a[k], e[k], `${what}[${n}].${k}`)
  }
}

function range(fixture: string): [bigint, bigint] {
  const numbers = expected(fixture, 'expected_blocks.json').map((b) => BigInt(String(b.number).slice(1)))
  numbers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return [numbers[0] as bigint, numbers.at(-1) as bigint]
}

const FIXTURES = ['block_0', 'block_1', 'block_with_transactions', 'block_without_transactions', 'stream_50001_50002']

describe("bitcoin-etl conformance: Bitcoin Core's recorded answers in, bitcoin-etl's expected files out", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-btc-conf-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const fixture of FIXTURES) {
    test(`${fixture}: ingest btc, then export btc_blocks and btc_transactions`, async () => {
      const node = await startRecordedNode(loadRecordings(join(BITCOIN_FIXTURES, fixture)))
      const db = join(dir, `${fixture}.duckdb`)
      try {
        const [from, to] = range(fixture)
        const args = ['ingest', 'btc', '--rpc', node.url, '--from', String(from), '--to', String(to)]
        const run = await runCli([...args, '--db', db, '--json'])
        assert.equal(run.code, 0, run.stderr)
        assert.equal(JSON.parse(run.stdout).blocks, Number(to - from + 1n))
        for (const [table, file] of [
          ['btc_blocks', 'expected_blocks.json'],
          ['btc_transactions', 'expected_transactions.json'],
        ] as const) {
          const out = await runCli(['export', table, '--db', db])
          assert.equal(out.code, 0, out.stderr)
          assertSameItems(lines(out.stdout), expected(fixture, file), `${fixture} ${table}`)
        }
      } finally {
        await node.close()
      }
    })
  }

  test('stream_50001_50002 asks the node for the three spent transactions it does not hold, in one batch', async () => {
    const node = await startRecordedNode(loadRecordings(join(BITCOIN_FIXTURES, 'stream_50001_50002')))
    try {
      const db = join(dir, 'calls.duckdb')
      const run = await runCli([
        'ingest',
        'btc',
        '--rpc',
        node.url,
        '--from',
        '50001',
        '--to',
        '50002',
        '--db',
        db,
        '--json',
      ])
      assert.equal(run.code, 0, run.stderr)
      const raw = node.calls.filter((c) => c.startsWith('getrawtransaction'))
      assert.deepEqual(raw.sort(), [
        'getrawtransaction 0d37522b89f991f8433b80f709ad31862a54435cd003f25732fe405e9db93216 true',
        'getrawtransaction 0dd0394c6240355f4e4b3c88028f678ed746cebee3b3e8509620733f018914c9 true',
        'getrawtransaction 76a8d70a757be5055f60be076b683897cadaad6b7bdf78c43e39b9d59cb4a6ea true',
      ])
      assert.deepEqual(JSON.parse(run.stdout).spentOutputs, { fromBatch: 0, fromStore: 0, fromRpc: 3, unknown: 0 })
    } finally {
      await node.close()
    }
  })

  test('PGlite: the same ingest and export of stream_50001_50002 give the expected files', async () => {
    const node = await startRecordedNode(loadRecordings(join(BITCOIN_FIXTURES, 'stream_50001_50002')))
    const store = await openPostgresStore(await openPgliteClient({ schema: 'btc_conformance' }))
    try {
      const client = new BitcoinRpcClient({ url: node.url, logger: silentLogger(), retries: 0 })
      const summary = await ingestBtc({ logger: silentLogger() }, store.btc, new BtcFetcher(client), {
        chain: 'bitcoin',
        from: 50001n,
        to: 50002n,
        batchSize: 1,
        enrich: 'rpc',
      })
      assert.equal(summary.transactions, 4)
      for (const [table, file] of [
        ['btc_blocks', 'expected_blocks.json'],
        ['btc_transactions', 'expected_transactions.json'],
      ] as const) {
        const text = await collect((w) => exportBtc(store.btc, table, 'bitcoin', w))
        assertSameItems(lines(text), expected('stream_50001_50002', file), `pglite ${table}`)
      }
    } finally {
      await store.close()
      await node.close()
    }
  })

  const DATABASE_URL = process.env.DATABASE_URL
  test('PostgreSQL (DATABASE_URL): ingest btc and export through the CLI', {
    skip: DATABASE_URL ? false : 'DATABASE_URL names no PostgreSQL',
  }, async () => {
    const schema = `dragnet_btc_${Date.now().toString(36)}`
    const u = new URL(DATABASE_URL as string)
    u.searchParams.set('schema', schema)
    const node = await startRecordedNode(loadRecordings(join(BITCOIN_FIXTURES, 'stream_50001_50002')))
    try {
      const db = u.toString()
      const run = await runCli(['ingest', 'btc', '--rpc', node.url, '--from', '50001', '--to', '50002', '--db', db])
      assert.equal(run.code, 0, run.stderr)
      const out = await runCli(['export', 'btc_transactions', '--db', db])
      assertSameItems(lines(out.stdout), expected('stream_50001_50002', 'expected_transactions.json'), 'postgres')
    } finally {
      await node.close()
      const c = new pg.Client({ connectionString: DATABASE_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => c.end())
    }
  })
})

async function collect(fn: (w: Writable) => Promise<unknown>): Promise<string> {
  let text = ''
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  await fn(w)
  return text
}
