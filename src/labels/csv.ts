/** Splits one CSV line (RFC 4180 quoting, no embedded newlines); undefined when a quote is left open. */
export function parseCsvLine(line: string): string[] | undefined {
  const out: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let v = ''
      i++
      for (;;) {
        if (i >= line.length) return undefined
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"'
            i += 2
            continue
          }
          i++
          break
        }
        v += line[i]
        i++
      }
      out.push(v)
      if (i < line.length && line[i] !== ',') return undefined
    } else {
      const end = line.indexOf(',', i)
      out.push(end < 0 ? line.slice(i) : line.slice(i, end))
      i = end < 0 ? line.length : end
    }
    if (i >= line.length) return out
    i++
    if (i === line.length) {
      out.push('')
      return out
    }
  }
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | bigint | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** One CSV line from fields, with its newline. */
export function csvLine(fields: readonly (string | number | bigint | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\n`
}
