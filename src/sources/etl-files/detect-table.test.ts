import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TABLES } from '../../store/schema.ts'
import { detectTable } from './detect-table.ts'

const header = (t: keyof typeof TABLES) => TABLES[t].map((c) => c.name)

test('each ethereum-etl header names its table, whatever the file is called', () => {
  for (const t of ['blocks', 'transactions', 'receipts', 'logs', 'token_transfers', 'traces'] as const) {
    assert.equal(detectTable(header(t), 'export.csv'), t)
  }
})

test('stream-export keys with extra fields still match; unknown columns do not', () => {
  assert.equal(detectTable([...header('transactions'), 'receipt_gas_used', 'item_id'], 'x.json'), 'transactions')
  assert.equal(
    detectTable(['address', 'symbol', 'name', 'decimals', 'total_supply', 'block_number'], 'tokens.csv'),
    undefined,
  )
  // A name hint alone is not enough: the required columns must be there.
  assert.equal(detectTable(['foo', 'bar'], 'blocks.csv'), undefined)
})
