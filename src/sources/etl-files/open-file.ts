import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { DragnetError } from '../../core/errors.ts'

/** Whether a file is gzip, by its magic bytes (1f 8b) rather than its name. */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(2)
    const n = readSync(fd, head, 0, 2, 0)
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b
  } finally {
    closeSync(fd)
  }
}

/** Fails with FILE_NOT_FOUND unless `path` exists; returns whether it is a directory. */
export function statPath(path: string): { directory: boolean; size: number } {
  try {
    const s = statSync(path)
    return { directory: s.isDirectory(), size: s.size }
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `no such file or directory: ${path}`, { details: { path }, cause })
  }
}

/** The file's text as a stream of UTF-8 chunks, decompressed when gzip. */
export function openText(path: string, gzip: boolean): Readable {
  const raw = createReadStream(path)
  if (!gzip) return raw.setEncoding('utf8')
  const gunzip = createGunzip()
  raw.on('error', (e) => gunzip.destroy(e))
  return raw.pipe(gunzip).setEncoding('utf8')
}

/** A gzip stream that ends early is a truncated file, not a malformed one. */
export function truncatedGzip(file: string, cause: unknown): DragnetError {
  return new DragnetError('ETL_TRUNCATED', `${file}: the gzip stream ends early (file cut short)`, {
    details: { file, line: null, column: null, value: null },
    cause,
  })
}

export function isGzipEndError(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? '')
}

/**
 * Reads the whole (decompressed) text to learn whether it ends with a line end, and whether the gzip
 * stream is complete. Runs beside DuckDB's own read of the file, on libuv's thread pool.
 */
export async function checkEnding(file: string, path: string, gzip: boolean): Promise<{ endsWithNewline: boolean }> {
  if (!gzip) {
    const { size } = statPath(path)
    if (size === 0) return { endsWithNewline: true }
    const fd = openSync(path, 'r')
    try {
      const b = Buffer.alloc(1)
      readSync(fd, b, 0, 1, size - 1)
      return { endsWithNewline: b[0] === 0x0a }
    } finally {
      closeSync(fd)
    }
  }
  let lastByte = 0x0a
  try {
    const raw = createReadStream(path)
    const gunzip = createGunzip()
    raw.on('error', (e) => gunzip.destroy(e))
    for await (const chunk of raw.pipe(gunzip) as AsyncIterable<Buffer>) {
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number
    }
  } catch (cause) {
    if (isGzipEndError(cause)) throw truncatedGzip(file, cause)
    throw new DragnetError('ETL_MALFORMED', `${file}: not a valid gzip file: ${(cause as Error).message}`, {
      details: { file, line: null, column: null, value: null },
      cause,
    })
  }
  return { endsWithNewline: lastByte === 0x0a }
}
