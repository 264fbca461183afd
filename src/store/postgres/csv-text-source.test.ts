import assert from 'node:assert/strict'
import { test } from 'node:test'
import { splitCsvLine } from './csv-text-source.ts'

test('CSV lines: quoted cells with commas and doubled quotes; empty unquoted cells are null, empty quoted ones are text', () => {
  assert.deepEqual(splitCsvLine('a,"b,c","say ""hi""",,""', 'f', 2), ['a', 'b,c', 'say "hi"', null, ''])
  assert.deepEqual(splitCsvLine('', 'f', 2), [null])
  assert.deepEqual(splitCsvLine('x,', 'f', 2), ['x', null])
})

test('CSV lines: a quote still open at the end of the line is ETL_TRUNCATED with file and line', () => {
  assert.throws(() => splitCsvLine('a,"b', 'tx.csv', 7), {
    code: 'ETL_TRUNCATED',
    details: { file: 'tx.csv', line: 7, column: null, value: 'a,"b' },
  })
})
