import { DragnetError } from '../core/errors.ts'
import { parseCsvLine } from '../labels/csv.ts'
import { type Decimal, MAX_PRICE_DECIMALS, parseDecimal } from './usd.ts'

/** One row of a price CSV, validated; the asset is 'native', a lowercase address, or a symbol still to resolve. */
export interface PriceCsvRow {
  line: number
  time: bigint
  chain: string
  asset: { kind: 'native' } | { kind: 'address'; address: string } | { kind: 'symbol'; symbol: string }
  price: Decimal
}

/** The columns a price CSV must have, in any order (docs/prices.md). */
export const PRICE_CSV_COLUMNS = ['date', 'chain', 'asset', 'price_usd'] as const

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/
const CHAIN_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/
const SYMBOL_RE = /^[A-Za-z0-9][A-Za-z0-9.$_+-]{0,31}$/

function malformed(file: string, line: number, message: string, details: Record<string, unknown> = {}): DragnetError {
  return new DragnetError('PRICES_MALFORMED', `${file} line ${line}: ${message}`, {
    details: { file, line, ...details },
  })
}

/**
 * Parses a price CSV (date,chain,asset,price_usd; docs/prices.md) in full, so that a bad row stops the import
 * before anything is stored. Blank lines and lines starting with # are skipped.
 */
export function parsePriceCsv(text: string, file: string): PriceCsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  let header: Map<string, number> | undefined
  let width = 0
  const rows: PriceCsvRow[] = []
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim()
    if (raw === '' || raw.startsWith('#')) continue
    const lineNo = i + 1
    const fields = parseCsvLine(raw)
    if (!fields) throw malformed(file, lineNo, 'a quoted field is not closed')
    if (!header) {
      header = headerOf(fields, file, lineNo)
      width = fields.length
      continue
    }
    // A stray comma (an unquoted "2,800.00") shifts every column after it: refuse rather than misread.
    if (fields.length !== width) {
      throw malformed(file, lineNo, `${fields.length} fields; the header has ${width} (quote a field holding a comma)`)
    }
    rows.push(rowOf(fields, header, file, lineNo))
  }
  if (!header) {
    throw malformed(file, 1, `no header: the first line must name the columns ${PRICE_CSV_COLUMNS.join(',')}`)
  }
  return rows
}

function headerOf(fields: string[], file: string, line: number): Map<string, number> {
  const header = new Map(fields.map((f, i) => [f.trim().toLowerCase(), i]))
  const missing = PRICE_CSV_COLUMNS.filter((c) => !header.has(c))
  if (missing.length > 0) {
    throw malformed(file, line, `header lacks ${missing.join(', ')}: the columns are ${PRICE_CSV_COLUMNS.join(',')}`, {
      missing,
    })
  }
  return header
}

function rowOf(fields: string[], header: Map<string, number>, file: string, line: number): PriceCsvRow {
  const get = (c: (typeof PRICE_CSV_COLUMNS)[number]) => (fields[header.get(c) as number] ?? '').trim()
  const date = get('date')
  const time = parseTime(date)
  if (time === undefined) {
    throw malformed(file, line, `date ${JSON.stringify(date)} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)`, {
      column: 'date',
      value: date,
    })
  }
  const chain = get('chain')
  if (!CHAIN_RE.test(chain)) {
    throw malformed(file, line, `chain ${JSON.stringify(chain)} is not a chain name (letters, digits, . _ -)`, {
      column: 'chain',
      value: chain,
    })
  }
  const priceText = get('price_usd')
  const price = parseDecimal(priceText)
  if (!price || price.units === 0n) {
    throw malformed(
      file,
      line,
      `price_usd ${JSON.stringify(priceText)} is not a positive decimal with at most ${MAX_PRICE_DECIMALS} places (no sign, exponent or thousands separator)`,
      { column: 'price_usd', value: priceText },
    )
  }
  return { line, time, chain, asset: assetOf(get('asset'), file, line), price }
}

function assetOf(value: string, file: string, line: number): PriceCsvRow['asset'] {
  if (value === 'native') return { kind: 'native' }
  if (ADDRESS_RE.test(value)) return { kind: 'address', address: value.toLowerCase() }
  if (value.startsWith('0x') || !SYMBOL_RE.test(value)) {
    throw malformed(
      file,
      line,
      `asset ${JSON.stringify(value)} is not 'native', a 20-byte 0x token address, or a token symbol`,
      { column: 'asset', value },
    )
  }
  return { kind: 'symbol', symbol: value }
}

/** Unix seconds of a UTC date (its 00:00:00) or date-time; undefined for anything else or an impossible date. */
export function parseTime(text: string): bigint | undefined {
  const m = DATE_RE.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[]
  const ms = Date.UTC(y as number, (mo as number) - 1, d as number, h, mi, s)
  const back = new Date(ms)
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== (mo as number) - 1 ||
    back.getUTCDate() !== d ||
    (h as number) > 23 ||
    (mi as number) > 59 ||
    (s as number) > 59
  ) {
    return undefined
  }
  return BigInt(ms / 1000)
}
