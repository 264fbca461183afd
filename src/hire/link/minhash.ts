/** FNV-1a over a string's UTF-16 code units: a fast, stable 32-bit shingle hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function fmix32(x: number): number {
  let h = x
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Hashed word shingles (k consecutive words) of a text; case, punctuation and spacing do not count.
 * Words are hashed in one pass over the characters and shingles are combined from word hashes,
 * so no intermediate strings are built.
 */
export function shingleHashes(text: string, k = 3): Uint32Array {
  const words: number[] = []
  let h = 0x811c9dc5
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 65 && c <= 90) c += 32
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      h = Math.imul(h ^ c, 0x01000193)
      inWord = true
    } else if (inWord) {
      words.push(h >>> 0)
      h = 0x811c9dc5
      inWord = false
    }
  }
  if (inWord) words.push(h >>> 0)
  if (words.length === 0) return new Uint32Array(0)
  const n = Math.max(1, words.length - k + 1)
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0x9e3779b9
    for (let j = i; j < Math.min(i + k, words.length); j++) s = Math.imul(s ^ words[j]!, 0x01000193) + 0x7f4a7c15
    out[i] = fmix32(s)
  }
  out.sort()
  let u = 0
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[u - 1]) out[u++] = out[i]!
  return out.subarray(0, u)
}

/** Fixed hash-family coefficients: the same seeds on every run, so signatures and similarities are reproducible. */
export interface MinHasher {
  numHashes: number
  a: Uint32Array
  b: Uint32Array
}

/** Builds a family of `numHashes` hash functions from a fixed seed. */
export function createMinHasher(numHashes = 120, seed = 0x9e3779b9): MinHasher {
  const a = new Uint32Array(numHashes)
  const b = new Uint32Array(numHashes)
  let s = seed
  for (let i = 0; i < numHashes; i++) {
    s = fmix32(s + 0x6d2b79f5)
    a[i] = s | 1
    s = fmix32(s + 0x6d2b79f5)
    b[i] = s
  }
  return { numHashes, a, b }
}

/** The MinHash signature of a shingle set; empty sets give all-0xffffffff, which never matches a real text. */
export function minhashSignature(hasher: MinHasher, shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(hasher.numHashes).fill(0xffffffff)
  const { a, b, numHashes } = hasher
  for (let j = 0; j < shingles.length; j++) {
    const x = shingles[j]!
    for (let i = 0; i < numHashes; i++) {
      let h = (Math.imul(a[i]!, x) + b[i]!) | 0
      h ^= h >>> 15
      const u = h >>> 0
      if (u < sig[i]!) sig[i] = u
    }
  }
  return sig
}

/** The share of agreeing positions: an unbiased estimate of the Jaccard similarity of the two shingle sets. */
export function estimateSimilarity(x: Uint32Array, y: Uint32Array): number {
  let same = 0
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++
  return same / x.length
}
