import { type DuckDbStore, openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { Row } from '../store/store.ts'

/** A readable address for hand-built test chains: addr(1) = 0x000...01. */
export const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`
/** A transaction hash derived from block and index. */
export const txHash = (block: number, index = 0): string => `0x${(block * 1000 + index).toString(16).padStart(64, '0')}`

export interface FixtureTransfer {
  block: number
  tx?: number
  position?: string
  from: string
  to: string
  amount: bigint | number
  asset?: string
  kind?: 'native' | 'internal' | 'erc20' | 'wrap' | 'unwrap'
}

/** Store rows of hand-written transfers: block_time = 1000 + block, positions default to log:<i> per transaction. */
export function transferRows(transfers: readonly FixtureTransfer[]): Row[] {
  const logIndex = new Map<string, number>()
  return transfers.map((t) => {
    const key = `${t.block}:${t.tx ?? 0}`
    const i = logIndex.get(key) ?? 0
    logIndex.set(key, i + 1)
    const asset = t.asset ?? 'native'
    return {
      block_number: BigInt(t.block),
      block_time: BigInt(1000 + t.block),
      tx_hash: txHash(t.block, t.tx ?? 0),
      tx_index: BigInt(t.tx ?? 0),
      position: t.position ?? `log:${i}`,
      kind: t.kind ?? (asset === 'native' ? 'native' : 'erc20'),
      from_address: t.from,
      to_address: t.to,
      asset,
      amount: BigInt(t.amount).toString(),
    }
  })
}

/** An in-memory DuckDB store holding the given transfers on chain `ethereum`. */
export async function storeWith(transfers: readonly FixtureTransfer[], path = ':memory:'): Promise<DuckDbStore> {
  const store = await openDuckDbStore(path)
  const rows = transferRows(transfers)
  const maxBlock = BigInt(Math.max(0, ...transfers.map((t) => t.block)))
  await store.writeBatch({
    chain: 'ethereum',
    fromBlock: 0n,
    toBlock: maxBlock,
    tables: { transfers: rows },
    replace: ['transfers'],
  })
  return store
}
