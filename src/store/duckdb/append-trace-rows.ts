import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api'
import { AMOUNT_WIDE, KIND_CODES } from '../edges/edge-batch.ts'
import type { AddressIdCache } from './address-id-cache.ts'
import { copyInt32 } from './read-columns.ts'
import type { TraceIndexState } from './trace-index-state.ts'
import { type OrderedTransfer, txoRanks } from './transfer-order.ts'

/** Up to this many transfers an append at the head is worked out in JavaScript; above, SQL does it in ranges. */
export const ROW_APPEND_MAX = 50_000

const TWO_63 = 2n ** 63n
const TWO_126 = 2n ** 126n

/**
 * Appends transfers the caller holds (a block or a few, in order, all above the index's reach) to the chain's
 * index: the same numbering, ids and rows as appendBlockRange, worked out here and written through appenders.
 * Each SQL statement costs milliseconds of planning and thread hand-offs whatever its size; a block's append
 * is then one lookup of the known ids (none with the id cache) and two appends. Runs in the caller's transaction.
 */
export async function appendTransferRows(
  c: DuckDBConnection,
  chain: string,
  state: TraceIndexState,
  ts: readonly OrderedTransfer[],
  cache?: AddressIdCache,
): Promise<TraceIndexState> {
  if (ts.length === 0) return state
  const cached = await cache?.forAppend(c, chain, state)
  const known = cached ?? (await lookUpIds(c, chain, ts))
  const added: string[] = []
  const fresh = new Map<string, number>()
  const idOf = (address: string): number => {
    const id = known.get(address) ?? fresh.get(address)
    if (id !== undefined) return id
    const next = state.nextId + added.length
    added.push(address)
    fresh.set(address, next)
    return next
  }
  const n = ts.length
  const src = new Int32Array(n)
  const dst = new Int32Array(n)
  const asset = new Int32Array(n)
  // First appearance in seq order: sender, recipient, then token, as ti_seen orders them.
  for (let i = 0; i < n; i++) {
    const t = ts[i] as OrderedTransfer
    src[i] = idOf(t.from)
    dst[i] = idOf(t.to)
    asset[i] = t.asset === 'native' ? -1 : idOf(t.asset)
  }
  const { ranks, count: txs } = txoRanks(ts)
  if (added.length > 0) {
    await withAppender(c, 'trace_addresses', (app) => {
      added.forEach((address, k) => {
        app.appendVarchar(chain)
        app.appendVarchar(address)
        app.appendInteger(state.nextId + k)
        app.endRow()
      })
    })
  }
  // Rows go in by source id, as appendBlockRange inserts them.
  const order = Array.from(ts.keys()).sort((i, j) => (src[i] as number) - (src[j] as number) || i - j)
  await withAppender(c, 'trace_edges', (app) => {
    for (const i of order) appendEdge(app, chain, ts[i] as OrderedTransfer, state, i, ranks, src, dst, asset)
  })
  let maxBlock = state.maxBlock
  for (const t of ts) if (maxBlock === null || t.block > maxBlock) maxBlock = t.block
  const next = {
    ...state,
    maxBlock,
    nextSeq: state.nextSeq + n,
    nextTxo: state.nextTxo + txs,
    nextId: state.nextId + added.length,
    edges: state.edges + n,
  }
  if (cached && cache) {
    for (const [address, id] of fresh) cached.set(address, id)
    cache.advanced(chain, next)
  }
  return next
}

function appendEdge(
  app: DuckDBAppender,
  chain: string,
  t: OrderedTransfer,
  state: TraceIndexState,
  i: number,
  ranks: Int32Array,
  src: Int32Array,
  dst: Int32Array,
  asset: Int32Array,
): void {
  // As EDGE_COLUMNS_SQL's CASE: any other kind (or none) is stored as unwrap's code.
  const kind =
    t.kind === 'native'
      ? KIND_CODES.native
      : t.kind === 'internal'
        ? KIND_CODES.internal
        : t.kind === 'erc20'
          ? KIND_CODES.erc20
          : t.kind === 'wrap'
            ? KIND_CODES.wrap
            : KIND_CODES.unwrap
  const h = BigInt(t.amount)
  const wide = h >= TWO_126
  app.appendVarchar(chain)
  app.appendInteger(state.nextSeq + i)
  app.appendInteger(state.nextTxo + (ranks[i] as number))
  app.appendInteger(src[i] as number)
  app.appendInteger(dst[i] as number)
  app.appendInteger(asset[i] as number)
  app.appendInteger(kind + (wide ? AMOUNT_WIDE : 0))
  app.appendBigInt(wide ? 0n : h % TWO_63)
  app.appendBigInt(wide ? 0n : h / TWO_63)
  if (wide) app.appendVarchar(t.amount)
  else app.appendNull()
  app.appendBigInt(t.block)
  if (t.time === null) app.appendNull()
  else app.appendBigInt(t.time)
  app.appendVarchar(t.tx)
  app.appendVarchar(t.position)
  app.endRow()
}

/**
 * The ids of the transfers' addresses that the chain's index already holds, in one join: the addresses go in
 * through an appender and only integers come back (a list parameter of strings costs more than the lookup).
 */
async function lookUpIds(
  c: DuckDBConnection,
  chain: string,
  ts: readonly OrderedTransfer[],
): Promise<Map<string, number>> {
  const addresses = new Set<string>()
  for (const t of ts) {
    addresses.add(t.from)
    addresses.add(t.to)
    if (t.asset !== 'native') addresses.add(t.asset)
  }
  const list = [...addresses]
  await c.run('CREATE OR REPLACE TEMP TABLE ti_keys (i INTEGER, address VARCHAR)')
  const app = await c.createAppender('ti_keys', 'main', 'temp')
  try {
    list.forEach((address, i) => {
      app.appendInteger(i)
      app.appendVarchar(address)
      app.endRow()
    })
    app.flushSync()
  } finally {
    app.closeSync()
  }
  const r = await c.run(
    'SELECT k.i, a.id FROM ti_keys k JOIN trace_addresses a ON a.address = k.address WHERE a.chain = $1',
    [chain],
  )
  const out = new Map<string, number>()
  const is = new Int32Array(r.rowCount)
  const ids = new Int32Array(r.rowCount)
  let at = 0
  for (let ci = 0; ci < r.chunkCount; ci++) {
    const chunk = r.getChunk(ci)
    copyInt32(chunk.getColumnVector(0), chunk.rowCount, is, at)
    copyInt32(chunk.getColumnVector(1), chunk.rowCount, ids, at)
    at += chunk.rowCount
  }
  for (let k = 0; k < at; k++) out.set(list[is[k] as number] as string, ids[k] as number)
  await c.run('DROP TABLE ti_keys')
  return out
}

async function withAppender(c: DuckDBConnection, table: string, fill: (app: DuckDBAppender) => void): Promise<void> {
  const app = await c.createAppender(table)
  try {
    fill(app)
    app.flushSync()
  } finally {
    app.closeSync()
  }
}
