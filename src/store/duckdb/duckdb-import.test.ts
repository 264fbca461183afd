import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ImportColumn, StagedBlock, TextRow } from '../import-session.ts'
import { TABLES } from '../schema.ts'
import { DuckDbImportSession } from './duckdb-import.ts'
import { openDuckDbStore } from './duckdb-store.ts'

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const cols: ImportColumn[] = TABLES.transactions.map((c) => ({
  name: c.name,
  pattern: c.type === 'bigint' ? '[0-9]{1,18}' : null,
  code: 'ETL_MALFORMED',
  required: c.name === 'hash' || c.name === 'block_number',
  lowercase: false,
}))
const names = TABLES.transactions.map((c) => c.name)
/** One transaction per block, block numbers from `from`, value the block number written with leading zeros. */
function txRows(n: number, from = 1): TextRow[] {
  return Array.from({ length: n }, (_, i) => {
    const b = from + i
    const v: Record<string, string> = { hash: hash(b), block_number: String(b), transaction_index: '0' }
    v.value = `00${b}`
    return { line: i + 2, values: names.map((c) => v[c] ?? null) }
  })
}
async function* once<T>(v: T) {
  yield v
}

test('several derivation ranges see every staged block, and staging between ranges loses none', async () => {
  const store = await openDuckDbStore(':memory:')
  const s = new DuckDbImportSession(store.connection, 'ethereum', {}, 3)
  assert.equal(await s.stageText('transactions', 'f', { columns: names, rows: once(txRows(10)) }, cols), 10)
  const seen: StagedBlock[] = []
  for await (const batch of s.readStagedBlocks({ transactions: ['hash', 'value', 'block_number'] })) {
    seen.push(...batch)
    // Staging here runs a query on the connection mid-read: the next range must still come.
    await s.stageDerived('transfers', [])
  }
  assert.deepEqual(
    seen.map((b) => b.number),
    [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n],
  )
  // Values are canonical decimal text (no leading zeros), block numbers bigint.
  assert.deepEqual(seen[4]?.tables.transactions, [{ hash: hash(5), value: '5', block_number: 5n }])
  await s.commit()
  assert.equal(await store.count('transactions', 'ethereum'), 10)
  await store.close()
})

test('the same rows from two files are stored once; abort leaves the store as it was', async () => {
  const store = await openDuckDbStore(':memory:')
  const s = new DuckDbImportSession(store.connection, 'ethereum')
  await s.stageText('transactions', 'a', { columns: names, rows: once(txRows(4)) }, cols)
  await s.stageText('transactions', 'b', { columns: names, rows: once(txRows(4)) }, cols)
  assert.deepEqual(await s.commit(), { transactions: 4 })
  const t = new DuckDbImportSession(store.connection, 'ethereum')
  await t.stageText('transactions', 'c', { columns: names, rows: once(txRows(5, 3)) }, cols)
  await t.abort()
  assert.equal(await store.count('transactions', 'ethereum'), 4)
  await store.close()
})

test('a cell that fails its pattern is reported with file, line, column and value; nothing staged stays', async () => {
  const store = await openDuckDbStore(':memory:')
  const s = new DuckDbImportSession(store.connection, 'ethereum')
  const rows = txRows(5)
  ;(rows[3] as TextRow).values[names.indexOf('nonce')] = '12x'
  await assert.rejects(
    s.stageText('transactions', 'tx.json', { columns: names, rows: once(rows) }, cols),
    (e: { code: string; details: unknown }) => {
      assert.equal(e.code, 'ETL_MALFORMED')
      assert.deepEqual(e.details, { file: 'tx.json', line: 5, column: 'nonce', value: '12x' })
      return true
    },
  )
  assert.deepEqual(await s.blockNumbers(), [])
  await store.close()
})
