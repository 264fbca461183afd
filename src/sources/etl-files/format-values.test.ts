import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ColumnSpec } from '../../store/schema.ts'
import { csvCell, jsonCell, pyString } from './format-values.ts'

const col = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ name, type })

test('CSV cells: NULL empty, quoted only when a comma, quote or line end is inside', () => {
  assert.equal(csvCell(col('to_address', 'text'), null), '')
  assert.equal(csvCell(col('value', 'uint256'), '150188698577042438264952193024'), '150188698577042438264952193024')
  assert.equal(csvCell(col('topics', 'text'), '0xaa,0xbb'), '"0xaa,0xbb"')
  assert.equal(csvCell(col('error', 'text'), 'say "no"'), '"say ""no"""')
  assert.equal(csvCell(col('error', 'text'), 'a\nb'), '"a\nb"')
  assert.equal(csvCell(col('withdrawals', 'json'), '[{"index":1},{"index":2}]'), '"{""index"":1},{""index"":2}"')
})

test('JSON cells: numbers bare, lists as lists, strings as Python json.dumps writes them', () => {
  assert.equal(jsonCell(col('value', 'uint256'), '150188698577042438264952193024'), '150188698577042438264952193024')
  assert.equal(jsonCell(col('nonce', 'bigint'), 7n), '7')
  assert.equal(jsonCell(col('to_address', 'text'), null), 'null')
  assert.equal(jsonCell(col('topics', 'text'), '0xaa,0xbb'), '["0xaa", "0xbb"]')
  assert.equal(jsonCell(col('topics', 'text'), null), '[]')
  assert.equal(jsonCell(col('trace_address', 'text'), '0,3'), '[0, 3]')
  assert.equal(
    jsonCell(col('withdrawals', 'json'), '[{"index":1,"address":"0x, :"}]'),
    '[{"index": 1, "address": "0x, :"}]',
  )
  assert.equal(pyString('café ✓'), '"caf\\u00e9 \\u2713"')
})
