import type { Applicant } from '../applicant/applicant.ts'
import { normalizeAddress, normalizeCountry, normalizeDate, normalizeName } from './normalize.ts'
import type { CheckOutcome } from './rule-types.ts'

function fired(evidence: string[]): CheckOutcome {
  return evidence.length > 0 ? { evidence } : undefined
}

/** Name or date of birth differs between the claimed identity, documents and profile display names. */
export function identityInconsistent(a: Applicant): CheckOutcome {
  const claimed = normalizeName(a.identity.name)
  const evidence: string[] = []
  for (const doc of a.documents ?? []) {
    if (doc.nameOnDocument !== undefined && normalizeName(doc.nameOnDocument) !== claimed) {
      evidence.push(
        `${doc.kind} ${doc.sha256.slice(0, 12)} names "${doc.nameOnDocument}", claimed "${a.identity.name}"`,
      )
    }
    const dob = a.identity.dateOfBirth
    if (doc.dateOfBirth !== undefined && dob !== undefined && normalizeDate(doc.dateOfBirth) !== normalizeDate(dob)) {
      evidence.push(`${doc.kind} ${doc.sha256.slice(0, 12)} gives birth date ${doc.dateOfBirth}, claimed ${dob}`)
    }
  }
  for (const acc of a.accounts ?? []) {
    if (acc.displayName !== undefined && normalizeName(acc.displayName) !== claimed) {
      evidence.push(`${acc.platform} profile ${acc.handle} is named "${acc.displayName}", claimed "${a.identity.name}"`)
    }
  }
  return fired(evidence)
}

/** Profiles whose stated country differs from the claimed location. */
export function profileLocationInconsistent(a: Applicant): CheckOutcome {
  const claimed = normalizeCountry(a.identity.claimedLocation.country)
  const evidence = (a.accounts ?? [])
    .filter((acc) => acc.country !== undefined && normalizeCountry(acc.country) !== claimed)
    .map(
      (acc) =>
        `${acc.platform} profile ${acc.handle} states ${acc.country}, claimed ${a.identity.claimedLocation.country}`,
    )
  return fired(evidence)
}

/** A shipping address for equipment that matches none of the identity's known addresses. */
export function shippingAddressMismatch(a: Applicant): CheckOutcome {
  const shipping = a.contacts?.shippingAddress
  if (shipping === undefined) return undefined
  const known = [a.identity.address, ...(a.documents ?? []).map((d) => d.address)].filter(
    (x): x is string => x !== undefined,
  )
  if (known.length === 0) return undefined
  const ship = normalizeAddress(shipping)
  if (known.some((k) => normalizeAddress(k) === ship)) return undefined
  return { evidence: [`equipment shipping address "${shipping}" differs from identity address "${known[0]}"`] }
}

/** A salary account held by someone other than the applicant. */
export function paymentOtherName(a: Applicant): CheckOutcome {
  const holder = a.payment?.accountHolder
  if (holder === undefined || normalizeName(holder) === normalizeName(a.identity.name)) return undefined
  const where = [a.payment?.bankName, a.payment?.paymentService].filter((x) => x !== undefined).join(' / ')
  return {
    evidence: [
      `payment account${where ? ` (${where})` : ''} is held by "${holder}", applicant is "${a.identity.name}"`,
    ],
  }
}

export function paymentCryptoRequest(a: Applicant): CheckOutcome {
  return a.payment?.requestedCrypto === true ? { evidence: ['asked to be paid in cryptocurrency'] } : undefined
}

export function cameraRefused(a: Applicant): CheckOutcome {
  const i = a.interview
  if (i?.refusedCamera === true) return { evidence: ['refused to turn the camera on during the interview'] }
  if (i?.cameraOn === false) return { evidence: ['camera stayed off during the interview'] }
  return undefined
}

export function livenessFailed(a: Applicant): CheckOutcome {
  const l = a.interview?.livenessCheck
  return l === 'failed' || l === 'refused' ? { evidence: [`liveness check ${l}`] } : undefined
}
