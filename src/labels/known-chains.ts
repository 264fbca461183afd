import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../core/errors.ts'
import { chainFamily } from './chain-address.ts'

/** The chains a store knows: those it holds chain data of, and those its listed labels name. */
export interface KnownChains {
  /** Chains with rows in a chain table (blocks, transactions, transfers ...), sorted. */
  data: readonly string[]
  /** Chains that the store's listed labels name, sorted. */
  labelled: readonly string[]
}

/**
 * What a command needs of a chain: `data` (a trace, exposure) needs rows of it in the store; `name` (direct
 * screening, opening an incident) also accepts a chain the labels name or whose address family Dragnet knows
 * (ethereum and the other EVM chains, bitcoin, tron), so a fresh store still screens against the label pack.
 */
export type ChainNeed = 'data' | 'name'

/** A store whose chains and labels can be listed. */
type ChainStore = { connection: DuckDBConnection; chainsWithData(): Promise<string[]> }

const NONE: KnownChains = Object.freeze({ data: [], labelled: [] })

/** Chains named by the listed labels of a DuckDB store, sorted. */
export async function labelledChains(c: DuckDBConnection): Promise<string[]> {
  const r = await c.runAndReadAll('SELECT DISTINCT chain FROM labels WHERE removed_on IS NULL ORDER BY chain')
  return r.getRows().map((row) => row[0] as string)
}

/** The chains a DuckDB store holds (data and labels); none without a store. */
export async function knownChains(store: ChainStore | undefined): Promise<KnownChains> {
  if (!store) return NONE
  return { data: await store.chainsWithData(), labelled: await labelledChains(store.connection) }
}

/** Whether `chain` meets `need` against what the store holds (see ChainNeed). */
export function isKnownChain(chain: string, known: KnownChains, need: ChainNeed = 'data'): boolean {
  if (known.data.includes(chain)) return true
  if (need === 'data') return false
  return known.labelled.includes(chain) || chainFamily(chain) !== 'other'
}

/**
 * Throws CHAIN_UNKNOWN unless `chain` meets `need`; the error lists the chains the store holds
 * (details.held, details.labelled), so a mistyped name is answered with the names that would work.
 * @example assertKnownChain('nosuch', await knownChains(store)) // CHAIN_UNKNOWN: ... holds data of: demo
 */
export function assertKnownChain(chain: string, known: KnownChains, need: ChainNeed = 'data'): void {
  if (isKnownChain(chain, known, need)) return
  const held =
    known.data.length > 0 ? `the store holds data of: ${known.data.join(', ')}` : 'the store holds no chain data'
  const why =
    need === 'data' || chainFamily(chain) !== 'other'
      ? `no data of chain ${chain}`
      : `unknown chain ${chain} (no data, no labels, not a chain Dragnet knows by name)`
  throw new DragnetError('CHAIN_UNKNOWN', `${why}: ${held}`, {
    details: { chain, need, held: [...known.data], labelled: [...known.labelled] },
  })
}

/**
 * Reads what the store holds and checks `chain` against it in one call: the entry point for commands
 * and routes that take a chain name (trace, screen, incidents).
 */
export async function requireKnownChain(
  store: ChainStore | undefined,
  chain: string,
  need: ChainNeed = 'data',
): Promise<KnownChains> {
  const known = await knownChains(store)
  assertKnownChain(chain, known, need)
  return known
}
