/**
 * Where an amount sits between the smallest and the largest of its asset, on a log scale, as 0..1. The ratio is
 * taken in bigint (parts per 10^12 of the largest) so no amount is ever rounded through a float; only the drawn
 * width, which is a float by nature, is.
 */
export function logShare(amount: bigint, max: bigint): number {
  if (max <= 0n || amount <= 0n) return 0
  const ppt = (amount * 1_000_000_000_000n) / max
  if (ppt <= 0n) return 0
  // log10 of parts per 10^12 runs 0..12.
  return Math.min(1, log10(ppt) / 12)
}

/** log10 of a positive bigint from its digit count and leading digits. */
export function log10(v: bigint): number {
  const s = v.toString()
  const lead = Number(s.slice(0, 15))
  return Math.log10(lead) + (s.length - Math.min(15, s.length))
}

/** Parses a decimal such as "1.5" into base units of an asset with `decimals`; null when it is not a number. */
export function parseUnits(text: string, decimals: number): bigint | null {
  const m = /^\s*(\d*)(?:\.(\d*))?\s*$/.exec(text)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null
  const frac = (m[2] ?? '').slice(0, decimals).padEnd(decimals, '0')
  return BigInt(m[1] || '0') * 10n ** BigInt(decimals) + BigInt(frac || '0')
}
