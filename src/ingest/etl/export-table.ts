import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { csvCell, jsonCell } from '../../sources/etl-files/format-values.ts'
import { type ChainTable, TABLES } from '../../store/schema.ts'
import type { ReadOptions, Store } from '../../store/store.ts'

export type ExportFormat = 'csv' | 'jsonl'

export interface ExportOptions {
  chain?: string
  fromBlock?: bigint
  toBlock?: bigint
  /**
   * CSV line end. ethereum-etl writes through Python's csv module, whose rows end with \r\n; its published
   * test fixtures use \n. Default \n.
   */
  crlf?: boolean
}

/**
 * Streams a table to `out` in ethereum-etl's format: its column names and order, CSV as Python's csv module
 * writes it (header first, also when there are no rows, so that the file says its columns; NULL as empty),
 * JSON lines as its JSON exporter does. Rows come in block order; the stream is not ended. A stream that
 * fails or closes (its reader went away) ends the export with that stream's error. Returns the rows written.
 * @example await exportTable(store, 'logs', 'jsonl', process.stdout, { chain: 'ethereum' })
 */
export async function exportTable(
  store: Store,
  table: ChainTable,
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
): Promise<number> {
  const specs = TABLES[table]
  const read: ReadOptions = {}
  if (options.chain !== undefined) read.chain = options.chain
  if (options.fromBlock !== undefined) read.fromBlock = options.fromBlock
  if (options.toBlock !== undefined) read.toBlock = options.toBlock
  const nl = options.crlf ? '\r\n' : '\n'
  let count = 0
  if (format === 'csv') await write(out, `${specs.map((s) => s.name).join(',')}${nl}`)
  for await (const rows of store.read(table, read)) {
    let text = ''
    for (const row of rows) {
      if (format === 'csv') {
        text += `${specs.map((s) => csvCell(s, row[s.name])).join(',')}${nl}`
      } else {
        text += `{${specs.map((s) => `"${s.name}": ${jsonCell(s, row[s.name])}`).join(', ')}}\n`
      }
    }
    count += rows.length
    await write(out, text)
  }
  return count
}

/** Writes with backpressure; a destroyed stream stops the export instead of reading on for no one. */
async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.errored) {
    throw out.errored ?? Object.assign(new Error('output closed'), { code: 'ERR_STREAM_DESTROYED' })
  }
  if (!out.write(text)) await once(out, 'drain')
}
