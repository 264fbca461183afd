import { DragnetError } from '../../core/errors.ts'

/** Marks a number that was bare in the JSON text; a JSON string can hold it only through an escape. */
export const NUMBER_MARK = '\u0000'

/**
 * Parses one JSON value with every bare number kept as exact text. ethereum-etl writes uint256 values as
 * bare JSON numbers (`"value": 150188698577042438264952193024`), which JSON.parse would round to a double;
 * here each number arrives as a string starting with NUMBER_MARK.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteNumbers(text))
}

/** Wraps every bare number outside strings in quotes, prefixed by NUMBER_MARK's escape. */
export function quoteNumbers(text: string): string {
  let out = ''
  let last = 0
  const n = text.length
  let i = 0
  while (i < n) {
    const ch = text.charCodeAt(i)
    if (ch === 34) {
      // Skip a string: find the closing quote not escaped by an odd run of backslashes.
      let j = i + 1
      for (;;) {
        j = text.indexOf('"', j)
        if (j < 0) throw new DragnetError('ETL_MALFORMED', 'unterminated JSON string')
        let k = j - 1
        while (text.charCodeAt(k) === 92) k--
        if ((j - 1 - k) % 2 === 0) break
        j++
      }
      i = j + 1
    } else if (ch === 45 || (ch >= 48 && ch <= 57)) {
      let j = i + 1
      while (j < n && isNumberChar(text.charCodeAt(j))) j++
      out += `${text.slice(last, i)}"\\u0000${text.slice(i, j)}"`
      last = j
      i = j
    } else {
      i++
    }
  }
  return last === 0 ? text : out + text.slice(last)
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45
}

/**
 * Turns a value parsed by parseJsonExact into the text the store column takes: numbers as their digits,
 * arrays of scalars (topics, trace_address) comma-joined as ethereum-etl's CSV writes them, arrays of
 * objects (withdrawals) as compact JSON with numbers bare, and an empty array as absent.
 */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value.startsWith(NUMBER_MARK) ? value.slice(1) : value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) {
    if (value.length === 0) return null
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => cellText(v) ?? '').join(',')
    return compactJson(value)
  }
  return compactJson(value)
}

/** Compact JSON with marked numbers written back bare. */
export function compactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return value.startsWith(NUMBER_MARK) ? value.slice(1) : JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${JSON.stringify(k)}:${compactJson(v)}`,
    )
    return `{${parts.join(',')}}`
  }
  return String(value)
}
