import { duckDbAddressTransfers } from './duckdb/duckdb-address-transfers.ts'
import type { DuckDbStore } from './duckdb/duckdb-store.ts'
import { postgresAddressTransfers } from './postgres/postgres-address-transfers.ts'
import type { PostgresStore } from './postgres/postgres-store.ts'

/** Which transfers of an address: received, sent, or both. */
export type TransferDirection = 'in' | 'out' | 'both'

/**
 * Where a transfer sits in chain order: block, transaction index, then within the transaction its own value,
 * calls by trace address, token events by log index (as the store's ORDER_BY.transfers), then the hash. A page
 * starts after the key of the last row of the one before.
 */
export interface TransferKey {
  block: bigint
  /** -1 when the store has no transaction index. */
  txIndex: bigint
  /** 0 the transaction's own value, 1 a call, 2 a log. */
  cls: number
  /** A log's index, else -1. */
  logIndex: bigint
  position: string
  tx: string
}

export interface AddressTransferQuery {
  chain: string
  /** Lowercase. */
  address: string
  direction: TransferDirection
  /** 'native' or a lowercase token address; every asset when absent. */
  asset?: string
  after?: TransferKey
  limit: number
}

export interface AddressTransferRow {
  key: TransferKey
  time: bigint | null
  from: string
  to: string
  asset: string
  /** Exact, base units, decimal text. */
  amount: string
}

export type AddressTransfers = (q: AddressTransferQuery) => Promise<AddressTransferRow[]>

/** The transfers reader of a DuckDB or PostgreSQL chain store; undefined for any other. */
export function addressTransfersOf(store: unknown): AddressTransfers | undefined {
  const kind = (store as { kind?: unknown }).kind
  if (kind === 'duckdb') {
    const c = (store as DuckDbStore).connection
    return (q) => duckDbAddressTransfers(c, q)
  }
  if (kind === 'postgres') {
    const c = (store as PostgresStore).client
    return (q) => postgresAddressTransfers(c, q)
  }
  return undefined
}

/** The ordering key's columns, computed from a transfers row the same way on both engines but for `logIndex`. */
export function keyColumns(logIndex: string): string {
  return `block_number, coalesce(tx_index, -1) AS txi,
    CASE WHEN position IN ('tx', 'trace:') THEN 0 WHEN position LIKE 'trace:%' THEN 1 ELSE 2 END AS cls,
    ${logIndex} AS li, position, tx_hash`
}

export const KEY_ORDER = 'block_number, txi, cls, li, position, tx_hash'

/**
 * The filters of a query and their parameters (from $1): `inner` on the transfers table (chain, address and
 * direction, asset), `outer` on the key columns (rows strictly after `after`, written out as nested comparisons).
 */
export function transferFilter(
  q: AddressTransferQuery,
  num: (v: bigint) => unknown,
): { inner: string; outer: string; params: unknown[] } {
  const params: unknown[] = [q.chain, q.address]
  const who =
    q.direction === 'in'
      ? 'to_address = $2'
      : q.direction === 'out'
        ? 'from_address = $2'
        : '(from_address = $2 OR to_address = $2)'
  const inner = ['chain = $1', who]
  if (q.asset !== undefined) {
    params.push(q.asset)
    inner.push(`asset = $${params.length}`)
  }
  if (!q.after) return { inner: inner.join(' AND '), outer: 'true', params }
  const k = q.after
  // Rows of earlier blocks can never follow the key: pruned before the key columns are computed and sorted.
  params.push(num(k.block))
  inner.push(`block_number >= $${params.length}`)
  const cols: [string, unknown][] = [
    ['block_number', num(k.block)],
    ['txi', num(k.txIndex)],
    ['cls', k.cls],
    ['li', num(k.logIndex)],
    ['position', k.position],
    ['tx_hash', k.tx],
  ]
  const placed = cols.map(([col, v]) => {
    params.push(v)
    return [col, `$${params.length}`] as const
  })
  // (a > x) OR (a = x AND ((b > y) OR (b = y AND …))): strictly after the key.
  let outer = ''
  for (let i = placed.length - 1; i >= 0; i--) {
    const [col, ph] = placed[i] as readonly [string, string]
    outer = outer === '' ? `${col} > ${ph}` : `(${col} > ${ph} OR (${col} = ${ph} AND ${outer}))`
  }
  return { inner: inner.join(' AND '), outer, params }
}
