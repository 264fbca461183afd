import { DragnetError } from '../../core/errors.ts'
import type { Logger } from '../../core/logger.ts'
import type { Row } from '../../store/store.ts'
import { type DecodedBlock, decodeBlock } from './decode-block.ts'
import { type DecodedReceipts, decodeReceipts } from './decode-receipts.ts'
import { decodeGethTraces, decodeParityTraces } from './decode-traces.ts'
import type { JsonRpcClient } from './json-rpc-client.ts'

export type TraceMode = 'auto' | 'debug' | 'parity' | 'none'
export type TraceSource = 'debug' | 'parity' | 'none'
export type ReceiptSource = 'eth_getBlockReceipts' | 'eth_getTransactionReceipt'

const hex = (n: bigint) => `0x${n.toString(16)}`

/**
 * Fetches blocks, receipts and traces from one node, learning once which methods the node offers:
 * eth_getBlockReceipts else per-transaction receipts; callTracer else trace_block (in auto mode).
 */
export class EvmFetcher {
  private readonly client: JsonRpcClient
  private readonly logger: Logger
  private readonly traceMode: TraceMode
  receiptSource: ReceiptSource | undefined
  traceSource: TraceSource | undefined
  /** Why traces are off in auto mode, for the summary. */
  traceNote: string | undefined

  constructor(client: JsonRpcClient, options: { logger: Logger; traces: TraceMode }) {
    this.client = client
    this.logger = options.logger
    this.traceMode = options.traces
    if (options.traces === 'none') this.traceSource = 'none'
  }

  async latestBlock(): Promise<bigint> {
    const v = await this.client.request<unknown>('eth_blockNumber')
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) {
      throw new DragnetError('RPC_INVALID_DATA', 'eth_blockNumber returned no quantity', {
        details: { value: String(v) },
      })
    }
    return BigInt(v)
  }

  /** Blocks with full transactions, in the order asked. */
  async blocks(numbers: readonly bigint[]): Promise<DecodedBlock[]> {
    const raws = await this.client.batch(
      numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), true] })),
    )
    return raws.map((raw, i) => {
      if (raw === null) {
        throw new DragnetError('INVALID_RANGE', `the node has no block ${numbers[i]} yet`, {
          details: { block: numbers[i]?.toString() },
        })
      }
      return decodeBlock(raw, { method: 'eth_getBlockByNumber', block: numbers[i] as bigint })
    })
  }

  /** The node's current hash of a block (for reorg walks), or undefined if it has none. */
  async blockHash(number: bigint): Promise<string | undefined> {
    const raw = await this.client.request<{ hash?: string } | null>('eth_getBlockByNumber', [hex(number), false])
    return raw && typeof raw.hash === 'string' ? raw.hash.toLowerCase() : undefined
  }

  async receipts(block: DecodedBlock): Promise<DecodedReceipts> {
    const txHashes = block.transactions.map((t) => t.hash as string)
    if (txHashes.length === 0) return { receipts: [], logs: [], tokenTransfers: [] }
    let raws: unknown[] | undefined
    if (this.receiptSource !== 'eth_getTransactionReceipt') {
      try {
        const r = await this.client.request<unknown>('eth_getBlockReceipts', [hex(block.number)])
        if (!Array.isArray(r)) {
          throw new DragnetError(
            'RPC_INVALID_DATA',
            `eth_getBlockReceipts returned no list for block ${block.number}`,
            {
              details: { method: 'eth_getBlockReceipts', block: block.number.toString() },
            },
          )
        }
        raws = r
        this.receiptSource = 'eth_getBlockReceipts'
      } catch (error) {
        if (!(error instanceof DragnetError) || error.code !== 'RPC_METHOD_UNSUPPORTED' || this.receiptSource)
          throw error
        this.logger.info('node lacks eth_getBlockReceipts: fetching receipts per transaction in batches')
        this.receiptSource = 'eth_getTransactionReceipt'
      }
    }
    if (raws === undefined) {
      raws = await this.client.batch(txHashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
    }
    const where = { method: this.receiptSource as string, block: block.number }
    const decoded = decodeReceipts(raws, where)
    // Receipts from another version of the block mean it changed between our calls.
    const expected = new Set(txHashes)
    const consistent =
      decoded.receipts.length === txHashes.length &&
      decoded.receipts.every((r) => r.block_hash === block.hash && expected.has(r.transaction_hash as string))
    if (!consistent) {
      throw new DragnetError('CHAIN_INCONSISTENT', `receipts of block ${block.number} do not match its transactions`, {
        details: { block: block.number.toString(), blockHash: block.hash, retryable: true },
      })
    }
    return decoded
  }

  /** Traces of a block, or null when traces are off or the node has none (auto mode). */
  async traces(number: bigint, txHashes: readonly string[]): Promise<Row[] | null> {
    if (this.traceSource === 'none') return null
    const block = { number }
    const tryDebug = this.traceSource === 'debug' || (this.traceSource === undefined && this.traceMode !== 'parity')
    if (tryDebug) {
      try {
        const raw = await this.client.request('debug_traceBlockByNumber', [hex(block.number), { tracer: 'callTracer' }])
        this.traceSource = 'debug'
        return decodeGethTraces(raw, block.number, txHashes, {
          method: 'debug_traceBlockByNumber',
          block: block.number,
        })
      } catch (error) {
        if (!isUnsupported(error) || this.traceSource === 'debug' || this.traceMode === 'debug') throw error
      }
    }
    try {
      const raw = await this.client.request('trace_block', [hex(block.number)])
      this.traceSource = 'parity'
      return decodeParityTraces(raw, { method: 'trace_block', block: block.number })
    } catch (error) {
      if (!isUnsupported(error) || this.traceSource === 'parity' || this.traceMode === 'parity') throw error
    }
    this.traceSource = 'none'
    this.traceNote =
      'the node offers neither debug_traceBlockByNumber nor trace_block: internal transfers are not ingested'
    this.logger.warn(this.traceNote)
    return null
  }
}

function isUnsupported(error: unknown): boolean {
  return error instanceof DragnetError && error.code === 'RPC_METHOD_UNSUPPORTED'
}
