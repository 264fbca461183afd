import type { Row } from '../store.ts'

/** A transfer in the values trace_edges stores, with the keys ORDERED_TRANSFERS_SQL sorts by. */
export interface OrderedTransfer {
  block: bigint
  time: bigint | null
  tx: string
  txIndex: bigint | null
  position: string
  kind: string | null
  from: string
  to: string
  asset: string
  amount: string
  /** 0 the transaction's own value, 1 a call, 2 a log (as in trace-edge-order.ts). */
  cls: number
  /** A call's trace address as integers (null for the top-level call and for non-calls). */
  tl: number[] | null
  /** A log's index (null otherwise). */
  li: number | null
}

const TRACE = /^trace:(\d{1,9}(?:_\d{1,9})*)?$/
const LOG = /^log:\d{1,9}$/
const ASCII = /^[\x20-\x7e]*$/
const DIGITS = /^\d+$/

const bigOrNull = (v: Row[string] | undefined): bigint | null | undefined =>
  v === null || v === undefined
    ? null
    : typeof v === 'bigint'
      ? v
      : typeof v === 'number' && Number.isInteger(v)
        ? BigInt(v)
        : undefined

/**
 * The rows as trace_edges would store them, or undefined when one holds a value whose order or conversion only
 * SQL reproduces exactly (an unusual position, a missing endpoint, a non-ASCII hash): the caller then appends
 * through SQL. Values are converted as the store's appender converts them.
 */
export function orderableTransfers(rows: readonly Row[]): OrderedTransfer[] | undefined {
  const out: OrderedTransfer[] = []
  for (const r of rows) {
    const block = bigOrNull(r.block_number)
    const time = bigOrNull(r.block_time)
    const txIndex = bigOrNull(r.tx_index)
    const { tx_hash: tx, position, from_address: from, to_address: to, asset, kind } = r
    const amount = typeof r.amount === 'bigint' ? r.amount.toString() : r.amount
    if (block === null || block === undefined || time === undefined || txIndex === undefined) return undefined
    if (typeof tx !== 'string' || typeof position !== 'string' || typeof from !== 'string') return undefined
    if (typeof to !== 'string' || typeof asset !== 'string' || typeof amount !== 'string') return undefined
    if (kind !== null && kind !== undefined && typeof kind !== 'string') return undefined
    if (!DIGITS.test(amount) || !ASCII.test(tx) || !ASCII.test(position)) return undefined
    let cls = 2
    let tl: number[] | null = null
    let li: number | null = null
    if (position === 'tx') cls = 0
    else if (position.startsWith('trace:')) {
      const m = TRACE.exec(position)
      if (!m) return undefined
      cls = 1
      tl = m[1] === undefined ? null : m[1].split('_').map(Number)
    } else if (position.startsWith('log:')) {
      if (!LOG.test(position)) return undefined
      li = Number(position.slice(4))
    } else return undefined
    out.push({ block, time, tx, txIndex, position, kind: kind ?? null, from, to, asset, amount, cls, tl, li })
  }
  return out.sort(compareTransfers)
}

const cmp = <T extends bigint | number | string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0)

/** Nulls last, as DuckDB sorts by default. */
function cmpNullsLast<T extends bigint | number>(a: T | null, b: T | null): number {
  if (a === null) return b === null ? 0 : 1
  if (b === null) return -1
  return cmp(a, b)
}

/** Lists compare element by element, a prefix first; a null list first (NULLS FIRST in the SQL). */
function cmpList(a: number[] | null, b: number[] | null): number {
  if (a === null) return b === null ? 0 : -1
  if (b === null) return 1
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = cmp(a[i] as number, b[i] as number)
    if (d !== 0) return d
  }
  return a.length - b.length
}

/** The ORDER BY of ORDERED_TRANSFERS_SQL: block, tx index, tx < call < log, trace address, log index, hash, position. */
export function compareTransfers(a: OrderedTransfer, b: OrderedTransfer): number {
  return (
    cmp(a.block, b.block) ||
    cmpNullsLast(a.txIndex, b.txIndex) ||
    a.cls - b.cls ||
    cmpList(a.tl, b.tl) ||
    cmpNullsLast(a.li, b.li) ||
    cmp(a.tx, b.tx) ||
    cmp(a.position, b.position)
  )
}

/** Each transfer's txo offset: the dense rank of (block, tx index, hash), as the SQL's dense_rank. */
export function txoRanks(ts: readonly OrderedTransfer[]): { ranks: Int32Array; count: number } {
  const order = Array.from(ts.keys()).sort((i, j) => {
    const a = ts[i] as OrderedTransfer
    const b = ts[j] as OrderedTransfer
    return cmp(a.block, b.block) || cmpNullsLast(a.txIndex, b.txIndex) || cmp(a.tx, b.tx)
  })
  const ranks = new Int32Array(ts.length)
  let rank = -1
  let prev: OrderedTransfer | undefined
  for (const i of order) {
    const t = ts[i] as OrderedTransfer
    if (!prev || prev.block !== t.block || prev.txIndex !== t.txIndex || prev.tx !== t.tx) rank++
    ranks[i] = rank
    prev = t
  }
  return { ranks, count: rank + 1 }
}
