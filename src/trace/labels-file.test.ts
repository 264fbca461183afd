import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { loadLabelsFile } from './labels-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'dragnet-labels-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const A = '0x00000000000000000000000000000000000000AA'
const B = '0x00000000000000000000000000000000000000bb'
const load = (path: string) => loadLabelsFile(path, 'ethereum')

describe('labels file', () => {
  it('reads the short CSV layout by its header, lowercasing addresses and keeping commas in names', () => {
    const labels = load(file('l.csv', `address,category,name\n${A},exchange,"Kraken, hot wallet 1"\n\n`))
    assert.deepEqual(labels.get(A.toLowerCase()), [{ category: 'exchange', name: 'Kraken, hot wallet 1' }])
    assert.deepEqual([...(labels.entries?.() ?? [])].length, 1)
  })

  it('reads a CSV in `labels import`’s layout by column name, not position', () => {
    // The layout `dragnet labels export` writes: address,label,category,source,... A reader by position took
    // the label ("Test Heist 2017") for the category.
    const text =
      'address,label,category,source,chain,confidence,source_date,programmes,asset,notes\n' +
      `${A},Test Heist 2017,hack,case-17,ethereum,90,2017-07-19,,,\n` +
      `${A},Test Heist 2017,sanctioned,ofac,ethereum,100,,DPRK3,,\n` +
      `${B},Kraken,exchange,mine,,,,,,\n`
    const labels = load(file('import.csv', text))
    assert.deepEqual(labels.get(A.toLowerCase()), [
      { category: 'sanctioned', name: 'Test Heist 2017' },
      { category: 'hack', name: 'Test Heist 2017' },
    ])
    assert.deepEqual(labels.get(B), [{ category: 'exchange', name: 'Kraken' }])
  })

  it('reads a JSON array, `name` or `label` naming the entity', () => {
    const labels = load(
      file(
        'l.json',
        JSON.stringify([
          { address: A, category: 'mixer', name: 'Tornado' },
          { address: B, category: 'bridge', label: 'Wormhole' },
        ]),
      ),
    )
    assert.deepEqual(labels.get(A), [{ category: 'mixer', name: 'Tornado' }])
    assert.deepEqual(labels.get(B), [{ category: 'bridge', name: 'Wormhole' }])
  })

  it('fails with LABELS_MALFORMED naming the line on a bad row, an unknown category or a missing header', () => {
    const cases: [string, string, RegExp][] = [
      ['b1.csv', 'address,category,name\n0x12,exchange,X\n', /b1\.csv:2: not a 20-byte address: 0x12/],
      ['b2.csv', `address,category,name\n${A},exchnage,Kraken\n`, /b2\.csv:2: unknown category exchnage/],
      ['b3.csv', `address,category,name\n${B},mixer,T\n${A},,X\n`, /b3\.csv:3: unknown category/],
      ['b4.csv', `${A},exchange,Kraken\n`, /b4\.csv:1: header must name address, label, category/],
      ['b5.csv', `address,category,name\n${A},exchange\n`, /b5\.csv:2: expected 3 fields/],
      ['b6.json', '[{', /b6\.json: not valid JSON/],
      [
        'b7.json',
        JSON.stringify([
          { address: A, category: 'exchange' },
          { address: A, category: 'cex' },
        ]),
        /item:2: unknown category cex/,
      ],
    ]
    for (const [name, text, message] of cases) {
      assert.throws(() => load(file(name, text)), { code: 'LABELS_MALFORMED', message }, name)
    }
    assert.throws(() => load(join(dir, 'none.csv')), { code: 'FILE_NOT_FOUND' })
  })
})
