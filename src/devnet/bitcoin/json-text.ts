/** A JSON number written as given: Core prints amounts as `%d.%08d` text (`0.00100000`), not a float's shortest form. */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | number | string | JsonNumberText | JsonValue[] | { [key: string]: JsonValue }

/** Compact JSON as Core's UniValue writes it: keys in insertion order, no spaces. */
export function jsonText(v: JsonValue): string {
  if (v instanceof JsonNumberText) return v.text
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`)
      .join(',')}}`
  if (typeof v === 'number') return formatDouble(v)
  return JSON.stringify(v)
}

/** Satoshi as Core's ValueFromAmount writes BTC: sign, whole coins, eight decimals. */
export function btcAmount(sats: bigint): JsonNumberText {
  const neg = sats < 0n
  const abs = neg ? -sats : sats
  return new JsonNumberText(
    `${neg ? '-' : ''}${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')}`,
  )
}

/** Integers as integers; other doubles as C++'s `setprecision(16)` stream output (UniValue's), i.e. `%.16g`. */
export function formatDouble(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n)
  if (!Number.isFinite(n)) return 'null'
  const [mantissa, expText] = n.toExponential(15).split('e') as [string, string]
  const exp = Number(expText)
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s)
  if (exp < -4 || exp >= 16) return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return trim(n.toFixed(Math.max(0, 15 - exp)))
}
