// Decoding node answers into rows and transfers, against JSON.parse alone of the same bytes, in one run.
// Input: the real mainnet blocks 17173049-17173050 (297 transactions, 680 logs) from ethereum-etl's test
// resources, re-encoded into the eth_getBlockByNumber and eth_getBlockReceipts answers a node gives.
import { readFileSync } from 'node:fs'
import { deriveTransfers } from '../src/ingest/derive-transfers.ts'
import { decodeBlock } from '../src/sources/evm-rpc/decode-block.ts'
import { decodeReceipts } from '../src/sources/evm-rpc/decode-receipts.ts'
import { report, timeBest } from './report.ts'

const dir = '../shared/data/conformance/ethereum-etl/test_stream/blocks_17173049_17173050'
// Big integers must stay exact while re-encoding: quote long digit runs before parsing.
const readJsonl = (name: string) =>
  readFileSync(`${dir}/${name}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l.replace(/:\s*(\d{16,})/g, ': "$1"')) as Record<string, unknown>)
const hex = (v: unknown) => (v === null || v === undefined ? null : `0x${BigInt(v as string | number).toString(16)}`)

const blocks = readJsonl('expected_blocks.json')
const txs = readJsonl('expected_transactions.json')
const logs = readJsonl('expected_logs.json')

const responses: string[] = []
for (const b of blocks) {
  const mine = txs.filter((t) => t.block_number === b.number)
  const block = {
    number: hex(b.number),
    hash: b.hash,
    parentHash: b.parent_hash,
    nonce: b.nonce,
    sha3Uncles: b.sha3_uncles,
    logsBloom: b.logs_bloom,
    transactionsRoot: b.transactions_root,
    stateRoot: b.state_root,
    receiptsRoot: b.receipts_root,
    miner: b.miner,
    difficulty: hex(b.difficulty),
    totalDifficulty: hex(b.total_difficulty),
    size: hex(b.size),
    extraData: b.extra_data,
    gasLimit: hex(b.gas_limit),
    gasUsed: hex(b.gas_used),
    timestamp: hex(b.timestamp),
    baseFeePerGas: hex(b.base_fee_per_gas),
    withdrawalsRoot: b.withdrawals_root,
    transactions: mine.map((t) => ({
      hash: t.hash,
      nonce: hex(t.nonce),
      blockHash: t.block_hash,
      blockNumber: hex(t.block_number),
      transactionIndex: hex(t.transaction_index),
      from: t.from_address,
      to: t.to_address,
      value: hex(t.value),
      gas: hex(t.gas),
      gasPrice: hex(t.gas_price),
      input: t.input,
      maxFeePerGas: hex(t.max_fee_per_gas),
      maxPriorityFeePerGas: hex(t.max_priority_fee_per_gas),
      type: hex(t.transaction_type),
    })),
  }
  const receipts = mine.map((t) => ({
    transactionHash: t.hash,
    transactionIndex: hex(t.transaction_index),
    blockHash: t.block_hash,
    blockNumber: hex(t.block_number),
    cumulativeGasUsed: hex(t.receipt_cumulative_gas_used),
    gasUsed: hex(t.receipt_gas_used),
    contractAddress: t.receipt_contract_address,
    status: hex(t.receipt_status),
    effectiveGasPrice: hex(t.receipt_effective_gas_price),
    logs: logs
      .filter((l) => l.transaction_hash === t.hash)
      .map((l) => ({ logIndex: hex(l.log_index), address: l.address, data: l.data, topics: l.topics })),
  }))
  responses.push(
    JSON.stringify({ jsonrpc: '2.0', id: 1, result: block }),
    JSON.stringify({ jsonrpc: '2.0', id: 2, result: receipts }),
  )
}
const REPEAT = 50
const corpus = Array.from({ length: REPEAT }, () => responses).flat()
const bytes = corpus.reduce((n, s) => n + s.length, 0)
const wrapped = new Set(['0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'])

let transfers = 0
const parseOnly = () => {
  for (const s of corpus) JSON.parse(s)
}
const decodeAll = () => {
  transfers = 0
  for (let i = 0; i < corpus.length; i += 2) {
    const block = decodeBlock((JSON.parse(corpus[i] as string) as { result: unknown }).result, {
      method: 'eth_getBlockByNumber',
    })
    const r = decodeReceipts((JSON.parse(corpus[i + 1] as string) as { result: unknown[] }).result, {
      method: 'eth_getBlockReceipts',
    })
    transfers += deriveTransfers(
      {
        number: block.number,
        timestamp: block.timestamp,
        transactions: block.transactions,
        receipts: r.receipts,
        logs: r.logs,
        tokenTransfers: r.tokenTransfers,
        traces: [],
        hasTraces: false,
        hasLogs: true,
      },
      wrapped,
    ).length
  }
}
parseOnly()
decodeAll()
const parse = await timeBest(parseOnly, 7)
const decode = await timeBest(decodeAll, 7)
report({
  bench: 'decode-rpc',
  metric: 'parse+decode+derive time / JSON.parse time',
  value: decode / parse,
  unit: 'x',
  baseline: { name: 'JSON.parse alone', value: bytes / parse / 1e6, unit: 'MB/s' },
  ratio: decode / parse,
  aim: '<= 2x',
  transfersPerSecond: Math.round(transfers / decode),
  mbPerSecond: bytes / decode / 1e6,
  transfers,
  bytes,
})
