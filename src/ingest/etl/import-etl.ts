import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import { importColumns } from '../../sources/etl-files/etl-columns.ts'
import { jsonTextRows, readJsonLines } from '../../sources/etl-files/json-lines.ts'
import { checkEnding, statPath } from '../../sources/etl-files/open-file.ts'
import { type SniffedFile, sniffFile } from '../../sources/etl-files/sniff-file.ts'
import type { TableChange } from '../../store/import-merge.ts'
import type { ImportSession, TextRow } from '../../store/import-session.ts'
import { type ChainTable, TABLES } from '../../store/schema.ts'
import type { Store } from '../../store/store.ts'
import { ensureWrappedNative } from '../wrapped-native.ts'
import { type DataCoverage, deriveStagedTransfers } from './derive-staged-transfers.ts'

export interface ImportEtlOptions {
  chain: string
}

/**
 * What one import did: rows read per file and table, rows stored per table, what became of the rows that
 * were stored before, transfers derived, and what the imported data cannot show.
 */
export interface ImportEtlResult {
  chain: string
  files: { file: string; table: ChainTable | null; format: string; rows: number }[]
  /** Files found in the directories given that are no ethereum-etl table Dragnet reads. */
  skipped: string[]
  /** Rows stored per table. */
  tables: Partial<Record<ChainTable, number>>
  /** Per table: rows stored, and stored rows replaced (same key), removed (a whole block lacks them) or kept. */
  changes: Partial<Record<ChainTable, TableChange>>
  blocks: number
  transfers: number
  /** Of the blocks with transactions, how many lack receipts, traces, or token data. */
  coverage: DataCoverage
  /** What the data cannot show, in words, one line each. */
  warnings: string[]
}

const FILE_NAME = /\.(csv|json|jsonl)(\.gz)?$/i

/**
 * Imports ethereum-etl CSV or JSON-lines exports (gzip or not) into the store, then derives the transfers of
 * every block they touch. All or nothing: any bad file leaves the store as it was.
 */
export async function importEtl(
  store: Store,
  paths: readonly string[],
  options: ImportEtlOptions,
): Promise<ImportEtlResult> {
  const { files, skipped } = await collectFiles(paths)
  const session = await store.beginImport(options.chain)
  const result: ImportEtlResult = {
    chain: options.chain,
    files: [],
    skipped,
    tables: {},
    changes: {},
    blocks: 0,
    transfers: 0,
    coverage: { withTransactions: 0, withoutReceipts: 0, withoutTraces: 0, withoutTokenData: 0 },
    warnings: [],
  }
  try {
    for (const f of files) result.files.push(...(await stageFile(session, f)))
    const wrapped = await ensureWrappedNative(store, options.chain)
    result.blocks = (await session.blockNumbers()).length
    const derived = await deriveStagedTransfers(session, wrapped)
    result.transfers = derived.transfers
    result.coverage = derived.coverage
    result.tables = await session.commit()
    result.changes = session.commitReport()
  } catch (error) {
    await session.abort()
    throw error
  }
  result.warnings = coverageWarnings(result.coverage)
  return result
}

/** What blocks without receipts, traces or token data cannot show; the import says so rather than guess. */
export function coverageWarnings(c: DataCoverage): string[] {
  const out: string[] = []
  const of = (n: number) => (n === c.withTransactions ? `all ${n}` : `${n} of ${c.withTransactions}`)
  if (c.withoutReceipts > 0) {
    out.push(
      `${of(c.withoutReceipts)} block(s) with transactions have no receipts: a failed transaction cannot be told ` +
        'from a successful one, so its value counts as moved (import receipts to correct this)',
    )
  }
  if (c.withoutTraces > 0) {
    out.push(
      `${of(c.withoutTraces)} block(s) with transactions have no traces: native value moved inside contract calls ` +
        '(internal transfers) is missing, and a reverted call cannot be told from a successful one (import traces)',
    )
  }
  if (c.withoutTokenData > 0) {
    out.push(
      `${of(c.withoutTokenData)} block(s) with transactions have neither logs nor token_transfers: token ` +
        'movements in them are missing (import logs or token_transfers)',
    )
  }
  return out
}

/**
 * Expands directories, with every folder below them (ethereum-etl's partitioned layouts such as
 * `transactions/start_block=.../end_block=.../transactions_....csv`), to the recognisable files inside, in
 * path order; a path named explicitly must be recognisable, and a directory must hold at least one such file.
 */
async function collectFiles(paths: readonly string[]): Promise<{ files: SniffedFile[]; skipped: string[] }> {
  const files: SniffedFile[] = []
  const skipped: string[] = []
  for (const path of paths) {
    if (!statPath(path).directory) {
      const sniffed = await sniffFile(path)
      if (sniffed.table === undefined && sniffed.format !== 'empty') {
        throw new DragnetError('ETL_UNKNOWN_TABLE', `${path}: not an ethereum-etl export Dragnet reads`, {
          details: { file: path, columns: sniffed.columns.slice(0, 30) },
        })
      }
      files.push(sniffed)
      continue
    }
    const found = filesBelow(path)
    let recognised = 0
    for (const full of found) {
      const sniffed = await sniffFile(full)
      if (sniffed.table === undefined && sniffed.format !== 'empty') {
        skipped.push(full)
        continue
      }
      files.push(sniffed)
      recognised++
    }
    if (recognised === 0) {
      const why =
        found.length === 0
          ? 'no file named *.csv, *.json or *.jsonl (optionally .gz) in it or in any folder below it'
          : `none of its ${found.length} file(s) is an ethereum-etl table Dragnet reads (first: ${found[0]})`
      throw new DragnetError('ETL_NO_FILES', `${path}: ${why}`, { details: { path, files: found.slice(0, 10) } })
    }
  }
  return { files, skipped }
}

/** Every file named like an export in `dir` and the folders below it, sorted by path; hidden entries skipped. */
function filesBelow(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue
    const full = join(dir, entry.name)
    if (statPath(full).directory) out.push(...filesBelow(full))
    else if (FILE_NAME.test(entry.name)) out.push(full)
  }
  return out
}

async function stageFile(session: ImportSession, f: SniffedFile): Promise<ImportEtlResult['files']> {
  const file = f.path
  if (f.format === 'empty' || f.table === undefined) return [{ file, table: null, format: f.format, rows: 0 }]
  const table = f.table
  if (f.format === 'csv') {
    const ending = checkEnding(file, f.path, f.gzip)
    // Awaited below; the handler only keeps an early rejection from counting as unhandled meanwhile.
    ending.catch(() => {})
    let rows: number
    try {
      rows = await session.stageCsv(
        table,
        file,
        { path: f.path, gzip: f.gzip, header: f.columns },
        importColumns(table),
      )
    } catch (error) {
      // A parse failure in a file cut short (gzip stream or last line) is reported as the truncation it is.
      await ending
      if (error instanceof DragnetError && error.code === 'ETL_MALFORMED' && !(await ending).endsWithNewline) {
        throw new DragnetError('ETL_TRUNCATED', `${error.message} (the file ends without a line end: cut short)`, {
          details: error.details,
          cause: error,
        })
      }
      throw error
    }
    await ending
    return [{ file, table, format: 'csv', rows }]
  }
  const columns = TABLES[table].map((c) => c.name)
  const receipts =
    table === 'transactions' && f.columns.includes('receipt_gas_used')
      ? { columns: TABLES.receipts.map((c) => c.name), rows: [] as TextRow[] }
      : undefined
  const lines = readJsonLines(file, f.path, f.gzip)
  const rows = await session.stageText(
    table,
    file,
    { columns, rows: jsonTextRows(file, lines, table, columns, receipts) },
    importColumns(table),
  )
  const out: ImportEtlResult['files'] = [{ file, table, format: 'jsonl', rows }]
  if (receipts) {
    const n = await session.stageText(
      'receipts',
      file,
      { columns: receipts.columns, rows: once(receipts.rows) },
      importColumns('receipts'),
    )
    out.push({ file, table: 'receipts', format: 'jsonl', rows: n })
  }
  return out
}

async function* once<T>(value: T): AsyncIterable<T> {
  yield value
}
