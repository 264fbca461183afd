import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { parseJsonExact } from '../src/sources/etl-files/json-numbers.ts'
import { type ChainTable, TABLES } from '../src/store/schema.ts'
import { cli, counts, ETL, SAMPLE, tempDb } from './etl-helpers.ts'

const STREAM = join(ETL, 'test_stream/blocks_17173049_17173050')

/** Exact-number parse of JSON lines (bare numbers become marked text), so uint256 values compare exactly. */
function jsonRows(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseJsonExact(l) as Record<string, unknown>)
}

/** A row as a canonical string: keys sorted, some dropped; the set of these is compared, ignoring row order. */
function canon(row: Record<string, unknown>, drop: (key: string) => boolean): string {
  const keys = Object.keys(row)
    .filter((k) => !drop(k))
    .sort()
  return JSON.stringify(keys.map((k) => [k, row[k]]))
}

function sameRowSet(
  actual: Record<string, unknown>[],
  expected: Record<string, unknown>[],
  drop: (k: string) => boolean,
) {
  assert.deepEqual(actual.map((r) => canon(r, () => false)).sort(), expected.map((r) => canon(r, drop)).sort())
}

// Fields of ethereum-etl's stream exports that are not columns of the table exported: the stream envelope
// (type, item_id, item_timestamp) on every row, block_timestamp on logs and token_transfers, block_hash on
// token_transfers, and receipt_* on transactions (those become the receipts table, compared separately).
const ENVELOPE = new Set(['type', 'item_id', 'item_timestamp'])
const IGNORED: Record<string, (k: string) => boolean> = {
  blocks: (k) => ENVELOPE.has(k),
  transactions: (k) => ENVELOPE.has(k) || k.startsWith('receipt_'),
  logs: (k) => ENVELOPE.has(k) || k === 'block_timestamp',
  token_transfers: (k) => ENVELOPE.has(k) || k === 'block_timestamp' || k === 'block_hash',
  // Stream traces also carry trace_index (their position in the block), not a column of ethereum-etl's traces.
  traces: (k) => ENVELOPE.has(k) || k === 'block_timestamp' || k === 'block_hash' || k === 'trace_index',
}

test('the 2023 stream fixture round-trips exactly through import etl and export jsonl', async () => {
  const db = tempDb()
  const imported = await cli(['import', 'etl', STREAM, '--db', db, '--json'])
  assert.equal(imported.code, 0, imported.err)
  const summary = JSON.parse(imported.out)
  // The fixture holds 298 transactions (116 + 182, the blocks' transaction_count), 681 logs, 291 token transfers.
  assert.deepEqual(summary.tables, {
    blocks: 2,
    logs: 681,
    token_transfers: 291,
    transactions: 298,
    receipts: 298,
    transfers: 470,
  })
  for (const table of ['blocks', 'transactions', 'logs', 'token_transfers']) {
    const expected = jsonRows(readFileSync(join(STREAM, `expected_${table}.json`), 'utf8'))
    const exported = await cli(['export', table, '--format', 'jsonl', '--db', db])
    assert.equal(exported.code, 0, exported.err)
    sameRowSet(jsonRows(exported.out), expected, IGNORED[table] as (k: string) => boolean)
  }
  // Receipts come from the transactions' receipt_* fields, with the transaction's own keys.
  const txs = jsonRows(readFileSync(join(STREAM, 'expected_transactions.json'), 'utf8'))
  const expectedReceipts = txs.map((t) => {
    const r: Record<string, unknown> = {
      transaction_hash: t.hash,
      transaction_index: t.transaction_index,
      block_hash: t.block_hash,
      block_number: t.block_number,
    }
    for (const [k, v] of Object.entries(t)) if (k.startsWith('receipt_')) r[k.slice('receipt_'.length)] = v
    return r
  })
  const receipts = await cli(['export', 'receipts', '--format', 'jsonl', '--db', db])
  sameRowSet(jsonRows(receipts.out), expectedReceipts, () => false)
  // A uint256 beyond 2^64 survives byte for byte.
  assert.match(
    (await cli(['export', 'token_transfers', '--format', 'jsonl', '--db', db])).out,
    /"value": 150188698577042438264952193024,/,
  )
})

test('the other stream fixtures (2016 blocks, traces with creates and rewards) round-trip too', async () => {
  const expectedTables: Record<string, Record<string, number>> = {
    blocks_1755634_1755635: { blocks: 2, logs: 2, token_transfers: 1, transactions: 2, receipts: 2, transfers: 2 },
    blocks_2112234_2112234: { traces: 2, transfers: 0 },
    blocks_508110_508110: { traces: 4, transfers: 1 },
  }
  for (const [name, tables] of Object.entries(expectedTables)) {
    const dir = join(ETL, 'test_stream', name)
    const db = tempDb()
    const imported = await cli(['import', 'etl', dir, '--db', db, '--json'])
    assert.equal(imported.code, 0, imported.err)
    assert.deepEqual(JSON.parse(imported.out).tables, tables, name)
    for (const table of Object.keys(tables).filter((t) => t in IGNORED)) {
      const expected = jsonRows(readFileSync(join(dir, `expected_${table}.json`), 'utf8'))
      const exported = jsonRows((await cli(['export', table, '--format', 'jsonl', '--db', db])).out)
      sameRowSet(exported, expected, IGNORED[table] as (k: string) => boolean)
    }
  }
})

test('transfers derived from the stream fixture: ERC-20 logs, WETH deposits and withdrawals, native values', async () => {
  const db = tempDb()
  assert.equal((await cli(['import', 'etl', STREAM, '--db', db])).code, 0)
  const transfers = jsonRows((await cli(['export', 'transfers', '--format', 'jsonl', '--db', db])).out)
  const byKind = new Map<string, number>()
  for (const t of transfers) byKind.set(t.kind as string, (byKind.get(t.kind as string) ?? 0) + 1)
  // Counted independently from the fixture: 282 Transfer logs with three topics and one 32-byte data word,
  // 30 Deposit and 31 Withdrawal logs of WETH9 (registered as wrapped native by default), and 127 transactions
  // with a non-zero value whose receipt status is not 0 (no traces in the fixture, so the transaction's value).
  const logs = jsonRows(readFileSync(join(STREAM, 'expected_logs.json'), 'utf8'))
  const transferTopic = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
  const erc20Logs = logs.filter(
    (l) =>
      (l.topics as string[])[0] === transferTopic &&
      (l.topics as string[]).length === 3 &&
      (l.data as string).length === 66,
  )
  assert.equal(erc20Logs.length, 282)
  assert.deepEqual(Object.fromEntries(byKind), { native: 127, erc20: 282, wrap: 30, unwrap: 31 })
  const sum = (kind: string) =>
    transfers.filter((t) => t.kind === kind).reduce((s, t) => s + BigInt((t.amount as string).slice(1)), 0n)
  assert.equal(sum('native'), 82246255043361813012n)
  assert.equal(sum('erc20'), 18038949443500091328294109540604n)
  const weth = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'
  const wrap = transfers.find((t) => t.kind === 'wrap')
  assert.equal(wrap?.from_address, weth)
  assert.equal(wrap?.asset, weth)
})

test('CSV exports of the conformance fixtures are reproduced byte for byte, up to row order', async () => {
  const dirs = [
    'test_export_blocks_job/block_with_logs',
    'test_export_blocks_job/block_without_transactions',
    'test_export_blocks_job/blocks_with_transactions',
    'test_export_blocks_job/blocks_with_transactions_and_withdrawals',
    'test_export_receipts_job/receipts_with_logs',
    'test_export_token_transfers_job/block_with_transfers',
    'test_extract_token_transfers_job/logs',
    'test_export_traces_job/block_with_create',
    'test_export_traces_job/block_with_error',
    'test_export_traces_job/block_with_subtraces',
    'test_export_traces_job/block_with_suicide',
    'test_export_traces_job/block_without_transactions',
    'test_extract_geth_traces_job/block_with_create',
    'test_extract_geth_traces_job/block_with_error',
    'test_extract_geth_traces_job/block_with_subtraces',
    'test_extract_geth_traces_job/block_with_suicide',
  ]
  let compared = 0
  for (const dir of dirs) {
    const db = tempDb()
    const files = readdirSync(join(ETL, dir)).filter((f) => /^expected_.*\.csv$/.test(f))
    const r = await cli(['import', 'etl', ...files.map((f) => join(ETL, dir, f)), '--db', db])
    assert.equal(r.code, 0, `${dir}: ${r.err}`)
    for (const f of files) {
      const table = f.replace(/^expected_|\.csv$/g, '')
      const expected = readFileSync(join(ETL, dir, f), 'utf8')
      const exported = await cli(['export', table, '--format', 'csv', '--db', db])
      assert.equal(exported.code, 0, exported.err)
      // Three fixture files lack the final line end ethereum-etl writes; every exported line has one.
      if (exported.out !== '') assert.ok(exported.out.endsWith('\n'))
      const [eHead, ...eRows] = expected.replace(/\n$/, '').split('\n')
      const [aHead, ...aRows] = exported.out.replace(/\n$/, '').split('\n')
      // ethereum-etl writes nothing for a table without rows; Dragnet writes the header so the file names its columns.
      if (expected === '') assert.equal(aHead, TABLES[table as ChainTable].map((c) => c.name).join(','))
      else assert.equal(aHead, eHead, `${dir}/${f} header`)
      assert.deepEqual(aRows.sort(), eRows.sort(), `${dir}/${f}`)
      compared++
    }
  }
  assert.equal(compared, 21)
})

test('JSON exports of the conformance fixtures are reproduced byte for byte, up to row order', async () => {
  for (const dir of [
    'test_export_receipts_job/receipts_with_logs',
    'test_export_blocks_job/blocks_with_transactions_and_withdrawals',
  ]) {
    const db = tempDb()
    const files = readdirSync(join(ETL, dir)).filter((f) => /^expected_.*\.json$/.test(f))
    assert.equal((await cli(['import', 'etl', ...files.map((f) => join(ETL, dir, f)), '--db', db])).code, 0)
    for (const f of files) {
      const table = f.replace(/^expected_|\.json$/g, '')
      const expected = readFileSync(join(ETL, dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .sort()
      const exported = (await cli(['export', table, '--format', 'jsonl', '--db', db])).out.split('\n').filter(Boolean)
      assert.deepEqual(exported.sort(), expected, `${dir}/${f}`)
    }
  }
})

test('blocks imported from CSV export as ethereum-etl JSON, withdrawals included, and back', async () => {
  const dir = join(ETL, 'test_export_blocks_job/blocks_with_transactions_and_withdrawals')
  const db = tempDb()
  const files = ['expected_blocks.csv', 'expected_transactions.csv'].map((f) => join(dir, f))
  assert.equal((await cli(['import', 'etl', ...files, '--db', db])).code, 0)
  for (const table of ['blocks', 'transactions']) {
    const expected = readFileSync(join(dir, `expected_${table}.json`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .sort()
    const exported = (await cli(['export', table, '--format', 'jsonl', '--db', db])).out.split('\n').filter(Boolean)
    assert.deepEqual(exported.sort(), expected, table)
  }
  // The same rows from JSON replace the CSV ones and export the same CSV.
  const csvBefore = (await cli(['export', 'blocks', '--db', db])).out
  assert.equal((await cli(['import', 'etl', join(dir, 'expected_blocks.json'), '--db', db])).code, 0)
  assert.equal((await cli(['export', 'blocks', '--db', db])).out, csvBefore)
})

test('the 2017 sample: 19,999 transactions, their exact total value, 17,945 native transfers; a second import changes nothing', async () => {
  const db = tempDb()
  const first = await cli(['import', 'etl', SAMPLE, '--db', db, '--json'])
  assert.equal(first.code, 0, first.err)
  assert.deepEqual(JSON.parse(first.out).tables, { transactions: 19999, transfers: 17945 })
  // Independently: the file's own value column, summed exactly.
  const lines = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trim().split(/\r?\n/).slice(1)
  const fileSum = lines.reduce((s, l) => s + BigInt(l.split(',')[7] as string), 0n)
  assert.equal(fileSum, 4444745723742655536222408n)
  const exported = jsonRows((await cli(['export', 'transactions', '--format', 'jsonl', '--db', db])).out)
  assert.equal(exported.length, 19999)
  assert.equal(
    exported.reduce((s, t) => s + BigInt((t.value as string).slice(1)), 0n),
    4444745723742655536222408n,
  )
  const before = await cli(['export', 'transfers', '--format', 'csv', '--db', db])
  const second = await cli(['import', 'etl', SAMPLE, '--db', db, '--json'])
  assert.equal(second.code, 0)
  assert.deepEqual(await counts(db), {
    blocks: 0,
    transactions: 19999,
    receipts: 0,
    logs: 0,
    token_transfers: 0,
    traces: 0,
    transfers: 17945,
  })
  assert.equal((await cli(['export', 'transfers', '--format', 'csv', '--db', db])).out, before.out)
})
