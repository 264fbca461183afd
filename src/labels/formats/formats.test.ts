import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { csvLabels, labelsToCsv } from './csv-labels.ts'
import { etherscanLabels } from './etherscan-labels.ts'
import { labelsToTagpack, tagpackLabels } from './tagpack.ts'

const ETHERSCAN = JSON.stringify({
  '0x689c56aef474df92d44a1b70850f808488f9769c': { name: 'KuCoin 2', labels: ['kucoin'] },
  '0xaeaac358560e11f52454d997aaff2c5731b6f8a6': {
    name: 'Tornado.Cash: 5,000 cUSDC',
    labels: ['ofac-sanctions-lists', 'tornado-cash'],
  },
  '0x55d398326f99059ff775485246999027b3197955': { name: 'Fake_Phishing6512', labels: ['blocked'] },
  '0x22ff777ef6fe0690f1f74c6758126909653ad56a': { name: 'Some Token', labels: ['meme'] },
})

test('etherscan tags map to categories by the documented table', () => {
  const r = etherscanLabels(ETHERSCAN, { source: 'etherscan', sourceDate: '2023-10-01', path: 'e.json' })
  assert.equal(r.unmapped, 1)
  assert.deepEqual(
    r.labels.map((l) => [l.address.slice(0, 6), l.category, l.name, l.confidence]),
    [
      ['0x689c', 'exchange', 'KuCoin 2', 70],
      ['0xaeaa', 'sanctioned', 'Tornado.Cash: 5,000 cUSDC', 80],
      ['0xaeaa', 'mixer', 'Tornado.Cash: 5,000 cUSDC', 70],
      ['0x55d3', 'phishing', 'Fake_Phishing6512', 70],
    ],
  )
  assert.throws(
    () => etherscanLabels('{"0x12": {"labels": []}}', { source: 'e', sourceDate: null, path: 'e.json' }),
    (e: unknown) => e instanceof DragnetError && e.code === 'LABELS_MALFORMED',
  )
})

test('tagpack: header fields are inherited; export then import gives the same labels', () => {
  const yaml = `title: Test pack\ncreator: t\ncurrency: ETH\ncategory: exchange\nlastmod: 2024-05-01\ntags:\n  - address: "0x689c56aef474df92d44a1b70850f808488f9769c"\n    label: KuCoin 2\n    confidence: ownership\n  - address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n    currency: BTC\n    category: mixing_service\n    label: Mixer\n`
  const labels = tagpackLabels(yaml, { path: 't.yaml' })
  assert.deepEqual(
    labels.map((l) => [l.chain, l.category, l.name, l.source, l.sourceDate, l.confidence]),
    [
      ['ethereum', 'exchange', 'KuCoin 2', 'Test pack', '2024-05-01', 100],
      ['bitcoin', 'mixer', 'Mixer', 'Test pack', '2024-05-01', 50],
    ],
  )
  const again = tagpackLabels(labelsToTagpack(labels), { path: 'x.yaml' })
  assert.deepEqual(again, labels)
})

test('csv: import, export and import again is lossless; a bad row names its line', () => {
  const text =
    'address,label,category,source,programmes\nTFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD,"Garantex, Europe",sanctioned,ofac,CYBER4;RUSSIA-EO14024\n'
  const labels = csvLabels(text, { path: 'l.csv' })
  assert.deepEqual(labels, [
    {
      chain: 'tron',
      address: 'TFwjPScaJRCbSWVAywE1S1WgaUgSnyYUbD',
      category: 'sanctioned',
      name: 'Garantex, Europe',
      source: 'ofac',
      sourceDate: null,
      confidence: 50,
      programmes: ['CYBER4', 'RUSSIA-EO14024'],
      asset: null,
      notes: null,
    },
  ])
  assert.deepEqual(csvLabels(labelsToCsv(labels), { path: 'x.csv' }), labels)
  assert.throws(
    () => csvLabels('address,label,category,source\n0xab,"open,mixer,s\n', { path: 'b.csv' }),
    (e: unknown) => e instanceof DragnetError && e.code === 'LABELS_MALFORMED' && e.details.line === 2,
  )
})
