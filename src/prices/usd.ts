import { DragnetError } from '../core/errors.ts'

/**
 * An exact decimal: `units / 10^scale`. USD values are products of an integer amount and a scaled-integer price,
 * so they are exact at the scale decimals + price decimals; nothing is rounded until it is displayed.
 */
export interface Decimal {
  units: bigint
  scale: number
}

/** The most decimal places a price may carry (18, as the largest Chainlink feeds and ERC-20 tokens use). */
export const MAX_PRICE_DECIMALS = 18

/** Parses a non-negative decimal string ("2739.15") into an exact scaled integer, keeping every place given. */
export function parseDecimal(text: string, maxScale = MAX_PRICE_DECIMALS): Decimal | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) return undefined
  const frac = m[2] ?? ''
  if (frac.length > maxScale) return undefined
  return { units: BigInt((m[1] ?? '0') + frac), scale: frac.length }
}

/**
 * The USD value of `amount` base units of an asset with `decimals` places at `price` USD per whole unit, exact.
 * @example valueUsd(1_500000000000000000n, 18, { units: 273915n, scale: 2 }) // 4108.725 = { units: 4108725n·10^17, scale: 20 }
 */
export function valueUsd(amount: bigint, decimals: number, price: Decimal): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0) {
    throw new DragnetError('INVALID_ARGUMENT', `decimals must be a non-negative integer, got ${decimals}`)
  }
  return { units: amount * price.units, scale: decimals + price.scale }
}

/** The exact sum of decimals of any scales. */
export function addDecimals(values: readonly Decimal[]): Decimal {
  const scale = values.reduce((m, v) => Math.max(m, v.scale), 0)
  let units = 0n
  for (const v of values) units += v.units * 10n ** BigInt(scale - v.scale)
  return { units, scale }
}

/** The exact decimal as text, without trailing zeros: { units: 4108725n, scale: 3 } -> "4108.725". */
export function decimalToString(d: Decimal): string {
  const negative = d.units < 0n
  const abs = negative ? -d.units : d.units
  if (d.scale === 0) return `${negative ? '-' : ''}${abs}`
  const base = 10n ** BigInt(d.scale)
  const frac = (abs % base).toString().padStart(d.scale, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${abs / base}${frac ? `.${frac}` : ''}`
}

/** Rounds to `places` decimal places, half away from zero (4108.725 -> 4108.73; 0.005 -> 0.01). */
export function roundDecimal(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return { units: d.units * 10n ** BigInt(places - d.scale), scale: places }
  const divisor = 10n ** BigInt(d.scale - places)
  const negative = d.units < 0n
  const abs = negative ? -d.units : d.units
  let q = abs / divisor
  if ((abs % divisor) * 2n >= divisor) q += 1n
  return { units: negative ? -q : q, scale: places }
}

/** The rounding every displayed USD figure uses, stated beside it. */
export const USD_ROUNDING = 'rounded half away from zero to cents'

/** A USD figure for people: "$4,108.73", rounded half away from zero to cents, thousands grouped. */
export function formatUsd(d: Decimal): string {
  const r = roundDecimal(d, 2)
  const negative = r.units < 0n
  const abs = negative ? -r.units : r.units
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}$${whole}.${cents}`
}
