import { basename } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import type { ChainTable } from '../../store/schema.ts'
import { detectTable } from './detect-table.ts'
import { STREAM_TYPES } from './etl-columns.ts'
import { parseJsonExact } from './json-numbers.ts'
import { isGzip, isGzipEndError, openText, truncatedGzip } from './open-file.ts'

/** What a file holds, learnt from its first line. */
export interface SniffedFile {
  path: string
  gzip: boolean
  format: 'csv' | 'jsonl' | 'empty'
  /** The CSV header, or the keys of the first JSON object. */
  columns: string[]
  table: ChainTable | undefined
}

/** Reads a file's first line (through gzip when the magic bytes say so) and names its format and table. */
export async function sniffFile(path: string): Promise<SniffedFile> {
  const gzip = isGzip(path)
  const first = await firstLine(path, gzip)
  if (first.trim() === '') return { path, gzip, format: 'empty', columns: [], table: undefined }
  if (first.trimStart().startsWith('{')) {
    let object: Record<string, unknown>
    try {
      object = parseJsonExact(first) as Record<string, unknown>
    } catch {
      return { path, gzip, format: 'jsonl', columns: [], table: undefined }
    }
    const columns = Object.keys(object)
    const type = typeof object.type === 'string' ? STREAM_TYPES[object.type] : undefined
    return { path, gzip, format: 'jsonl', columns, table: type ?? detectTable(columns, basename(path)) }
  }
  const columns = first
    .replace(/\r$/, '')
    .split(',')
    .map((c) => c.replace(/^"|"$/g, '').trim())
  return { path, gzip, format: 'csv', columns, table: detectTable(columns, basename(path)) }
}

async function firstLine(path: string, gzip: boolean): Promise<string> {
  const stream = openText(path, gzip)
  let text = ''
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      text += chunk
      const nl = text.indexOf('\n')
      if (nl >= 0) return text.slice(0, nl)
      if (text.length > 4_000_000) break
    }
  } catch (cause) {
    if (isGzipEndError(cause)) throw truncatedGzip(path, cause)
    throw new DragnetError('ETL_MALFORMED', `${path}: cannot read: ${(cause as Error).message}`, {
      details: { file: path, line: 1, column: null, value: null },
      cause,
    })
  } finally {
    stream.destroy()
  }
  return text
}
