import type { TableChange } from './import-merge.ts'
import type { ChainTable } from './schema.ts'
import type { Row } from './store.ts'

/**
 * How one column of an imported file is checked and converted. Patterns are plain regular expressions
 * (the subset RE2 and PostgreSQL share), matched against the whole text, so each store validates in SQL.
 */
export interface ImportColumn {
  /** The store column (ethereum-etl's name). */
  name: string
  /** The text must fully match this; null accepts any text. */
  pattern: string | null
  /** The error code a mismatch raises. */
  code: 'INVALID_ADDRESS' | 'INVALID_HASH' | 'ETL_MALFORMED'
  /** An empty or missing value is an error. */
  required: boolean
  /** Hex text is stored lowercase, as ethereum-etl writes it. */
  lowercase: boolean
  /** JSON objects joined by commas (ethereum-etl's CSV form of a list) are stored as one JSON array. */
  jsonList?: boolean
}

/** A CSV file as written by ethereum-etl: a header line, comma-separated, double-quoted where needed. */
export interface CsvSource {
  path: string
  gzip: boolean
  /** The header's column names, in file order. */
  header: readonly string[]
}

/** One line of a file already split into text cells (null: absent), with its 1-based line number. */
export interface TextRow {
  line: number
  values: (string | null)[]
}

/** Text rows whose cells follow `columns`; produced by a reader that parsed the file itself. */
export interface TextSource {
  columns: readonly string[]
  rows: AsyncIterable<TextRow[]>
}

/** A staged block with the rows it will hold once the import commits. */
export interface StagedBlock {
  number: bigint
  tables: Partial<Record<ChainTable, Row[]>>
}

/**
 * An import in progress: files are staged and validated apart from the stored tables, then swapped in by
 * `commit` in one transaction. Until then the store is unchanged; `abort` drops everything staged.
 */
export interface ImportSession {
  /** Loads and validates a CSV file; throws ETL_MALFORMED (or the column's code) with file, line, column, value. */
  stageCsv(table: ChainTable, file: string, source: CsvSource, columns: readonly ImportColumn[]): Promise<number>
  /** Loads and validates text rows parsed by the caller. */
  stageText(table: ChainTable, file: string, source: TextSource, columns: readonly ImportColumn[]): Promise<number>
  /** Every block number with staged rows in any table, ascending. */
  blockNumbers(): Promise<bigint[]>
  /**
   * Streams the staged blocks as they will read after commit: staged rows of staged tables, stored rows of
   * the rest. Only the listed columns are read. Rows hold the store's types (bigint, decimal text).
   */
  readStagedBlocks(columns: Partial<Record<ChainTable, readonly string[]>>): AsyncIterable<StagedBlock[]>
  /** Stages derived rows (transfers) to replace that table's rows of every staged block. */
  stageDerived(table: ChainTable, rows: readonly Row[]): Promise<void>
  /**
   * Stores the staged rows in one transaction; returns the rows stored per table. A staged row replaces the
   * stored row with its key; a block held whole also loses the stored rows it lacks (import-merge.ts).
   */
  commit(): Promise<Partial<Record<ChainTable, number>>>
  /** What the last commit replaced, removed and kept per table. */
  commitReport(): Partial<Record<ChainTable, TableChange>>
  abort(): Promise<void>
}
