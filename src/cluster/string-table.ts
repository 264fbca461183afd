/**
 * Ids for strings (txids, addresses) in an open-addressing table of typed arrays. Txids and addresses end in
 * hash-like characters (a txid is a hash; an address ends in its checksum), so hashing a dozen sampled
 * characters spreads them as well as hashing all of them, at a fraction of the cost of a Map<string> lookup on a
 * fresh string (measured: a first Map lookup of a 64-character string costs 0.4-1 µs at 0.2-2M keys). A match of
 * the 32-bit hash is confirmed by comparing the strings, so ids are exact.
 */
export class StringTable {
  readonly keys: string[] = []
  private hashes = new Int32Array(1024)
  /** Per table slot, side by side (one memory access per probe): id + 1 (0 for empty), and the key's hash. */
  private slots = new Int32Array(4096)
  private mask = 2047

  get size(): number {
    return this.keys.length
  }

  /** The id of s, or -1 when it was never added. */
  find(s: string): number {
    const h = hashOf(s)
    const slots = this.slots
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = slots[2 * i] as number
      if (v === 0) return -1
      if (slots[2 * i + 1] === h && this.keys[v - 1] === s) return v - 1
    }
  }

  /** The id of s, added on first use. */
  intern(s: string): number {
    const h = hashOf(s)
    const slots = this.slots
    let i = h & this.mask
    for (; ; i = (i + 1) & this.mask) {
      const v = slots[2 * i] as number
      if (v === 0) break
      if (slots[2 * i + 1] === h && this.keys[v - 1] === s) return v - 1
    }
    const id = this.keys.length
    this.keys.push(s)
    if (id >= this.hashes.length) {
      const n = new Int32Array(this.hashes.length * 2)
      n.set(this.hashes)
      this.hashes = n
    }
    this.hashes[id] = h
    slots[2 * i] = id + 1
    slots[2 * i + 1] = h
    if ((id + 1) * 2 > this.mask) this.rehash()
    return id
  }

  /** Doubles the table, keeping it at most half full so probes stay short. */
  private rehash(): void {
    const size = (this.mask + 1) * 2
    const slots = new Int32Array(2 * size)
    const mask = size - 1
    for (let id = 0; id < this.keys.length; id++) {
      const h = this.hashes[id] as number
      let i = h & mask
      while (slots[2 * i] !== 0) i = (i + 1) & mask
      slots[2 * i] = id + 1
      slots[2 * i + 1] = h
    }
    this.slots = slots
    this.mask = mask
  }
}

/** A 32-bit hash of the length, the last six characters and six from the middle (all characters of short strings). */
export function hashOf(s: string): number {
  const n = s.length
  let h = Math.imul(n, 0x9e3779b1)
  if (n <= 12) {
    for (let k = 0; k < n; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193)
  } else {
    for (let k = n - 6; k < n; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193)
    const m = (n >> 1) - 3
    for (let k = m; k < m + 6; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h | 0
}
