/**
 * Exact base units as a decimal with the asset's decimals: '1234500000000000000', 18 -> '1.2345'. Amounts arrive as
 * decimal strings (the API never sends a float for an amount) and are formatted with bigint arithmetic.
 */
export function formatUnits(amount: string | bigint, decimals: number | null | undefined): string {
  const v = typeof amount === 'bigint' ? amount : BigInt(amount)
  const d = decimals ?? 0
  const neg = v < 0n
  const abs = neg ? -v : v
  if (d === 0) return `${neg ? '-' : ''}${group(abs.toString())}`
  const base = 10n ** BigInt(d)
  const whole = abs / base
  const frac = (abs % base).toString().padStart(d, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${group(whole.toString())}${frac ? `.${frac}` : ''}`
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** An amount with its symbol, or the asset's address when it has none. */
export function formatAmount(
  amount: string | bigint,
  asset: { symbol?: string | null; decimals?: number | null } | undefined,
  assetId?: string,
): string {
  const sym = asset?.symbol ?? (assetId === 'native' ? 'ETH' : short(assetId ?? ''))
  return `${formatUnits(amount, asset?.decimals ?? (assetId === 'native' ? 18 : 0))} ${sym}`
}

/** 0x1234…abcd: enough of an address or hash to tell it apart on screen; the full value goes in `title`. */
export function short(hex: string, keep = 6): string {
  return hex.length > 2 * keep + 3 ? `${hex.slice(0, keep)}…${hex.slice(-4)}` : hex
}

/** A time as the reader's local date and time, or a dash. */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const d = typeof iso === 'number' ? new Date(iso * 1000) : new Date(iso)
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString()
}

/** A duration in seconds as `2 h 5 min` / `40 s`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  if (seconds < 60) return `${seconds} s`
  const m = Math.floor(seconds / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ${m % 60} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** Rows as CSV (RFC 4180 quoting), for the tables' downloads. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | bigint | null)[])[],
): string {
  const cell = (v: string | number | bigint | null) => {
    const s = v === null ? '' : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
