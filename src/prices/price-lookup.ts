import type { PriceLookup, PricePoint } from './price-types.ts'

/** Order of points: by time, and at the same time the preferred one first (Chainlink, then by source name). */
export function comparePoints(a: PricePoint, b: PricePoint): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1
  if (a.kind !== b.kind) return a.kind === 'chainlink' ? -1 : 1
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0
}

/**
 * The price that holds at `time` in a series sorted by comparePoints: the latest at or before it, unless that is
 * more than `maxAgeSeconds` older than `time` (then stale, with the point for the reader to see).
 */
export function lookupPrice(sorted: readonly PricePoint[], time: bigint, maxAgeSeconds: bigint): PriceLookup {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] as PricePoint).time <= time) lo = mid + 1
    else hi = mid
  }
  if (lo === 0) return { status: 'none' }
  let i = lo - 1
  const at = (sorted[i] as PricePoint).time
  // The preferred point of the latest time is the first of its equal-time run.
  while (i > 0 && (sorted[i - 1] as PricePoint).time === at) i--
  const point = sorted[i] as PricePoint
  return time - point.time > maxAgeSeconds ? { status: 'stale', latest: point } : { status: 'ok', point }
}
