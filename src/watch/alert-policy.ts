import { readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import { SEVERITIES, type Severity } from '../screen/policy.ts'
import { ALERT_KINDS, type AlertKind, FREEZABLE_PLACES, type FreezablePlace } from './alert-types.ts'

/**
 * A rule: alerts of `kind` (at a freezable `place`, when given) whose amount reaches `minAmount` for its asset
 * (base units; an asset the rule does not list passes) get `severity`; `none` raises no alert.
 */
export interface AlertRule {
  kind: AlertKind
  place?: FreezablePlace
  minAmount?: Record<string, bigint>
  severity: Severity
}

export interface AlertPolicy {
  format: 'dragnet.alert-policy/1'
  name: string
  /** The first rule that matches decides; an alert no rule matches is not raised. */
  rules: AlertRule[]
}

export const DEFAULT_ALERT_POLICY_PATH = new URL('./default-alert-policy.json', import.meta.url).pathname

function bad(where: string, message: string): DragnetError {
  return new DragnetError('WATCH_INVALID_POLICY', `${where}: ${message}`, { details: { where } })
}

/** Checks a parsed alert policy; every problem fails with WATCH_INVALID_POLICY naming the field. */
export function validateAlertPolicy(data: unknown, where = 'policy'): AlertPolicy {
  const p = data as { format?: unknown; name?: unknown; rules?: unknown }
  if (p?.format !== 'dragnet.alert-policy/1') throw bad(where, 'format must be dragnet.alert-policy/1')
  if (!Array.isArray(p.rules)) throw bad(where, 'rules must be an array')
  const rules = p.rules.map((r: Record<string, unknown>, i: number): AlertRule => {
    const at = `${where}.rules[${i}]`
    if (!(ALERT_KINDS as readonly unknown[]).includes(r?.kind)) throw bad(at, `unknown kind ${String(r?.kind)}`)
    if (r.place !== undefined && !(FREEZABLE_PLACES as readonly unknown[]).includes(r.place)) {
      throw bad(at, `place: one of ${FREEZABLE_PLACES.join(', ')}`)
    }
    if (r.place !== undefined && r.kind !== 'freezable-arrival')
      throw bad(at, 'place applies to freezable-arrival only')
    if (!(SEVERITIES as readonly unknown[]).includes(r.severity))
      throw bad(at, `unknown severity ${String(r.severity)}`)
    const rule: AlertRule = { kind: r.kind as AlertKind, severity: r.severity as Severity }
    if (r.place !== undefined) rule.place = r.place as FreezablePlace
    if (r.minAmount !== undefined) rule.minAmount = minAmounts(r.minAmount, `${at}.minAmount`)
    return rule
  })
  return { format: 'dragnet.alert-policy/1', name: typeof p.name === 'string' ? p.name : 'unnamed', rules }
}

/** Base units per asset ('native' or a token address), as decimal strings: exact, never a float. */
function minAmounts(v: unknown, at: string): Record<string, bigint> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(at, 'an object of asset to base units')
  const out: Record<string, bigint> = {}
  for (const [asset, amount] of Object.entries(v)) {
    if (typeof amount !== 'string' || !/^\d{1,78}$/.test(amount)) {
      throw bad(`${at}.${asset}`, 'base units as a decimal string, e.g. "1000000000000000000"')
    }
    out[asset === 'native' ? asset : asset.toLowerCase()] = BigInt(amount)
  }
  return out
}

/** Reads and validates an alert policy file (default: the shipped one). */
export function loadAlertPolicy(path = DEFAULT_ALERT_POLICY_PATH): AlertPolicy {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `alert policy file not found: ${path}`, { details: { path }, cause })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('WATCH_INVALID_POLICY', `${path} is not valid JSON`, { details: { path }, cause })
  }
  return validateAlertPolicy(data, path)
}

/** The severity of an alert under the policy, or `none` (not raised) when no rule matches or the rule says so. */
export function alertSeverity(
  policy: AlertPolicy,
  alert: { kind: AlertKind; place: FreezablePlace | null; asset: string; amount: bigint },
): Severity {
  const asset = alert.asset === 'native' ? alert.asset : alert.asset.toLowerCase()
  for (const r of policy.rules) {
    if (r.kind !== alert.kind) continue
    if (r.place !== undefined && r.place !== alert.place) continue
    const min = r.minAmount?.[asset]
    if (min !== undefined && alert.amount < min) continue
    return r.severity
  }
  return 'none'
}
