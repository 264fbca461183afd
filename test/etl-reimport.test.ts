import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { cli, counts, ETL, SAMPLE } from './etl-helpers.ts'

const FIXTURE = join(ETL, 'test_export_blocks_job/blocks_with_transactions')
const BLOCKS = readFileSync(join(FIXTURE, 'expected_blocks.csv'), 'utf8').trimEnd().split('\n')
const TXS = readFileSync(join(FIXTURE, 'expected_transactions.csv'), 'utf8').trimEnd().split('\n')

function workDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-reimport-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function write(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function importJson(args: string[]) {
  const r = await cli(['import', 'etl', ...args, '--json'])
  assert.equal(r.code, 0, r.err)
  return JSON.parse(r.out)
}

test('re-importing the first 999 rows of a file keeps the rows of blocks it holds only in part, and says so', async (t) => {
  const dir = workDir(t)
  const db = join(dir, 'store.duckdb')
  await importJson([SAMPLE, '--db', db])
  const head = gunzipSync(readFileSync(SAMPLE)).toString('utf8').split('\n').slice(0, 1000)
  const part = write(dir, 'part.csv', head)
  const r = await importJson([part, '--db', db])
  // The 999 rows replace themselves; the sample holds 78 more transactions in 5 of the 93 blocks the part
  // touches (the figure the first report of this problem gave as removed), and they stay.
  assert.deepEqual(r.changes.transactions, {
    stored: 999,
    replaced: 999,
    removed: 0,
    kept: 78,
    blocks: 93,
    keptBlocks: 5,
    keptBlockNumbers: ['3300011', '3300112', '3300265', '3300309', '3300457'],
  })
  const after = await counts(db)
  assert.equal(after.transactions, 19_999)
  assert.equal(after.transfers, 17_945)
  const text = await cli(['import', 'etl', part, '--db', db])
  assert.match(
    text.out,
    /transactions: 999 rows stored; replaced 999 stored row\(s\) with the same key, removed 0, kept 78 stored row\(s\) the files lack in 5 block\(s\) they may hold only in part \(3300011, 3300112, 3300265, 3300309, 3300457\)\n/,
  )
})

test('a block known whole (its transaction_count, or a new block hash) loses the stored rows the files lack', async (t) => {
  const dir = workDir(t)
  const db = join(dir, 'store.duckdb')
  await importJson([write(dir, 'blocks.csv', BLOCKS), write(dir, 'transactions.csv', TXS), '--db', db])
  // One of block 47218's two transactions: not known whole, the other stays.
  const one = await importJson([write(dir, 'one.csv', [TXS[0] as string, TXS[1] as string]), '--db', db])
  assert.deepEqual(
    [one.changes.transactions.replaced, one.changes.transactions.removed, one.changes.transactions.kept],
    [1, 0, 1],
  )
  // Both of block 47219's: whole by its transaction_count (2), nothing lacking.
  const both = await importJson([
    write(dir, 'both.csv', [TXS[0] as string, TXS[3] as string, TXS[4] as string]),
    '--db',
    db,
  ])
  assert.deepEqual([both.changes.transactions.replaced, both.changes.transactions.removed], [2, 0])
  // Another version of block 47219 (a new hash, one transaction): its two stored transactions are removed.
  const newHash = `0x${'ab'.repeat(32)}`
  const block = (BLOCKS[2] as string).split(',')
  block[1] = newHash
  block[17] = '1'
  const tx = (TXS[3] as string).split(',')
  tx[0] = `0x${'cd'.repeat(32)}`
  tx[2] = newHash
  const reorged = await importJson([
    write(dir, 'b2.csv', [BLOCKS[0] as string, block.join(',')]),
    write(dir, 't2.csv', [TXS[0] as string, tx.join(',')]),
    '--db',
    db,
  ])
  assert.deepEqual(reorged.changes.transactions, {
    stored: 1,
    replaced: 0,
    removed: 2,
    kept: 0,
    blocks: 1,
    keptBlocks: 0,
    keptBlockNumbers: [],
  })
  const left = await cli(['export', 'transactions', '--db', db])
  assert.deepEqual(
    left.out
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
    [TXS[1]?.split(',')[0], TXS[2]?.split(',')[0], tx[0]],
  )
})

test('import etl DIR descends into partitioned folders; a folder with no export fails with ETL_NO_FILES', async (t) => {
  const dir = workDir(t)
  const db = join(dir, 'store.duckdb')
  const root = join(dir, 'exports')
  write(root, 'blocks/start_block=00047218/end_block=00047219/blocks_00047218_00047219.csv', BLOCKS)
  write(root, 'transactions/start_block=00047218/end_block=00047219/transactions_00047218_00047219.csv', TXS)
  write(root, 'README.txt', ['not an export'])
  write(root, 'contracts/contracts.csv', ['address,bytecode', `0x${'11'.repeat(20)},0x00`])
  const r = await importJson([root, '--db', db])
  assert.deepEqual(
    r.files.map((f: { table: string; rows: number }) => [f.table, f.rows]),
    [
      ['blocks', 2],
      ['transactions', 4],
    ],
  )
  assert.deepEqual(r.skipped, [join(root, 'contracts/contracts.csv')])
  assert.deepEqual(r.tables, { blocks: 2, transactions: 4, transfers: 4 })
  const empty = join(dir, 'empty')
  mkdirSync(join(empty, 'sub'), { recursive: true })
  const none = await cli(['import', 'etl', empty, '--db', db])
  assert.equal(none.code, 3)
  assert.equal(
    none.err,
    `dragnet: error ETL_NO_FILES: ${empty}: no file named *.csv, *.json or *.jsonl (optionally .gz) in it or in any folder below it\n`,
  )
  const others = await cli(['import', 'etl', join(root, 'contracts'), '--db', db, '--json'])
  assert.equal(others.code, 3)
  assert.match(others.err, /"code":"ETL_NO_FILES"/)
})

test('export of an empty table writes the CSV header', async (t) => {
  const dir = workDir(t)
  const db = join(dir, 'store.duckdb')
  await importJson([write(dir, 'blocks.csv', BLOCKS), '--db', db])
  const logs = await cli(['export', 'logs', '--db', db])
  assert.equal(logs.code, 0, logs.err)
  assert.equal(logs.out, 'log_index,transaction_hash,transaction_index,block_hash,block_number,address,data,topics\n')
  const jsonl = await cli(['export', 'logs', '--format', 'jsonl', '--db', db])
  assert.equal(jsonl.out, '')
})

test('a transactions-only import warns that failed transactions count as moved and internal transfers are missing', async (t) => {
  const dir = workDir(t)
  const db = join(dir, 'store.duckdb')
  const r = await cli(['import', 'etl', write(dir, 'transactions.csv', TXS), '--db', db])
  assert.equal(r.code, 0, r.err)
  assert.equal(
    r.err,
    'dragnet: warning: all 2 block(s) with transactions have no receipts: a failed transaction cannot be told from a ' +
      'successful one, so its value counts as moved (import receipts to correct this)\n' +
      'dragnet: warning: all 2 block(s) with transactions have no traces: native value moved inside contract calls ' +
      '(internal transfers) is missing, and a reverted call cannot be told from a successful one (import traces)\n' +
      'dragnet: warning: all 2 block(s) with transactions have neither logs nor token_transfers: token movements in ' +
      'them are missing (import logs or token_transfers)\n',
  )
  // The stream fixture has receipts (in its transactions), logs and token transfers, but no traces.
  const stream = await importJson([join(ETL, 'test_stream/blocks_17173049_17173050'), '--db', join(dir, 's.duckdb')])
  assert.deepEqual(stream.coverage, { withTransactions: 2, withoutReceipts: 0, withoutTraces: 2, withoutTokenData: 0 })
  assert.equal(stream.warnings.length, 1)
  assert.match(stream.warnings[0], /^all 2 block\(s\) with transactions have no traces: /)
})
