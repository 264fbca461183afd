import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { createRequire } from 'node:module'

// unbzip2-stream's block decoder, used without its stream wrapper: the wrapper buffers about 900 KB of input
// before it decodes, emits each block as a JS array of numbers turned into a fresh Buffer, and allocates a
// 3.6 MB table per block; driving the decoder directly reuses one table and one output buffer for the file.
interface BitReader {
  (n: number | null): number
  bytesRead: number
}
interface Bzip2Lib {
  header(bits: BitReader): number
  decompress(
    bits: BitReader,
    out: (byte: number) => void,
    buf: Int32Array,
    bufsize: number,
    streamCRC: number | null,
  ): number | null
}
const require = createRequire(import.meta.url)
const bzip2 = require('unbzip2-stream/lib/bzip2.js') as Bzip2Lib
const bitIterator = require('unbzip2-stream/lib/bit_iterator.js') as (next: () => Uint8Array) => BitReader

/**
 * Decompresses a bzip2 file (one stream or several concatenated) block by block, yielding its bytes in slices
 * of at most `sliceBytes`. Memory stays at one block's table and output whatever the file's size. Each slice
 * is a view of a reused buffer, valid only until the next one is requested. A cut or corrupt file throws.
 */
export async function* bz2Chunks(path: string, sliceBytes = 1 << 15): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const input = Buffer.allocUnsafe(1 << 16)
    let position = 0
    // Reads are synchronous because the decoder pulls input from inside a block; one block is at most ~1 MB.
    const bits = bitIterator(() => {
      const n = readSync(fd, input, 0, input.length, position)
      if (n === 0) throw new Error('unexpected end of bzip2 data')
      position += n
      return input.subarray(0, n)
    })
    let out = new Uint8Array(1 << 20)
    let used = 0
    const emit = (byte: number) => {
      if (used === out.length) {
        const bigger = new Uint8Array(out.length * 2)
        bigger.set(out)
        out = bigger
      }
      out[used++] = byte
    }
    let table = new Int32Array(0)
    while (bits.bytesRead < size) {
      const tableSize = 100_000 * bzip2.header(bits)
      if (table.length !== tableSize) table = new Int32Array(tableSize)
      let crc: number | null = 0
      for (;;) {
        used = 0
        crc = bzip2.decompress(bits, emit, table, tableSize, crc)
        if (crc === null) break
        for (let at = 0; at < used; at += sliceBytes) yield out.subarray(at, Math.min(used, at + sliceBytes))
        // A block is ~1 s of CPU in the worst case: let other work run between blocks.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
  } finally {
    closeSync(fd)
  }
}
