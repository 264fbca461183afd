import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { BtcTransaction } from '../src/core/btc-types.ts'
import { parseJsonExact } from '../src/sources/etl-files/json-numbers.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { BITCOIN_FIXTURES } from './btc-recorded-node.ts'
import { errorOf, runCli } from './support/run-cli.ts'

const parse = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseJsonExact(l) as Record<string, unknown>)

const TX_7940 = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a'

async function storedTx(db: string, hash: string): Promise<BtcTransaction | undefined> {
  const store = await openDuckDbStore(db)
  try {
    for await (const batch of store.btc.readBtcTransactions('bitcoin')) {
      const t = batch.find((x) => x.hash === hash)
      if (t) return t
    }
    return undefined
  } finally {
    await store.close()
  }
}

describe("import etl of bitcoin-etl's blocks.json and transactions.json, and export back", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-btc-imp-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const fixture of ['stream_50001_50002', 'block_with_transactions', 'block_0']) {
    test(`${fixture}: import then export gives the same lines`, async () => {
      const db = join(dir, `${fixture}.duckdb`)
      const src = join(BITCOIN_FIXTURES, fixture)
      const files = [join(src, 'expected_blocks.json'), join(src, 'expected_transactions.json')]
      const run = await runCli(['import', 'etl', ...files, '--db', db, '--json'])
      assert.equal(run.code, 0, run.stderr)
      for (const [table, file] of [
        ['btc_blocks', files[0]],
        ['btc_transactions', files[1]],
      ] as [string, string][]) {
        const out = await runCli(['export', table, '--db', db])
        const want = parse(readFileSync(file, 'utf8'))
        const got = parse(out.stdout).map((o, i) => {
          for (const k of ['type', 'item_id']) if (!(k in (want[i] ?? {}))) delete o[k]
          return o
        })
        assert.deepEqual(got, want, `${fixture} ${table}`)
      }
    })
  }

  test('an enriched file keeps its input values and fee; an unenriched one stores null, not bitcoin-etl 0', async () => {
    const enriched = join(dir, 'stream_50001_50002.duckdb')
    const t = await storedTx(enriched, TX_7940)
    assert.equal(t?.inputValue, 10_000_000_000n)
    assert.equal(t?.fee, 0n)
    assert.deepEqual(
      t?.inputs.map((i) => [i.value, i.type, i.addresses]),
      [
        [5_000_000_000n, 'pubkey', ['1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae']],
        [5_000_000_000n, 'pubkey', ['1PZMgkF2x161qvfP7dhoWSEEU3SjnQE1m9']],
      ],
    )
    const bare = await storedTx(join(dir, 'block_with_transactions.duckdb'), TX_7940)
    assert.equal(bare?.inputValue, null)
    assert.equal(bare?.fee, null)
  })

  test('a directory of bitcoin-etl files imports, under --chain when given', async () => {
    const d = join(dir, 'export-dir')
    mkdirSync(d)
    const src = join(BITCOIN_FIXTURES, 'stream_50001_50002')
    copyFileSync(join(src, 'expected_blocks.json'), join(d, 'blocks.json'))
    copyFileSync(join(src, 'expected_transactions.json'), join(d, 'transactions.json'))
    const db = join(dir, 'dir.duckdb')
    const run = await runCli(['import', 'etl', d, '--chain', 'btc-test', '--db', db, '--json'])
    assert.equal(run.code, 0, run.stderr)
    const r = JSON.parse(run.stdout)
    assert.equal(r.chain, 'btc-test')
    assert.equal(r.blocks, 2)
    assert.equal(r.transactions, 4)
    const out = await runCli(['export', 'btc_blocks', '--chain', 'btc-test', '--db', db])
    assert.equal(parse(out.stdout).length, 2)
  })

  test('a malformed line: ETL_MALFORMED and nothing stored', async () => {
    const src = join(BITCOIN_FIXTURES, 'stream_50001_50002')
    const bad = join(dir, 'transactions.json')
    const text = readFileSync(join(src, 'expected_transactions.json'), 'utf8').replace(
      '"value": 10000000000',
      '"value": "ten"',
    )
    writeFileSync(bad, text)
    const db = join(dir, 'bad.duckdb')
    const run = await runCli(['import', 'etl', join(src, 'expected_blocks.json'), bad, '--db', db, '--json'])
    assert.equal(run.code, 3)
    assert.equal(errorOf(run).code, 'ETL_MALFORMED')
    const store = await openDuckDbStore(db)
    try {
      assert.deepEqual(await store.btc.countBtc(), { blocks: 0, transactions: 0, inputs: 0, outputs: 0 })
    } finally {
      await store.close()
    }
  })

  test('export of a btc table refuses csv', async () => {
    const db = join(dir, 'block_0.duckdb')
    const run = await runCli(['export', 'btc_blocks', '--format', 'csv', '--db', db])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /btc_blocks exports as bitcoin-etl JSON lines only/)
  })
})
