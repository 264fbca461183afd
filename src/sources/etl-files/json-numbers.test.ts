import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cellText, compactJson, NUMBER_MARK, parseJsonExact, quoteNumbers } from './json-numbers.ts'

test('bare numbers beyond 2^53 keep every digit', () => {
  const o = parseJsonExact('{"value": 150188698577042438264952193024, "n": 0, "neg": -5}') as Record<string, string>
  assert.equal(o.value, `${NUMBER_MARK}150188698577042438264952193024`)
  assert.equal(cellText(o.value), '150188698577042438264952193024')
  assert.equal(cellText(o.n), '0')
  assert.equal(cellText(o.neg), '-5')
})

test('digits inside strings, escaped quotes and backslashes are left alone', () => {
  const text = '{"a": "12 \\"34\\" 56", "b": "x\\\\", "c": 7, "d": [1, "2"]}'
  assert.equal(quoteNumbers(text), '{"a": "12 \\"34\\" 56", "b": "x\\\\", "c": "\\u00007", "d": ["\\u00001", "2"]}')
  const o = parseJsonExact(text) as Record<string, unknown>
  assert.equal(o.a, '12 "34" 56')
  assert.equal(o.b, 'x\\')
})

test('topics and trace addresses become comma-joined text; withdrawals compact JSON; empty lists absent', () => {
  const o = parseJsonExact(
    '{"topics": ["0xaa", "0xbb"], "trace_address": [0, 12], "w": [{"index": 2210752, "address": "0xb9"}], "e": []}',
  ) as Record<string, unknown>
  assert.equal(cellText(o.topics), '0xaa,0xbb')
  assert.equal(cellText(o.trace_address), '0,12')
  assert.equal(cellText(o.w), '[{"index":2210752,"address":"0xb9"}]')
  assert.equal(cellText(o.e), null)
  assert.equal(cellText(null), null)
  assert.equal(compactJson({ a: `${NUMBER_MARK}1e3` }), '{"a":1e3}')
})
