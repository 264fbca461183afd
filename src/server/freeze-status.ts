import { DragnetError } from '../core/errors.ts'

export const FREEZE_STATUSES = [
  'drafted',
  'sent',
  'acknowledged',
  'frozen',
  'declined',
  'released',
  'recovered',
] as const
export type FreezeStatus = (typeof FREEZE_STATUSES)[number]

/** drafted → sent → acknowledged → frozen | declined; frozen → released | recovered. Declined, released and recovered end it. */
export const FREEZE_TRANSITIONS: Record<FreezeStatus, readonly FreezeStatus[]> = {
  drafted: ['sent'],
  sent: ['acknowledged'],
  acknowledged: ['frozen', 'declined'],
  frozen: ['released', 'recovered'],
  declined: [],
  released: [],
  recovered: [],
}

/** Throws SERVER_ILLEGAL_TRANSITION (409) unless `to` follows `from`. */
export function checkTransition(from: FreezeStatus, to: FreezeStatus): void {
  if (FREEZE_TRANSITIONS[from].includes(to)) return
  throw new DragnetError('SERVER_ILLEGAL_TRANSITION', `a freeze request ${from} cannot become ${to}`, {
    details: { from, to, allowed: FREEZE_TRANSITIONS[from] },
  })
}
