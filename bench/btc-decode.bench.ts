// Decoding Bitcoin Core's `getblock <hash> 2` answers into bitcoin-etl rows (amounts exact from their decimal
// text, nonstandard addresses hashed), against JSON.parse alone of the same bytes, in one run.
// Input: the recorded mainnet getblock answers of bitcoin-etl's test fixtures (blocks 0, 1, 50000-50002),
// repeated to about 100 MB of JSON.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseBitcoinJson } from '../src/sources/bitcoin-rpc/bitcoin-json.ts'
import { decodeBtcBlock } from '../src/sources/bitcoin-rpc/decode-btc-block.ts'
import { report, timeBest } from './report.ts'

const root = '../shared/data/conformance/bitcoin-etl/test_export_blocks_job/bitcoin'
const seen = new Set<string>()
const answers: string[] = []
for (const fixture of readdirSync(root).sort()) {
  for (const f of readdirSync(join(root, fixture)).sort()) {
    if (!/^rpc_response_getblock_[0-9a-f]{64}_2\.json$/.test(f) || seen.has(f)) continue
    seen.add(f)
    answers.push(readFileSync(join(root, fixture, f), 'utf8'))
  }
}
const TARGET = 100e6
const one = answers.reduce((n, s) => n + s.length, 0)
const corpus = Array.from({ length: Math.ceil(TARGET / one) }, () => answers).flat()
const bytes = corpus.reduce((n, s) => n + s.length, 0)

let transactions = 0
const parseOnly = () => {
  for (const s of corpus) JSON.parse(s)
}
const decodeAll = () => {
  transactions = 0
  for (const s of corpus) transactions += decodeBtcBlock(parseBitcoinJson(s)).transactions.length
}
parseOnly()
decodeAll()
const parse = await timeBest(parseOnly, 5)
const decode = await timeBest(decodeAll, 5)
report({
  bench: 'btc-decode',
  metric: 'parse+decode time / JSON.parse time',
  value: decode / parse,
  unit: 'x',
  baseline: { name: 'JSON.parse alone', value: bytes / parse / 1e6, unit: 'MB/s' },
  ratio: decode / parse,
  aim: '<= 2x',
  mbPerSecond: bytes / decode / 1e6,
  transactionsPerSecond: Math.round(transactions / decode),
  blocks: corpus.length,
  transactions,
  bytes,
})
