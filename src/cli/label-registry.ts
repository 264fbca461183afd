import { ensureDefaultLabels, type PackLoad } from '../labels/default-labels.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { type KnownChains, labelledChains } from '../labels/known-chains.ts'
import { type DuckDbStore, openDuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { ChainStore } from '../store/open-store.ts'

/** The label registry a command reads beside its chain store, with the shipped pack loaded. */
export interface LabelRegistry {
  labels: DuckDbLabelStore
  /** What loading the shipped pack did (sources loaded, refreshed, kept); undefined when not asked to. */
  pack: PackLoad | undefined
  /** The chains the chain store holds and the registry's listed labels name. */
  knownChains(): Promise<KnownChains>
  close(): Promise<void>
}

/**
 * Labels live in DuckDB (the label commands write them there): a DuckDB chain store holds its own registry;
 * beside a PostgreSQL chain store the registry is the shipped pack, in a store held in memory.
 */
export async function openLabelRegistry(store: ChainStore, options: { pack?: boolean } = {}): Promise<LabelRegistry> {
  const own = store.kind === 'duckdb' ? undefined : await openDuckDbStore(':memory:')
  const connection = (own ?? (store as DuckDbStore)).connection
  try {
    const labels = new DuckDbLabelStore(connection)
    const pack = options.pack === false ? undefined : await ensureDefaultLabels(labels)
    return {
      labels,
      pack,
      knownChains: async () => ({ data: await store.chainsWithData(), labelled: await labelledChains(connection) }),
      close: async () => {
        await own?.close()
      },
    }
  } catch (error) {
    await own?.close()
    throw error
  }
}
