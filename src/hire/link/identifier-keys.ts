import type { Applicant } from '../applicant/applicant.ts'
import { normalizeAddress } from '../rules/normalize.ts'

export type LinkKind = 'email' | 'phone' | 'shipping-address' | 'document' | 'wallet'

/** A shareable identifier in canonical form, with the value as the applicant wrote it. */
export interface IdentifierKey {
  kind: LinkKind
  canonical: string
  shown: string
}

/** Every identifier of an applicant that another applicant could share, canonicalised for exact matching. */
export function identifierKeys(a: Applicant): IdentifierKey[] {
  const keys: IdentifierKey[] = []
  for (const e of a.contacts?.emails ?? []) {
    const c = e.trim().toLowerCase()
    if (c.includes('@')) keys.push({ kind: 'email', canonical: c, shown: e.trim() })
  }
  for (const p of a.contacts?.phones ?? []) {
    const digits = p.replace(/\D/g, '')
    if (digits.length >= 7) keys.push({ kind: 'phone', canonical: digits, shown: p.trim() })
  }
  const ship = a.contacts?.shippingAddress
  if (ship !== undefined && normalizeAddress(ship) !== '') {
    keys.push({ kind: 'shipping-address', canonical: normalizeAddress(ship), shown: ship.trim() })
  }
  for (const d of a.documents ?? []) {
    keys.push({
      kind: 'document',
      canonical: d.sha256.toLowerCase(),
      shown: `${d.kind} sha256:${d.sha256.toLowerCase()}`,
    })
  }
  for (const w of a.payment?.wallets ?? []) {
    const t = w.address.trim()
    const c = /^0x[0-9a-fA-F]+$/.test(t) ? t.toLowerCase() : t
    keys.push({ kind: 'wallet', canonical: c, shown: t })
  }
  return keys
}
