import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { DragnetError } from '../core/errors.ts'
import { bz2Chunks } from './bz2-chunks.ts'

export type Compression = 'bz2' | 'gzip' | 'none'

/** Compression by magic bytes, never by file name: `BZh` is bzip2, 1f 8b is gzip. */
export function detectCompression(path: string): Compression {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(3)
    const n = readSync(fd, head, 0, 3, 0)
    if (n >= 3 && head.toString('latin1') === 'BZh') return 'bz2'
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
    return 'none'
  } finally {
    closeSync(fd)
  }
}

/** Fails with FILE_NOT_FOUND unless `path` is a readable file. */
export function requireFile(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DragnetError('FILE_NOT_FOUND', `file not found: ${path}`, { details: { path } })
  }
}

// Text goes to the parser in slices of at most 32 KB: a string or buffer above V8's large-object threshold
// (~128 KB) is only reclaimed by a full collection, and a stream of them is what made RSS grow with the file.
const SLICE = 1 << 15

/**
 * Streams a label file's text, decompressing bz2 or gzip as its magic bytes say, in strings of at most 32K
 * characters. A decompressor failure (a cut or corrupt file) surfaces as LABELS_TRUNCATED from the iterator.
 */
export async function* readText(path: string): AsyncIterable<string> {
  requireFile(path)
  const compression = detectCompression(path)
  const decoder = new TextDecoder('utf-8')
  let raw: Readable | undefined
  try {
    let bytes: AsyncIterable<Uint8Array>
    if (compression === 'bz2') bytes = bz2Chunks(path, SLICE)
    else {
      raw = createReadStream(path, { highWaterMark: 1 << 16 })
      bytes = compression === 'gzip' ? raw.pipe(createGunzip({ chunkSize: SLICE })) : raw
    }
    for await (const chunk of bytes) {
      for (let at = 0; at < chunk.length; at += SLICE) {
        yield decoder.decode(chunk.subarray(at, at + SLICE), { stream: true })
      }
    }
  } catch (cause) {
    throw new DragnetError('LABELS_TRUNCATED', `cannot read ${path} (${compression}): ${(cause as Error).message}`, {
      details: { path, compression },
      cause,
    })
  } finally {
    raw?.destroy()
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

/** Reads a whole (possibly compressed) label file as text; for formats that are not streamable. */
export async function readAllText(path: string): Promise<string> {
  const parts: string[] = []
  for await (const s of readText(path)) parts.push(s)
  return parts.join('')
}
