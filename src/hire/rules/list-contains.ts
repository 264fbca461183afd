import type { Applicant } from '../applicant/applicant.ts'
import type { CheckOutcome } from './rule-types.ts'

function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/**
 * A generic check for the data file: fires when a string (or list of strings) at `params.field`
 * contains any of `params.values`, case-insensitively. Lets a team add list rules without code.
 */
export function listContains(a: Applicant, params: Record<string, unknown>): CheckOutcome {
  const field = typeof params.field === 'string' ? params.field : ''
  const values = Array.isArray(params.values) ? params.values.map((v) => String(v).toLowerCase()) : []
  const raw = valueAt(a, field)
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  const evidence: string[] = []
  for (const item of items) {
    const text = String(item)
    const hit = values.find((v) => text.toLowerCase().includes(v))
    if (hit !== undefined) evidence.push(`${field} lists "${text}"`)
  }
  return evidence.length > 0 ? { evidence } : undefined
}
