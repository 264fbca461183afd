import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { DragnetError } from '../../core/errors.ts'
import type { CsvSource, TextRow, TextSource } from '../import-session.ts'

const BATCH = 5000

/**
 * An ethereum-etl CSV file as text rows (PostgreSQL cannot read a client's file): a header line, commas,
 * double quotes doubled inside quoted cells. ethereum-etl never writes a cell over several lines, so a quote
 * still open at the end of a line means the file was cut short.
 */
export function readCsvText(file: string, source: CsvSource): TextSource {
  async function* rows(): AsyncIterable<TextRow[]> {
    let bytes: Buffer
    try {
      bytes = readFileSync(source.path)
      if (source.gzip) bytes = gunzipSync(bytes)
    } catch (cause) {
      throw new DragnetError('ETL_MALFORMED', `${file}: cannot read: ${(cause as Error).message}`, {
        details: { file, line: null, column: null, value: null },
        cause,
      })
    }
    const lines = bytes.toString('utf8').split(/\r?\n/)
    let batch: TextRow[] = []
    for (let i = 1; i < lines.length; i++) {
      const text = lines[i] as string
      if (text === '' && i === lines.length - 1) break
      const values = splitCsvLine(text, file, i + 1)
      if (values.length !== source.header.length) {
        const reason = `Expected Number of Columns: ${source.header.length} Found: ${values.length}`
        throw new DragnetError('ETL_MALFORMED', `${file} line ${i + 1}: ${reason}`, {
          details: { file, line: i + 1, column: null, value: text.slice(0, 120), reason },
        })
      }
      batch.push({ line: i + 1, values })
      if (batch.length >= BATCH) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  }
  return { columns: source.header, rows: rows() }
}

/** Splits one CSV line into cells; an empty unquoted cell is null, as DuckDB's reader gives it. */
export function splitCsvLine(text: string, file: string, line: number): (string | null)[] {
  const out: (string | null)[] = []
  let i = 0
  for (;;) {
    if (text[i] === '"') {
      let cell = ''
      i++
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) {
          throw new DragnetError('ETL_TRUNCATED', `${file} line ${line}: a quoted value never ends (file cut short?)`, {
            details: { file, line, column: null, value: text.slice(0, 120) },
          })
        }
        cell += text.slice(i, q)
        if (text[q + 1] === '"') {
          cell += '"'
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
      out.push(cell)
    } else {
      const comma = text.indexOf(',', i)
      const cell = comma < 0 ? text.slice(i) : text.slice(i, comma)
      out.push(cell === '' ? null : cell)
      i = comma < 0 ? text.length : comma
    }
    if (text[i] !== ',') return out
    i++
  }
}
