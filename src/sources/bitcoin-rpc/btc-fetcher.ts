import type { BtcOutput } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import { obj } from './bitcoin-json.ts'
import type { BitcoinRpcClient } from './bitcoin-rpc-client.ts'
import { type DecodedBtcBlock, decodeBtcBlock, decodeTransaction } from './decode-btc-block.ts'

/** Bitcoin Core's RPC_INVALID_ADDRESS_OR_KEY: no such transaction (no -txindex) or block. */
const NOT_FOUND = -5

/** Blocks per getblock batch: a full block's verbose JSON is some megabytes. */
const BLOCKS_PER_BATCH = 8

/** The calls ingest makes, each batched: heights to hashes, hashes to decoded blocks, txids to their outputs. */
export class BtcFetcher {
  constructor(readonly client: BitcoinRpcClient) {}

  async blockCount(): Promise<bigint> {
    const n = await this.client.call('getblockcount')
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new DragnetError('RPC_INVALID_DATA', `getblockcount answered ${String(n).slice(0, 40)}, not a height`)
    }
    return BigInt(n)
  }

  async blockHashes(heights: readonly bigint[]): Promise<string[]> {
    const hashes = await this.client.batch(heights.map((h) => ({ method: 'getblockhash', params: [Number(h)] })))
    return hashes.map((h, i) => {
      if (typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h)) {
        throw new DragnetError('RPC_INVALID_DATA', `getblockhash ${heights[i]} answered no block hash`, {
          details: { height: String(heights[i]) },
        })
      }
      return h
    })
  }

  async blocks(hashes: readonly string[]): Promise<DecodedBtcBlock[]> {
    const out: DecodedBtcBlock[] = []
    for (let i = 0; i < hashes.length; i += BLOCKS_PER_BATCH) {
      const slice = hashes.slice(i, i + BLOCKS_PER_BATCH)
      const raw = await this.client.batch(slice.map((h) => ({ method: 'getblock', params: [h, 2] })))
      for (let j = 0; j < raw.length; j++) {
        const decoded = decodeBtcBlock(raw[j])
        if (decoded.block.hash !== slice[j]) {
          throw new DragnetError('RPC_INVALID_DATA', `getblock ${slice[j]} answered block ${decoded.block.hash}`, {
            details: { asked: slice[j], got: decoded.block.hash },
          })
        }
        out.push(decoded)
      }
    }
    return out
  }

  /**
   * The outputs of transactions by txid, from `getrawtransaction <txid> true`; a transaction the node cannot
   * find (no -txindex, error -5) maps to null, any other error fails.
   */
  async transactionOutputs(txids: readonly string[]): Promise<Map<string, BtcOutput[] | null>> {
    const settled = await this.client.batchSettled(
      txids.map((t) => ({ method: 'getrawtransaction', params: [t, true] })),
    )
    const out = new Map<string, BtcOutput[] | null>()
    for (let i = 0; i < settled.length; i++) {
      const s = settled[i] as (typeof settled)[number]
      const txid = txids[i] as string
      if (!s.ok) {
        if (s.error.details.rpcCode !== NOT_FOUND) throw s.error
        out.set(txid, null)
        continue
      }
      const at = { hash: '', number: 0n, timestamp: 0n, index: 0 }
      const { transaction } = decodeTransaction(obj(s.result, `getrawtransaction ${txid}`), at)
      if (transaction.hash !== txid) {
        throw new DragnetError('RPC_INVALID_DATA', `getrawtransaction ${txid} answered transaction ${transaction.hash}`)
      }
      out.set(txid, transaction.outputs)
    }
    return out
  }
}
