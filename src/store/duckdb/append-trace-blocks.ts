import type { DuckDBConnection } from '@duckdb/node-api'
import type { AddressIdCache } from './address-id-cache.ts'
import { EDGE_COLUMNS_SQL, HUGE_AMOUNT_SQL, ORDERED_TRANSFERS_SQL } from './trace-edge-order.ts'
import type { TraceIndexState } from './trace-index-state.ts'

/** Transfers per append step: bounds the temp tables and sorts of one step, and so the memory a build needs. */
export const APPEND_CHUNK_ROWS = 500_000

const NEW = 'ti_new'
const SEEN = 'ti_seen'
const IDS = 'ti_ids'

/**
 * Contiguous block ranges from `from` up, each holding about `rows` transfers (a block is never split), in
 * block order. Computed in SQL so a long chain's block list never crosses into JavaScript.
 */
export async function blockRanges(
  c: DuckDBConnection,
  chain: string,
  from: bigint,
  rows = APPEND_CHUNK_ROWS,
): Promise<[bigint, bigint][]> {
  const r = await c.runAndReadAll(
    `SELECT min(b), max(b) FROM (
       SELECT b, (sum(n) OVER (ORDER BY b) - n) // $3 AS g FROM (
         SELECT block_number AS b, count(*) AS n FROM transfers WHERE chain = $1 AND block_number >= $2 GROUP BY b))
     GROUP BY g ORDER BY 1`,
    [chain, from, BigInt(rows)],
  )
  return r.getRows().map((row) => [row[0] as bigint, row[1] as bigint])
}

/**
 * Appends the transfers of blocks lo..hi to the chain's index, after everything indexed so far (the caller
 * has removed any edge at or above lo): edges take seqs and txos from the state's next ones, addresses not yet
 * indexed take the next ids in order of first appearance (sender, recipient, token). Rows go in by source id
 * so that a range's edges of one address sit together. Runs in the caller's transaction; returns the new state.
 */
export async function appendBlockRange(
  c: DuckDBConnection,
  chain: string,
  state: TraceIndexState,
  lo: bigint,
  hi: bigint,
  cache?: AddressIdCache,
): Promise<TraceIndexState> {
  await c.run(`CREATE OR REPLACE TEMP TABLE ${NEW} AS ${ORDERED_TRANSFERS_SQL}`, [
    chain,
    lo,
    hi,
    state.nextSeq,
    state.nextTxo,
  ])
  try {
    const r = await c.runAndReadAll(`SELECT count(*), max(txo), max(block_number) FROM ${NEW}`)
    const [n, maxTxo, maxBlock] = r.getRows()[0] as [bigint, number | null, bigint | null]
    if (n === 0n) return state
    const known = await cache?.forAppend(c, chain, state)
    const added: [string, number][] = []
    const fresh = known ? await assignIdsFrom(c, known, state.nextId, added) : await assignIds(c, chain, state.nextId)
    if (fresh > 0) await insertFresh(c, chain, state.nextId)
    const inserted = await c.run(
      `INSERT INTO trace_edges SELECT $1, ${EDGE_COLUMNS_SQL}
       FROM (SELECT *, ${HUGE_AMOUNT_SQL} FROM ${NEW}) o
       JOIN ${IDS} a ON a.address = o.from_address
       JOIN ${IDS} b ON b.address = o.to_address
       LEFT JOIN ${IDS} c ON c.address = o.asset
       ORDER BY a.id, o.seq`,
      [chain],
    )
    const next = {
      ...state,
      maxBlock: state.maxBlock === null || (maxBlock as bigint) > state.maxBlock ? maxBlock : state.maxBlock,
      nextSeq: state.nextSeq + Number(n),
      nextTxo: (maxTxo as number) + 1,
      nextId: state.nextId + fresh,
      edges: state.edges + Number(inserted.rowsChanged),
    }
    // Only now, with every statement done: a later failure rolls back, and the state then names older ids.
    if (known && cache) {
      for (const [address, id] of added) known.set(address, id)
      cache.advanced(chain, next)
    }
    return next
  } finally {
    await c.run(`DROP TABLE IF EXISTS ${NEW}`)
    await c.run(`DROP TABLE IF EXISTS ${SEEN}`)
    await c.run(`DROP TABLE IF EXISTS ${IDS}`)
  }
}

/** ti_seen: each address of ti_new with its place of first appearance, 3 per edge (sender, recipient, token). */
async function seenAddresses(c: DuckDBConnection): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${SEEN} AS SELECT address, min(k) AS k FROM (
       SELECT from_address AS address, seq::BIGINT * 3 AS k FROM ${NEW}
       UNION ALL SELECT to_address, seq::BIGINT * 3 + 1 FROM ${NEW}
       UNION ALL SELECT asset, seq::BIGINT * 3 + 2 FROM ${NEW} WHERE asset <> 'native')
     GROUP BY address`,
  )
}

/**
 * Fills ti_ids with the id of every address in ti_new: the known ones looked up in one pass over
 * trace_addresses, the others given ids from `nextId` in order of first appearance. Returns how many were new.
 */
async function assignIds(c: DuckDBConnection, chain: string, nextId: number): Promise<number> {
  await seenAddresses(c)
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${IDS} AS SELECT address, id FROM trace_addresses
     WHERE chain = $1 AND address IN (SELECT address FROM ${SEEN})`,
    [chain],
  )
  const fresh = await c.run(
    `INSERT INTO ${IDS} SELECT address, ($1 + row_number() OVER (ORDER BY k) - 1)::INTEGER
     FROM ${SEEN} s WHERE NOT EXISTS (SELECT 1 FROM ${IDS} i WHERE i.address = s.address)`,
    [nextId],
  )
  return Number(fresh.rowsChanged)
}

/**
 * Fills ti_ids from ids held in memory: the block's addresses come back in order of first appearance (a few
 * thousand rows), known ones take their id and the others the next ones, listed in `added`.
 */
async function assignIdsFrom(
  c: DuckDBConnection,
  known: ReadonlyMap<string, number>,
  nextId: number,
  added: [string, number][],
): Promise<number> {
  await seenAddresses(c)
  const r = await c.runAndReadAll(`SELECT address FROM ${SEEN} ORDER BY k`)
  await c.run(`CREATE OR REPLACE TEMP TABLE ${IDS} (address VARCHAR, id INTEGER)`)
  const app = await c.createAppender(IDS, 'main', 'temp')
  try {
    for (const [value] of r.getRows()) {
      const address = value as string
      let id = known.get(address)
      if (id === undefined) {
        id = nextId + added.length
        added.push([address, id])
      }
      app.appendVarchar(address)
      app.appendInteger(id)
      app.endRow()
    }
    app.flushSync()
  } finally {
    app.closeSync()
  }
  return added.length
}

/** Adds the addresses given ids from `nextId` up to trace_addresses, in id order. */
async function insertFresh(c: DuckDBConnection, chain: string, nextId: number): Promise<void> {
  await c.run(`INSERT INTO trace_addresses SELECT $1, address, id FROM ${IDS} WHERE id >= $2 ORDER BY id`, [
    chain,
    nextId,
  ])
}
