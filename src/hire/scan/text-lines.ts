/** 1-based line number of a character index, counting newlines with indexOf (fast on long files). */
export function lineOf(text: string, index: number): number {
  let line = 1
  let pos = text.indexOf('\n')
  while (pos !== -1 && pos < index) {
    line++
    pos = text.indexOf('\n', pos + 1)
  }
  return line
}

/** The bounds of the line that holds `index`. */
export function lineBounds(text: string, index: number): [number, number] {
  const start = text.lastIndexOf('\n', index - 1) + 1
  const nl = text.indexOf('\n', index)
  return [start, nl === -1 ? text.length : nl]
}

/** Files are scanned as latin1 (one char per byte, fast); excerpts are turned back into UTF-8 for display. */
export function display(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8')
}

/** A short excerpt of the line around `index`: the whole line if short, a window around the match otherwise. */
export function excerptAt(text: string, index: number, max = 160): string {
  const [start, end] = lineBounds(text, index)
  let s = start
  let e = end
  if (e - s > max) {
    s = Math.max(start, index - 60)
    e = Math.min(end, s + max)
  }
  const body = text.slice(s, e).trim()
  return display(`${s > start ? '…' : ''}${body}${e < end ? '…' : ''}`)
}
