import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { BtcTransaction } from '../src/core/btc-types.ts'
import { parseBitcoinJson } from '../src/sources/bitcoin-rpc/bitcoin-json.ts'
import { decodeBtcBlock } from '../src/sources/bitcoin-rpc/decode-btc-block.ts'
import type { BtcStore } from '../src/store/btc-store.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { openPgliteClient } from '../src/store/postgres/pglite-client.ts'
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts'

const DIR = join(import.meta.dirname, '../../shared/data/conformance/bitcoin-etl/test_export_blocks_job/bitcoin')
const block50001 = decodeBtcBlock(
  parseBitcoinJson(
    readFileSync(
      join(
        DIR,
        'block_with_transactions/rpc_response_getblock_000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141_2.json',
      ),
      'utf8',
    ),
  ),
)

async function readAll(store: BtcStore, chain: string, batchSize = 2): Promise<BtcTransaction[]> {
  const out: BtcTransaction[] = []
  for await (const batch of store.readBtcTransactions(chain, { batchSize })) out.push(...batch)
  return out
}

async function contract(store: BtcStore): Promise<void> {
  const { block, transactions } = block50001
  const cp = { chain: 'bitcoin', job: 'ingest:btc', block: 50001n, blockHash: block.hash }
  await store.writeBtcBatch('bitcoin', 50001n, 50001n, [block], transactions, cp)
  assert.deepEqual(await store.countBtc('bitcoin'), { blocks: 1, transactions: 3, inputs: 3, outputs: 3 })
  assert.deepEqual(await readAll(store, 'bitcoin'), transactions, 'read back as written, in order, across batches')
  const blocks = []
  for await (const b of store.readBtcBlocks('bitcoin')) blocks.push(...b)
  assert.deepEqual(blocks, [block])
  assert.deepEqual((await store.getBtcCheckpoint('bitcoin'))?.block, 50001n)
  assert.deepEqual(await store.btcBlockHashes('bitcoin', 0n, 60000n), new Map([[50001n, block.hash]]))
  // The coinbase output of 50001: 50 BTC to 1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ (a pay-to-pubkey output).
  const coinbase = 'e1882d41800d96d0fddc196cd8d3f0b45d65b030c652d97eaba79a1174e64d58'
  const outs = await store.btcOutputs('bitcoin', [
    { txid: coinbase, vout: 0 },
    { txid: coinbase, vout: 1 },
  ])
  assert.deepEqual([...outs.keys()], [`${coinbase}:0`])
  assert.equal(outs.get(`${coinbase}:0`)?.value, 5_000_000_000n)
  assert.deepEqual(outs.get(`${coinbase}:0`)?.addresses, ['1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ'])
  assert.equal(outs.get(`${coinbase}:0`)?.blockNumber, 50001n)
  // Writing the same range again replaces, never duplicates; another chain is apart.
  await store.writeBtcBatch('bitcoin', 50001n, 50001n, [block], transactions)
  await store.writeBtcBatch('testnet', 50001n, 50001n, [block], transactions.slice(0, 1))
  assert.deepEqual(await store.countBtc('bitcoin'), { blocks: 1, transactions: 3, inputs: 3, outputs: 3 })
  assert.deepEqual(await store.countBtc(), { blocks: 2, transactions: 4, inputs: 3, outputs: 4 })
  await store.rollbackBtcFrom('bitcoin', 50001n)
  assert.deepEqual(await store.countBtc('bitcoin'), { blocks: 0, transactions: 0, inputs: 0, outputs: 0 })
  assert.equal(await store.getBtcCheckpoint('bitcoin'), undefined)
  assert.equal((await store.countBtc('testnet')).transactions, 1)

  const link = { chain: 'bitcoin', a: '1A', b: '1B', rule: 'multi-input', confidence: 90, tx: coinbase }
  await store.replaceClusters(
    'bitcoin',
    [link],
    [
      { chain: 'bitcoin', address: '1A', cluster: '1A' },
      { chain: 'bitcoin', address: '1B', cluster: '1A' },
    ],
  )
  assert.deepEqual(await store.clustersOf('bitcoin', ['1B', '1C']), new Map([['1B', '1A']]))
  assert.deepEqual(await store.clusterLinks('bitcoin', ['1B']), [link])
  await store.replaceClusters('bitcoin', [], [{ chain: 'bitcoin', address: '1C', cluster: '1C' }])
  assert.deepEqual(await store.clustersOf('bitcoin', ['1A', '1B', '1C']), new Map([['1C', '1C']]))
  assert.deepEqual(await store.clusterLinks('bitcoin'), [])
}

describe('the BtcStore contract', () => {
  test('on DuckDB', async () => {
    const store = await openDuckDbStore(':memory:')
    try {
      await contract(store.btc)
    } finally {
      await store.close()
    }
  })
  test('on PGlite', async () => {
    const store = await openPostgresStore(await openPgliteClient({ schema: 'btc_contract' }))
    try {
      await contract(store.btc)
    } finally {
      await store.close()
    }
  })
})
