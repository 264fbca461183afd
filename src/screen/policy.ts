import { readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import { isLabelCategory, type LabelCategory } from '../labels/label-types.ts'

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'severe'] as const
export type Severity = (typeof SEVERITIES)[number]

/** A threshold: exposure to `category` in `direction`, direct (1 hop) or indirect (2+ hops), of at least `minSharePct`. */
export interface PolicyRule {
  category: LabelCategory
  direction: 'incoming' | 'outgoing' | 'any'
  exposure: 'direct' | 'indirect' | 'any'
  /** Share of the address's flow in one asset, in percent with at most two decimals; 0 means any amount. */
  minSharePct: number
  severity: Exclude<Severity, 'none'>
}

export interface Policy {
  format: 'dragnet.screen-policy/1'
  name: string
  /** Severity when the screened address itself carries a label of the category. */
  self: Partial<Record<LabelCategory, Exclude<Severity, 'none'>>>
  rules: PolicyRule[]
}

export const DEFAULT_POLICY_PATH = new URL('./default-policy.json', import.meta.url).pathname

function bad(where: string, message: string): DragnetError {
  return new DragnetError('SCREEN_INVALID_POLICY', `${where}: ${message}`, { details: { where } })
}

const isSeverity = (v: unknown): v is Exclude<Severity, 'none'> =>
  typeof v === 'string' && v !== 'none' && (SEVERITIES as readonly string[]).includes(v)

/** Checks a parsed policy; every problem fails with SCREEN_INVALID_POLICY naming the field. */
export function validatePolicy(data: unknown, where = 'policy'): Policy {
  const p = data as Policy
  if (p?.format !== 'dragnet.screen-policy/1') throw bad(where, 'format must be dragnet.screen-policy/1')
  if (typeof p.self !== 'object' || p.self === null) throw bad(where, 'self must be an object')
  for (const [c, s] of Object.entries(p.self)) {
    if (!isLabelCategory(c)) throw bad(`${where}.self`, `unknown category ${c}`)
    if (!isSeverity(s)) throw bad(`${where}.self.${c}`, `unknown severity ${String(s)}`)
  }
  if (!Array.isArray(p.rules)) throw bad(where, 'rules must be an array')
  p.rules.forEach((r, i) => {
    const at = `${where}.rules[${i}]`
    if (!isLabelCategory(r?.category)) throw bad(at, `unknown category ${String(r?.category)}`)
    if (!['incoming', 'outgoing', 'any'].includes(r.direction)) throw bad(at, 'direction: incoming, outgoing or any')
    if (!['direct', 'indirect', 'any'].includes(r.exposure)) throw bad(at, 'exposure: direct, indirect or any')
    const bp = r.minSharePct * 100
    if (typeof r.minSharePct !== 'number' || !(bp >= 0 && bp <= 10000) || Math.abs(bp - Math.round(bp)) > 1e-9) {
      throw bad(at, 'minSharePct must be 0-100 with at most two decimals')
    }
    if (!isSeverity(r.severity)) throw bad(at, `unknown severity ${String(r.severity)}`)
  })
  return { ...p, name: typeof p.name === 'string' ? p.name : 'unnamed' }
}

/** Reads and validates a policy JSON file. */
export function loadPolicy(path = DEFAULT_POLICY_PATH): Policy {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `policy file not found: ${path}`, { details: { path }, cause })
  }
  try {
    return validatePolicy(JSON.parse(text), path)
  } catch (error) {
    if (error instanceof DragnetError) throw error
    throw new DragnetError('SCREEN_INVALID_POLICY', `${path} is not valid JSON`, { details: { path }, cause: error })
  }
}

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b
}

/** Basis points of a share threshold, exact: 2.5 % is 250. */
export const basisPoints = (pct: number): bigint => BigInt(Math.round(pct * 100))

/** amount / total in percent with two decimals, floored, from bigints (no float). */
export function sharePct(amount: bigint, total: bigint): string {
  if (total === 0n) return '0.00'
  const bp = (amount * 10000n) / total
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}`
}
