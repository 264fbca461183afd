import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import bz2 from 'unbzip2-stream'
import { DragnetError } from '../core/errors.ts'

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

/**
 * Streams a label file's text, decompressing bz2 or gzip as its magic bytes say. A decompressor failure
 * (a cut or corrupt file) surfaces as LABELS_TRUNCATED from the iterator.
 */
export async function* readText(path: string): AsyncIterable<string> {
  requireFile(path)
  const compression = detectCompression(path)
  // bz2 expands about 36-fold: small compressed reads keep the decompressed backlog (and RSS) small.
  const raw = createReadStream(path, { highWaterMark: compression === 'bz2' ? 1 << 16 : 1 << 20 })
  let stream: Readable = raw
  if (compression === 'gzip') stream = raw.pipe(createGunzip())
  if (compression === 'bz2') {
    // unbzip2-stream is a classic through stream: bridge it into a Readable that carries its errors.
    const out = new PassThrough()
    const b = bz2()
    b.on('error', (e: Error) => out.destroy(e))
    raw.pipe(b).pipe(out)
    stream = out
  }
  const decoder = new TextDecoder('utf-8')
  try {
    for await (const chunk of stream) {
      yield decoder.decode(chunk as Buffer, { stream: true })
    }
  } catch (cause) {
    throw new DragnetError('LABELS_TRUNCATED', `cannot read ${path} (${compression}): ${(cause as Error).message}`, {
      details: { path, compression },
      cause,
    })
  } finally {
    raw.destroy()
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
