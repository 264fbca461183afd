import { DragnetError } from '../core/errors.ts'
import { parseTime } from './price-csv.ts'

/** Parses a time: unix seconds, YYYY-MM-DD (00:00:00 UTC) or YYYY-MM-DDTHH:MM:SSZ; INVALID_ARGUMENT otherwise. */
export function parseWhen(text: string, name: string): bigint {
  if (/^\d{1,12}$/.test(text)) return BigInt(text)
  const t = parseTime(text)
  if (t === undefined) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `${name} must be unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), got ${text}`,
      { details: { option: name, value: text } },
    )
  }
  return t
}

const UNIT_SECONDS: Record<string, bigint> = { s: 1n, m: 60n, h: 3600n, d: 86_400n }

/** Parses a duration such as 90s, 30m, 36h or 2d (no unit: seconds); INVALID_ARGUMENT otherwise. */
export function parseDuration(text: string, name: string): bigint {
  const m = /^(\d{1,9})([smhd]?)$/.exec(text)
  if (!m) {
    throw new DragnetError('INVALID_ARGUMENT', `${name} must be a duration like 3600s, 90m, 36h or 2d, got ${text}`, {
      details: { option: name, value: text },
    })
  }
  return BigInt(m[1] as string) * (UNIT_SECONDS[m[2] || 's'] as bigint)
}

/** The current time in unix seconds. */
export function nowSeconds(): bigint {
  return BigInt(Math.floor(Date.now() / 1000))
}

/** A duration for people: 2d, 36h, 90m or 45s, in the largest unit that divides it. */
export function formatDuration(seconds: bigint): string {
  for (const [unit, size] of [
    ['d', 86_400n],
    ['h', 3600n],
    ['m', 60n],
  ] as const) {
    if (seconds >= size && seconds % size === 0n) return `${seconds / size}${unit}`
  }
  return `${seconds}s`
}
