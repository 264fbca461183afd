import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import { ensureWrappedNative } from '../../ingest/wrapped-native.ts'
import type { ImportSession, TextRow } from '../../store/import-session.ts'
import { type ChainTable, TABLES } from '../../store/schema.ts'
import type { Store } from '../../store/store.ts'
import { deriveStagedTransfers } from './derive-staged-transfers.ts'
import { importColumns } from './etl-columns.ts'
import { jsonTextRows, readJsonLines } from './json-lines.ts'
import { checkEnding, statPath } from './open-file.ts'
import { type SniffedFile, sniffFile } from './sniff-file.ts'

export interface ImportEtlOptions {
  chain: string
}

/** What one import did: rows read per file and table, rows stored per table, transfers derived. */
export interface ImportEtlResult {
  chain: string
  files: { file: string; table: ChainTable | null; format: string; rows: number }[]
  /** Rows stored per table (a table replaced in the blocks the files cover). */
  tables: Partial<Record<ChainTable, number>>
  blocks: number
  transfers: number
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
  const files = await collectFiles(paths)
  const session = await store.beginImport(options.chain)
  const result: ImportEtlResult = { chain: options.chain, files: [], tables: {}, blocks: 0, transfers: 0 }
  try {
    for (const f of files) result.files.push(...(await stageFile(session, f)))
    const wrapped = await ensureWrappedNative(store, options.chain)
    result.blocks = (await session.blockNumbers()).length
    result.transfers = await deriveStagedTransfers(session, wrapped)
    result.tables = await session.commit()
  } catch (error) {
    await session.abort()
    throw error
  }
  return result
}

/** Expands directories to the recognisable files inside; a path named explicitly must be recognisable. */
async function collectFiles(paths: readonly string[]): Promise<SniffedFile[]> {
  const out: SniffedFile[] = []
  for (const path of paths) {
    if (statPath(path).directory) {
      for (const name of readdirSync(path).sort()) {
        const full = join(path, name)
        if (statPath(full).directory || !FILE_NAME.test(name)) continue
        const sniffed = await sniffFile(full)
        if (sniffed.table !== undefined) out.push(sniffed)
      }
      continue
    }
    const sniffed = await sniffFile(path)
    if (sniffed.table === undefined && sniffed.format !== 'empty') {
      throw new DragnetError('ETL_UNKNOWN_TABLE', `${path}: not an ethereum-etl export Dragnet reads`, {
        details: { file: path, columns: sniffed.columns.slice(0, 30) },
      })
    }
    out.push(sniffed)
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
