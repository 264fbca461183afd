import type { ColumnSpec } from '../../store/schema.ts'
import type { CellValue } from '../../store/store.ts'

/** One cell as Python's csv module writes it (QUOTE_MINIMAL): NULL empty, quoted only when it must be. */
export function csvCell(spec: ColumnSpec, value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  let text = typeof value === 'string' ? value : String(value)
  // ethereum-etl's CSV writes withdrawals as the objects joined by commas, without the list's brackets.
  if (spec.name === 'withdrawals' && text.startsWith('[')) text = text.slice(1, -1)
  if (/[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`
  return text
}

/** One cell as ethereum-etl's JSON exporter writes it (Python's json.dumps): numbers bare, lists as lists. */
export function jsonCell(spec: ColumnSpec, value: CellValue | undefined): string {
  if (spec.name === 'topics') return pyList(value, (t) => pyString(t))
  if (spec.name === 'trace_address') return pyList(value, (t) => t)
  if (spec.name === 'withdrawals') return value === null || value === undefined ? '[]' : pySpaced(String(value))
  if (value === null || value === undefined) return 'null'
  switch (spec.type) {
    case 'bigint':
    case 'int':
    case 'uint256':
      return String(value)
    case 'bool':
      return value ? 'true' : 'false'
    default:
      return pyString(String(value))
  }
}

function pyList(value: CellValue | undefined, item: (s: string) => string): string {
  if (value === null || value === undefined || value === '') return '[]'
  return `[${String(value).split(',').map(item).join(', ')}]`
}

/** A JSON string as Python's json.dumps writes it: non-ASCII escaped as \uXXXX. */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Re-spaces compact JSON the way json.dumps separates items (", " and ": "), outside strings. */
function pySpaced(json: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json[i] as string
    out += c
    if (inString) {
      if (c === '\\') out += json[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === ',' || c === ':') out += ' '
  }
  return out
}
