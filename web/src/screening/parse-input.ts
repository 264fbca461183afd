/** One address to screen, with where it came from (a line of the pasted text or the CSV) and its chain if given. */
export interface InputRow {
  line: number
  address: string
  chain?: string
}

/** A row that never reached the API, with the code the API or the CLI gives the same fault. */
export interface InputProblem {
  line: number
  text: string
  code: string
  message: string
}

export interface ParsedInput {
  rows: InputRow[]
  problems: InputProblem[]
}

/** The server refuses a batch naming a longer address outright, so such a row is reported in its place instead. */
export const MAX_ADDRESS_LENGTH = 200

function checked(line: number, address: string, chain: string | undefined, out: ParsedInput): void {
  if (address.length > MAX_ADDRESS_LENGTH) {
    out.problems.push({
      line,
      text: `${address.slice(0, 60)}…`,
      code: 'INVALID_ADDRESS',
      message: `longer than ${MAX_ADDRESS_LENGTH} characters (bad-length)`,
    })
    return
  }
  out.rows.push(chain ? { line, address, chain } : { line, address })
}

/** Pasted addresses: one a line, or several on a line separated by commas, spaces or semicolons. Blank and # lines are skipped. */
export function parsePasted(text: string): ParsedInput {
  const out: ParsedInput = { rows: [], problems: [] }
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim()
    if (s === '' || s.startsWith('#')) return
    for (const part of s.split(/[,;\s]+/)) if (part !== '') checked(i + 1, part, undefined, out)
  })
  return out
}

/** Fields of one CSV line (RFC 4180 quoting), or null when a quote is left open. */
export function csvFields(line: string): string[] | null {
  const fields: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"' && cur === '') quoted = true
    else if (c === ',') {
      fields.push(cur)
      cur = ''
    } else cur += c
  }
  if (quoted) return null
  fields.push(cur)
  return fields
}

/**
 * A CSV file as `dragnet screen --file` reads it: a header naming `address` (and optionally `chain`) picks those
 * columns; without one, the first column of every line is the address. A line that is not CSV, or whose address
 * cell is empty, is a problem of its own (SCREEN_MALFORMED_INPUT, with its line) and the rest are still screened.
 */
export function parseCsv(text: string): ParsedInput {
  const out: ParsedInput = { rows: [], problems: [] }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = csvFields(lines[0] ?? '')?.map((h) => h.trim().toLowerCase()) ?? []
  const hasHeader = header.includes('address')
  const at = hasHeader ? header.indexOf('address') : 0
  const chainAt = hasHeader ? header.indexOf('chain') : -1
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const raw = lines[i] as string
    if (raw.trim() === '' || raw.startsWith('#')) continue
    const f = csvFields(raw)
    const address = f?.[at]?.trim() ?? ''
    if (!f || address === '') {
      out.problems.push({
        line: i + 1,
        text: raw.slice(0, 80),
        code: 'SCREEN_MALFORMED_INPUT',
        message: f ? `no address in column ${at + 1}` : 'an open quote: not a CSV line',
      })
      continue
    }
    const chain = chainAt >= 0 ? f[chainAt]?.trim() : undefined
    checked(i + 1, address, chain || undefined, out)
  }
  return out
}
