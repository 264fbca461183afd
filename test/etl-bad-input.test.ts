import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { gunzipSync, gzipSync } from 'node:zlib'
import { cli, counts, ETL, SAMPLE, tempDb } from './etl-helpers.ts'

const STREAM = join(ETL, 'test_stream/blocks_17173049_17173050')
const dir = mkdtempSync(join(tmpdir(), 'dragnet-bad-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const sampleText = gunzipSync(readFileSync(SAMPLE)).toString('utf8')
// The sample's lines end with \r\n, as Python's csv module writes them. Line 1 is the header.
const sampleLines = sampleText.split('\r\n')

let db = ''
let snapshot: { counts: Record<string, number>; transfers: string; transactions: string }

async function state() {
  return {
    counts: await counts(db),
    transfers: (await cli(['export', 'transfers', '--format', 'csv', '--db', db])).out,
    transactions: (await cli(['export', 'transactions', '--format', 'csv', '--db', db])).out,
  }
}

/** Runs a failing import and returns the error object the CLI printed with --json. */
async function failing(paths: string[]): Promise<{ exit: number; code: string; details: Record<string, unknown> }> {
  const r = await cli(['import', 'etl', ...paths, '--db', db, '--json'])
  const { error } = JSON.parse(r.err)
  return { exit: r.code, code: error.code, details: error.details }
}

before(async () => {
  db = tempDb()
  assert.equal((await cli(['import', 'etl', STREAM, '--db', db])).code, 0)
  snapshot = await state()
  assert.equal(snapshot.counts.transactions, 298)
})

test('a truncated gzip file is ETL_TRUNCATED and the store keeps what it held', async () => {
  const path = join(dir, 'transactions.csv.gz')
  writeFileSync(path, readFileSync(SAMPLE).subarray(0, 1_000_000))
  const e = await failing([path])
  assert.equal(e.exit, 3)
  assert.equal(e.code, 'ETL_TRUNCATED')
  assert.deepEqual(await state(), snapshot)
})

test('a CSV cut in the middle of a row is ETL_TRUNCATED at that line', async () => {
  const path = join(dir, 'cut.csv')
  // The header, 100 whole rows, then half of the next row with no line end: line 102 is cut.
  writeFileSync(path, `${sampleLines.slice(0, 101).join('\r\n')}\r\n${(sampleLines[101] as string).slice(0, 90)}`)
  const e = await failing([path])
  assert.equal(e.code, 'ETL_TRUNCATED')
  assert.equal(e.details.line, 102)
  assert.deepEqual(await state(), snapshot)
})

test('a malformed address on line 7 is INVALID_ADDRESS with file, line, column and value', async () => {
  const path = join(dir, 'bad-address.csv')
  const lines = [...sampleLines]
  lines[6] = (lines[6] as string).replace(/,0x[0-9a-f]{40},/, ',0x12345,')
  writeFileSync(path, lines.join('\r\n'))
  const e = await failing([path])
  assert.equal(e.exit, 3)
  assert.equal(e.code, 'INVALID_ADDRESS')
  assert.deepEqual(e.details, { file: path, line: 7, column: 'from_address', value: '0x12345' })
  assert.deepEqual(await state(), snapshot)
})

test('a value that is not a whole number is ETL_MALFORMED; an unterminated quote is ETL_TRUNCATED', async () => {
  const bad = join(dir, 'bad-value.csv')
  const lines = sampleLines.slice(0, 20)
  const cells = (lines[4] as string).split(',')
  cells[7] = '1.5e18'
  lines[4] = cells.join(',')
  writeFileSync(bad, `${lines.join('\r\n')}\r\n`)
  const e = await failing([bad])
  assert.equal(e.code, 'ETL_MALFORMED')
  assert.deepEqual(e.details, { file: bad, line: 5, column: 'value', value: '1.5e18' })

  const quote = join(dir, 'quote.csv')
  writeFileSync(quote, `${sampleLines.slice(0, 10).join('\r\n')}\r\n0xab,"12,`)
  const q = await failing([quote])
  assert.equal(q.code, 'ETL_TRUNCATED')
  assert.equal(q.details.line, 11)
  assert.deepEqual(await state(), snapshot)
})

test('JSON lines: a broken line is ETL_MALFORMED at its line, a cut last line ETL_TRUNCATED', async () => {
  const lines = readFileSync(join(STREAM, 'expected_token_transfers.json'), 'utf8').split('\n')
  const broken = join(dir, 'token_transfers.json')
  writeFileSync(broken, [lines[0], lines[1], '{"type": "token_transfer", "value": }', ...lines.slice(3)].join('\n'))
  const e = await failing([broken])
  assert.equal(e.code, 'ETL_MALFORMED')
  assert.equal(e.details.line, 3)

  const cut = join(dir, 'cut_token_transfers.json')
  writeFileSync(cut, `${lines.slice(0, 5).join('\n')}\n${(lines[5] as string).slice(0, 100)}`)
  const t = await failing([cut])
  assert.equal(t.code, 'ETL_TRUNCATED')
  assert.equal(t.details.line, 6)

  const badHash = join(dir, 'bad_hash_token_transfers.json')
  writeFileSync(
    badHash,
    [
      lines[0],
      (lines[1] as string).replace(/"transaction_hash": "0x[0-9a-f]{4}/, '"transaction_hash": "0xzz'),
      '',
    ].join('\n'),
  )
  const h = await failing([badHash])
  assert.equal(h.code, 'INVALID_HASH')
  assert.equal(h.details.line, 2)
  assert.equal(h.details.column, 'transaction_hash')
  assert.deepEqual(await state(), snapshot)
})

test('one bad file among good ones: nothing is imported', async () => {
  const good = join(ETL, 'test_export_traces_job/block_with_subtraces/expected_traces.csv')
  const bad = join(dir, 'bad-address-2.csv')
  const lines = [...sampleLines.slice(0, 30)]
  lines[29] = (lines[29] as string).replace(/,0x[0-9a-f]{40},/, ',0xnothex0000000000000000000000000000000000,')
  writeFileSync(bad, `${lines.join('\r\n')}\r\n`)
  const e = await failing([good, SAMPLE, bad])
  assert.equal(e.code, 'INVALID_ADDRESS')
  assert.equal(e.details.line, 30)
  assert.deepEqual(await state(), snapshot)
})

test('unknown files and missing paths have their own codes', async () => {
  const unknown = join(dir, 'tokens.csv')
  copyFileSync(join(ETL, 'test_export_tokens_job/token_with_invalid_data/expected_tokens.csv'), unknown)
  const u = await failing([unknown])
  assert.equal(u.code, 'ETL_UNKNOWN_TABLE')
  assert.equal(u.exit, 3)
  const m = await failing([join(dir, 'no-such-file.csv')])
  assert.equal(m.code, 'FILE_NOT_FOUND')
  assert.equal(m.exit, 3)
  assert.deepEqual(await state(), snapshot)
})

test('gzip is recognised by its magic bytes, whatever the name', async () => {
  const path = join(dir, 'traces-export.csv')
  writeFileSync(
    path,
    gzipSync(readFileSync(join(ETL, 'test_export_traces_job/block_with_subtraces/expected_traces.csv'))),
  )
  const own = tempDb()
  const r = await cli(['import', 'etl', path, '--db', own, '--json'])
  assert.equal(r.code, 0, r.err)
  // Two successful value calls; the callcode moves nothing and the block reward is not a transfer.
  assert.deepEqual(JSON.parse(r.out).tables, { traces: 4, transfers: 2 })
})
