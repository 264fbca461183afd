import type { ImportSession } from './import-session.ts'
import type { ChainTable } from './schema.ts'

/** A stored value: exact integers as bigint, uint256 quantities as decimal text, JSON as text. */
export type CellValue = string | bigint | number | boolean | null
export type Row = Record<string, CellValue>

/** Rows for a contiguous block range of one chain, written all or nothing. */
export interface ChainBatch {
  chain: string
  /** Inclusive range; every row of `tables` in the range is replaced by the batch's rows. */
  fromBlock: bigint
  toBlock: bigint
  tables: Partial<Record<ChainTable, Row[]>>
  /** Tables to clear in the range even if the batch has no rows for them (an empty block still replaces). */
  replace: readonly ChainTable[]
  /** Blocks to replace; when set, only these numbers in the range are cleared (sampled exports). */
  blockNumbers?: readonly bigint[]
  /** Stored in the same transaction as the rows, so a crash never leaves rows without their checkpoint. */
  checkpoint?: Checkpoint
}

export interface Checkpoint {
  chain: string
  /** Which job the checkpoint belongs to, e.g. `ingest:evm`. */
  job: string
  /** The last block fully stored. */
  block: bigint
  blockHash: string | null
}

export interface TokenMeta {
  chain: string
  address: string
  symbol: string | null
  name: string | null
  decimals: number | null
  /** A wrapped native coin (WETH): its Deposit/Withdrawal events become transfers. */
  wrappedNative: boolean
}

export interface ReadOptions {
  chain?: string
  /** Only rows with block numbers in [fromBlock, toBlock]. */
  fromBlock?: bigint
  toBlock?: bigint
  batchSize?: number
}

/**
 * The one storage interface: DuckDB embedded by default, PostgreSQL on the server.
 * Writes are atomic per batch; reads stream in batches so no caller needs a whole table in memory.
 */
export interface Store {
  readonly kind: 'duckdb' | 'postgres'
  /** The schema version this store is at after migrations. */
  schemaVersion(): Promise<number>
  writeBatch(batch: ChainBatch): Promise<void>
  /** Removes every row of the chain at or above `block` (a reorg), with the checkpoint moved back. */
  rollbackFrom(chain: string, block: bigint, job: string): Promise<void>
  /** Hashes of stored blocks in a range, for reorg detection. */
  blockHashes(chain: string, fromBlock: bigint, toBlock: bigint): Promise<Map<bigint, string>>
  getCheckpoint(chain: string, job: string): Promise<Checkpoint | undefined>
  count(table: ChainTable, chain?: string): Promise<number>
  /** Streams a table's rows in (block, position) order. */
  read(table: ChainTable, options?: ReadOptions): AsyncIterable<Row[]>
  /** Writes a table to a Parquet file with the store's own writer. */
  exportParquet(table: ChainTable, path: string, options?: ReadOptions): Promise<number>
  getTokens(chain: string, addresses: readonly string[]): Promise<Map<string, TokenMeta>>
  /** Tokens a unit names: by symbol (any case) or by address, in address order (amounts typed as 0.1USDC). */
  tokensNamed(chain: string, unit: string): Promise<TokenMeta[]>
  putTokens(tokens: readonly TokenMeta[]): Promise<void>
  wrappedNative(chain: string): Promise<Set<string>>
  /** Starts a bulk import of files for one chain: staged and validated apart, swapped in at commit. */
  beginImport(chain: string): Promise<ImportSession>
  close(): Promise<void>
}
