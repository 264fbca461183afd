import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

const HEX_IDENT = /\b_0x[0-9a-f]{4,6}\b/g
const ROTATION =
  /\[\s*['"]push['"]\s*\]\s*\(\s*_0x\w+\s*\[\s*['"]shift['"]\s*\]\s*\(\s*\)\s*\)|\.push\(\s*_0x\w+\.shift\(\)\s*\)|while\s*\(\s*!!\s*\[\s*\]\s*\)/
const STRING_ARRAY = /(?:const|var|let)\s+_0x\w+\s*=\s*\[(?:\s*(?:'[^'\n]{0,200}'|"[^"\n]{0,200}")\s*,){50}/

/**
 * obfuscator.io output: many `_0x` hex identifiers, a large string array, and the loop that rotates it.
 * Identifiers alone are medium; with the rotation loop or a 50+ string array, high.
 */
export const obfuscationRule: FileRule = (file, _ctx, out) => {
  const t = file.text
  const first = t.indexOf('_0x')
  if (first === -1) return
  const names = new Set<string>()
  let total = 0
  for (const m of t.matchAll(HEX_IDENT)) {
    names.add(m[0])
    if (++total >= 2000) break
  }
  if (names.size < 5 || total < 20) return
  const rot = ROTATION.exec(t)
  const arr = rot === null ? STRING_ARRAY.exec(t) : null
  const strong = rot ?? arr
  out.push(
    findingAt(
      file,
      strong?.index ?? first,
      'SCAN-OBFUSCATED',
      strong === null ? 'medium' : 'high',
      `obfuscator-style code: ${names.size} distinct _0x identifiers` +
        (rot !== null ? ' and a rotated string array' : arr !== null ? ' and a large string array' : ''),
    ),
  )
}
