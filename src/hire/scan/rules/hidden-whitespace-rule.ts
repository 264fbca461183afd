import { display, lineBounds } from '../text-lines.ts'
import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

const RUN = /[ \t]{150,}(?=[^\s])/g
const SPACES = ' '.repeat(64)
const TABS = '\t'.repeat(32)

/** Code pushed far to the right by a long run of blanks, so that an editor shows an empty or harmless line. */
export const hiddenWhitespaceRule: FileRule = (file, _ctx, out) => {
  const t = file.text
  if (!t.includes(SPACES) && !t.includes(TABS)) return
  let count = 0
  for (const m of t.matchAll(RUN)) {
    const hiddenAt = m.index + m[0].length
    const [start, end] = lineBounds(t, hiddenAt)
    const visible = t.slice(start, m.index).trim()
    const hidden = t.slice(hiddenAt, Math.min(end, hiddenAt + 120))
    const excerpt = display(`${visible.slice(-60)} [${m[0].length} blanks] ${hidden}`)
    out.push(
      findingAt(
        file,
        hiddenAt,
        'SCAN-HIDDEN-WHITESPACE',
        'high',
        `code hidden after ${m[0].length} blanks at column ${hiddenAt - start + 1}`,
        excerpt,
      ),
    )
    if (++count >= 20) return
  }
}
