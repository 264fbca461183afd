import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

// Hex digits are a subset of base64's alphabet, so one pass finds both kinds of candidate.
const CANDIDATE = /['"`]([A-Za-z0-9+/]{16,}={0,2})['"`]/g
const HEX = /^(?:[0-9a-fA-F]{2})+$/
const ESCAPED = /((?:\\x[0-9a-fA-F]{2}){6,})/g
const TARGET = /^(?:(?:https?|wss?|ftp):\/\/[\x21-\x7e]{3,}|(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/|$))/

function asTarget(bytes: Buffer): string | undefined {
  const plain = bytes.toString('latin1')
  if (TARGET.test(plain)) return plain
  // Single-byte XOR: the key is whatever turns the first byte into "h" (a URL) or a digit (an IP address).
  for (const first of [0x68, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]) {
    const key = bytes[0]! ^ first
    if (key === 0) continue
    const x = Buffer.from(bytes.map((b) => b ^ key)).toString('latin1')
    if (TARGET.test(x)) return `${x} (XOR key 0x${key.toString(16).padStart(2, '0')})`
  }
  return undefined
}

/** Base64-, hex- or \x-escaped strings (optionally single-byte XORed) that decode to a URL or an IP address. */
export const encodedUrlRule: FileRule = (file, _ctx, out) => {
  const t = file.text
  let count = 0
  const report = (index: number, how: string, decoded: string): boolean => {
    const shown = decoded.length > 100 ? `${decoded.slice(0, 100)}…` : decoded
    out.push(findingAt(file, index, 'SCAN-ENCODED-URL', 'high', `${how} string decodes to ${shown}`))
    return ++count >= 20
  }
  for (const m of t.matchAll(CANDIDATE)) {
    const s = m[1]!
    const isHex = HEX.test(s)
    const hit = isHex ? asTarget(Buffer.from(s, 'hex')) : undefined
    if (hit !== undefined) {
      if (report(m.index, 'hex', hit)) return
      continue
    }
    if (s.length % 4 === 1) continue
    const b64 = asTarget(Buffer.from(s, 'base64'))
    if (b64 !== undefined && report(m.index, 'base64', b64)) return
  }
  if (!t.includes('\\x')) return
  for (const m of t.matchAll(ESCAPED)) {
    const hex = m[1]!.replace(/\\x/g, '')
    const hit = asTarget(Buffer.from(hex, 'hex'))
    if (hit !== undefined && report(m.index, '\\x-escaped', hit)) return
  }
}
