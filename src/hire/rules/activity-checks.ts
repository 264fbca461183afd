import type { Applicant } from '../applicant/applicant.ts'
import type { CheckOutcome, NotEvaluated } from './rule-types.ts'
import { formatOffset, timeZoneOffsetMinutes } from './time-zone-offset.ts'

const num = (params: Record<string, unknown>, key: string, fallback: number): number => {
  const v = params[key]
  return typeof v === 'number' ? v : fallback
}

const inHours = (minuteOfDay: number, start: number, end: number): boolean =>
  minuteOfDay >= start * 60 && minuteOfDay < end * 60

/**
 * Activity that sits in UTC+9 working hours while being night or evening in the claimed time zone.
 * Compares behaviour with the applicant's own claim; the UTC+9 band alone never fires.
 */
export function activityUtc9Hours(a: Applicant, params: Record<string, unknown>): CheckOutcome | NotEvaluated {
  const times = (a.interview?.activityTimes ?? []).map((t) => new Date(t))
  const minEvents = num(params, 'minEvents', 5)
  if (times.length < minEvents) {
    return { notEvaluated: `${times.length} activity time(s) recorded; the rule needs at least ${minEvents}` }
  }
  const tz = a.identity.claimedLocation.timeZone
  const claimedOffset = timeZoneOffsetMinutes(tz, times[0]!)
  const range = Array.isArray(params.claimedOffsetMinutes) ? params.claimedOffsetMinutes : [-600, 180]
  if (claimedOffset < Number(range[0]) || claimedOffset > Number(range[1])) {
    return {
      passed:
        `claimed time zone ${tz} (${formatOffset(claimedOffset)}) is outside the zones the rule covers ` +
        `(${formatOffset(Number(range[0]))} to ${formatOffset(Number(range[1]))})`,
    }
  }
  const start = num(params, 'workStartHour', 9)
  const end = num(params, 'workEndHour', 18)
  let hits = 0
  for (const t of times) {
    const utcMinute = t.getUTCHours() * 60 + t.getUTCMinutes()
    const kst = (utcMinute + 540) % 1440
    const local = (((utcMinute + timeZoneOffsetMinutes(tz, t)) % 1440) + 1440) % 1440
    if (inHours(kst, start, end) && !inHours(local, start, end)) hits++
  }
  const share = hits / times.length
  const pct = Math.round(share * 100)
  const minShare = num(params, 'minShare', 0.6)
  if (share < minShare) {
    return {
      passed:
        `${hits} of ${times.length} activity times (${pct}%) fall in ${start}:00-${end}:00 UTC+09:00 and outside ` +
        `them in ${tz}; the rule fires from ${Math.round(minShare * 100)}%`,
    }
  }
  return {
    evidence: [
      `${hits} of ${times.length} activity times (${pct}%) fall in ${start}:00-${end}:00 UTC+09:00 and outside ` +
        `${start}:00-${end}:00 in the claimed time zone ${tz} (${formatOffset(claimedOffset)})`,
    ],
  }
}

/** Logins from at least `minCountries` countries inside any `windowHours` window. */
export function loginCountryHopping(a: Applicant, params: Record<string, unknown>): CheckOutcome | NotEvaluated {
  const logins = (a.network?.logins ?? [])
    .filter((l) => l.country !== undefined)
    .map((l) => ({ t: Date.parse(l.time), country: l.country!.toUpperCase(), ip: l.ip }))
    .sort((x, y) => x.t - y.t)
  const minCountries = num(params, 'minCountries', 3)
  const windowHours = num(params, 'windowHours', 24)
  const windowMs = windowHours * 3_600_000
  if (logins.length === 0) return { notEvaluated: 'no login with a country was recorded' }
  let most = 0
  for (let i = 0; i < logins.length; i++) {
    const inWindow = []
    for (let j = i; j < logins.length && logins[j]!.t - logins[i]!.t <= windowMs; j++) inWindow.push(logins[j]!)
    const countries = [...new Set(inWindow.map((l) => l.country))]
    most = Math.max(most, countries.length)
    if (countries.length >= minCountries) {
      const from = new Date(logins[i]!.t).toISOString()
      const to = new Date(inWindow[inWindow.length - 1]!.t).toISOString()
      return {
        evidence: [
          `${inWindow.length} logins from ${countries.length} countries (${countries.join(', ')}) between ${from} and ${to}`,
        ],
      }
    }
  }
  return {
    passed:
      `${logins.length} logins, at most ${most} countr${most === 1 ? 'y' : 'ies'} within any ${windowHours} hours; ` +
      `the rule fires from ${minCountries}`,
  }
}

/** Most logins arrive through VPN or hosting-provider addresses. */
export function loginVpnHosting(a: Applicant, params: Record<string, unknown>): CheckOutcome | NotEvaluated {
  const logins = a.network?.logins ?? []
  const minLogins = num(params, 'minLogins', 3)
  if (logins.length < minLogins) {
    return { notEvaluated: `${logins.length} login(s) recorded; the rule needs at least ${minLogins}` }
  }
  const masked = logins.filter((l) => l.vpn === true || l.hosting === true)
  const share = masked.length / logins.length
  const minShare = num(params, 'minShare', 0.5)
  if (share < minShare) {
    return {
      passed:
        `${masked.length} of ${logins.length} logins (${Math.round(share * 100)}%) came through VPN or hosting ` +
        `addresses; the rule fires from ${Math.round(minShare * 100)}%`,
    }
  }
  const providers = [...new Set(masked.map((l) => l.provider).filter((p) => p !== undefined))]
  return {
    evidence: [
      `${masked.length} of ${logins.length} logins (${Math.round(share * 100)}%) came through VPN or hosting addresses` +
        (providers.length > 0 ? ` (${providers.join(', ')})` : ''),
    ],
  }
}
