/**
 * mulberry32: a small seeded PRNG giving uniform numbers in [0, 1). Tests and benchmarks use it so that a failing
 * case or a measured history can be rebuilt from its seed; it is not for anything that must be unpredictable.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
