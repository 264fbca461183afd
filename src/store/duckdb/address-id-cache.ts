import type { DuckDBConnection } from '@duckdb/node-api'
import type { TraceIndexState } from './trace-index-state.ts'

/** Appends a process makes to a chain with SQL lookups before it keeps the chain's address ids in memory. */
const APPENDS_BEFORE_CACHE = 1
/**
 * Below this many addresses no cache is kept. None: even at 40,000 addresses a lookup in SQL costs tens of
 * milliseconds on a busy machine, and a small chain's ids cost little memory.
 */
const CACHE_MIN_ADDRESSES = 0

interface Held {
  /** The build the ids belong to, and the next id they reach: a state that differs makes them stale. */
  builtAt: string
  nextId: number
  ids: Map<string, number>
}

/**
 * A chain's address ids held in memory by a store that keeps appending to its index (an ingest following the
 * chain): finding which of a block's addresses are new is then a map lookup, not a pass over every indexed
 * address. Loaded on a process's second append to a large chain. Ids are never renumbered, so the entries
 * stay true while the state row names the same build and next id; a rebuild, or an append that rolled back,
 * shows in the state, and the cache is dropped and loaded again.
 */
export class AddressIdCache {
  private readonly held = new Map<string, Held>()
  private readonly appends = new Map<string, number>()
  private readonly appendsBefore: number
  private readonly minAddresses: number

  constructor(options: { appendsBefore?: number; minAddresses?: number } = {}) {
    this.appendsBefore = options.appendsBefore ?? APPENDS_BEFORE_CACHE
    this.minAddresses = options.minAddresses ?? CACHE_MIN_ADDRESSES
  }

  /** The chain's ids for an append at `state`, or undefined when SQL should look them up. */
  async forAppend(
    c: DuckDBConnection,
    chain: string,
    state: TraceIndexState,
  ): Promise<Map<string, number> | undefined> {
    const h = this.held.get(chain)
    if (h && h.builtAt === state.builtAt && h.nextId === state.nextId) return h.ids
    this.held.delete(chain)
    const n = (this.appends.get(chain) ?? 0) + 1
    this.appends.set(chain, n)
    if (n <= this.appendsBefore || state.nextId < this.minAddresses) return undefined
    const ids = await loadIds(c, chain, state.nextId)
    if (ids) this.held.set(chain, { builtAt: state.builtAt, nextId: state.nextId, ids })
    return ids
  }

  /** Records that the chain's ids now reach `state.nextId` (the append added its new ones to the map). */
  advanced(chain: string, state: TraceIndexState): void {
    const h = this.held.get(chain)
    if (h) h.nextId = state.nextId
  }
}

const GROUP = 65_536

/**
 * Every address of the chain in id order, as a few long strings: DuckDB hands JavaScript one long string far
 * faster than millions of short values, and groups of ids sort in parallel. Ids are dense from 0, so an
 * address's place in its group gives its id.
 */
async function loadIds(c: DuckDBConnection, chain: string, nextId: number): Promise<Map<string, number> | undefined> {
  const r = await c.runAndReadAll(
    `SELECT id // ${GROUP} AS g, count(*), string_agg(address, ',' ORDER BY id) FROM trace_addresses
     WHERE chain = $1 GROUP BY g`,
    [chain],
  )
  const out = new Map<string, number>()
  let total = 0
  for (const [g, n, text] of r.getRows()) {
    total += Number(n)
    let id = Number(g) * GROUP
    for (const address of (text as string).split(',')) out.set(address, id++)
  }
  // Ids not dense (rows written around the store): leave the lookup to SQL.
  return total === nextId && out.size === nextId ? out : undefined
}
