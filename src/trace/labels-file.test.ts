import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadLabelsFile } from './labels-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-labels-'))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const A = '0x00000000000000000000000000000000000000AA'

describe('labels file', () => {
  it('reads CSV with a header, lowercasing addresses and keeping commas in names', () => {
    const labels = loadLabelsFile(file('l.csv', `address,category,name\n${A},exchange,"Kraken, hot wallet 1"\n\n`))
    assert.deepEqual(labels.get(A.toLowerCase()), { category: 'exchange', name: 'Kraken, hot wallet 1' })
    assert.deepEqual([...(labels.entries?.() ?? [])].length, 1)
  })

  it('reads a JSON array', () => {
    const labels = loadLabelsFile(file('l.json', JSON.stringify([{ address: A, category: 'mixer', name: 'Tornado' }])))
    assert.deepEqual(labels.get(A), { category: 'mixer', name: 'Tornado' })
  })

  it('fails with stable codes on a bad address, a missing category, bad JSON or a missing file', () => {
    assert.throws(() => loadLabelsFile(file('b1.csv', 'address,category,name\n0x12,exchange,X\n')), {
      code: 'INVALID_ADDRESS',
    })
    assert.throws(() => loadLabelsFile(file('b2.csv', `${A},,X\n`)), { code: 'INVALID_ARGUMENT' })
    assert.throws(() => loadLabelsFile(file('b3.json', '[{')), { code: 'INVALID_ARGUMENT' })
    assert.throws(() => loadLabelsFile(join(dir, 'none.csv')), { code: 'FILE_NOT_FOUND' })
  })
})
