import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'

/** Bitcoin's hash: SHA-256 twice. */
export function dsha256(data: Uint8Array): Uint8Array {
  return sha256(sha256(data))
}

/** A hash in the byte order Bitcoin Core prints (reversed from the serialised order). */
export function displayHex(internal: Uint8Array): string {
  return hex.encode(Uint8Array.from(internal).reverse())
}

/** The serialised (internal) byte order of a hash printed by Bitcoin Core. */
export function internalBytes(display: string): Uint8Array {
  return hex.decode(display).reverse()
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n >>> 0, true)
  return b
}

/** Bitcoin's CompactSize length prefix. */
export function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n)
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8)
  return concat(Uint8Array.of(0xfe), u32le(n))
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
