import { DragnetError } from '../../core/errors.ts'
import type { TextRow } from '../../store/import-session.ts'
import type { ChainTable } from '../../store/schema.ts'
import { STREAM_TYPES } from './etl-columns.ts'
import { cellText, parseJsonExact } from './json-numbers.ts'
import { isGzipEndError, openText, truncatedGzip } from './open-file.ts'

const BATCH = 4096

/** One parsed line of a JSON-lines file. */
export interface JsonLine {
  line: number
  object: Record<string, unknown>
}

/**
 * Streams the objects of an ethereum-etl JSON-lines file in batches, numbers kept exact. A line that does
 * not parse is ETL_MALFORMED, or ETL_TRUNCATED when it is the last line and has no line end.
 */
export async function* readJsonLines(file: string, path: string, gzip: boolean): AsyncIterable<JsonLine[]> {
  const stream = openText(path, gzip)
  let rest = ''
  let line = 0
  let batch: JsonLine[] = []
  const parse = (text: string, n: number, last: boolean) => {
    if (text.trim() === '') return
    let object: unknown
    try {
      object = parseJsonExact(text)
    } catch (cause) {
      const code = last ? 'ETL_TRUNCATED' : 'ETL_MALFORMED'
      const why = last ? 'the last line is cut short' : 'not a JSON object'
      throw new DragnetError(code, `${file} line ${n}: ${why}`, {
        details: { file, line: n, column: null, value: preview(text) },
        cause,
      })
    }
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw new DragnetError('ETL_MALFORMED', `${file} line ${n}: not a JSON object`, {
        details: { file, line: n, column: null, value: preview(text) },
      })
    }
    batch.push({ line: n, object: object as Record<string, unknown> })
  }
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      rest += chunk
      let start = 0
      for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
        parse(rest.slice(start, nl), ++line, false)
        start = nl + 1
      }
      rest = rest.slice(start)
      if (batch.length >= BATCH) {
        yield batch
        batch = []
      }
    }
  } catch (cause) {
    if (isGzipEndError(cause)) throw truncatedGzip(file, cause)
    throw cause
  } finally {
    stream.destroy()
  }
  parse(rest, ++line, true)
  if (batch.length > 0) yield batch
}

/** The receipt fields ethereum-etl's stream exports fold into each transaction as `receipt_*`. */
const RECEIPT_FROM_TRANSACTION: Record<string, string> = {
  transaction_hash: 'hash',
  transaction_index: 'transaction_index',
  block_hash: 'block_hash',
  block_number: 'block_number',
}

/**
 * Splits JSON objects into text rows for `table`'s columns. Stream-export transactions carry their receipt
 * as `receipt_*` fields: those become receipts rows, collected in `receipts`.
 */
export async function* jsonTextRows(
  file: string,
  lines: AsyncIterable<JsonLine[]>,
  table: ChainTable,
  columns: readonly string[],
  receipts: { columns: readonly string[]; rows: TextRow[] } | undefined,
): AsyncIterable<TextRow[]> {
  for await (const batch of lines) {
    const out: TextRow[] = []
    for (const { line, object } of batch) {
      const type = typeof object.type === 'string' ? STREAM_TYPES[object.type] : undefined
      if (type !== undefined && type !== table) {
        throw new DragnetError('ETL_MALFORMED', `${file} line ${line}: a ${object.type} among ${table} rows`, {
          details: { file, line, column: 'type', value: object.type },
        })
      }
      out.push({ line, values: columns.map((c) => cellText(object[c])) })
      if (receipts && 'receipt_gas_used' in object) {
        const values = receipts.columns.map((c) => cellText(object[RECEIPT_FROM_TRANSACTION[c] ?? `receipt_${c}`]))
        receipts.rows.push({ line, values })
      }
    }
    yield out
  }
}

function preview(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}
