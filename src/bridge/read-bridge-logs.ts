import type { Row, Store } from '../store/store.ts'
import type { BridgeDecoder, BridgeDeposit } from './bridge-decoder.ts'

export interface BridgeLogs<D extends BridgeDeposit> {
  deposits: D[]
  /** Every log row of the bridge's contracts in the window, for the decoder's outbound events. */
  rows: Row[]
}

/**
 * Reads the logs of a bridge's `contracts` (lowercase) from a store in a block window, decodes its deposits
 * and fills each deposit's sender from the transactions table (a refund's default recipient).
 */
export async function readBridgeLogs<D extends BridgeDeposit>(
  store: Pick<Store, 'read'>,
  chain: string,
  contracts: ReadonlySet<string>,
  decoder: Pick<BridgeDecoder<D>, 'decodeLog'>,
  window: { fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<BridgeLogs<D>> {
  const out: BridgeLogs<D> = { deposits: [], rows: [] }
  for await (const batch of store.read('logs', { chain, ...window })) {
    for (const row of batch) {
      if (!contracts.has(String(row.address).toLowerCase())) continue
      out.rows.push(row)
      const d = decoder.decodeLog(row, chain)
      if (d) out.deposits.push(d)
    }
  }
  if (out.deposits.length === 0) return out
  const txs = new Set(out.deposits.map((d) => d.tx))
  // Blocks are bigint, which Math.min cannot take: the range comes from the sorted list.
  const blocks = out.deposits.map((d) => d.block).sort((a, b) => (a === b ? 0 : a < b ? -1 : 1))
  const first = blocks[0] ?? 0n
  const last = blocks[blocks.length - 1] ?? first
  const senders = new Map<string, string>()
  for await (const batch of store.read('transactions', { chain, fromBlock: first, toBlock: last })) {
    for (const row of batch) {
      const hash = String(row.hash).toLowerCase()
      if (txs.has(hash)) senders.set(hash, String(row.from_address).toLowerCase())
    }
  }
  for (const d of out.deposits) d.sender = senders.get(d.tx) ?? null
  return out
}
