import type { AlertRecord } from './alert-types.ts'

/**
 * Adds alerts to a feed, newest first by seq. An alert raised again after a retraction comes with a new seq and the
 * same id: the new record replaces the old; a retraction that arrives marks the alert it withdraws.
 */
export function mergeAlerts(feed: readonly AlertRecord[], incoming: readonly AlertRecord[]): AlertRecord[] {
  const byId = new Map(feed.map((a) => [a.id, a]))
  for (const a of incoming) {
    const had = byId.get(a.id)
    if (!had || had.seq <= a.seq) byId.set(a.id, a)
    if (a.kind === 'retracted' && a.retracts) {
      const target = byId.get(a.retracts)
      if (target && target.seq < a.seq && !target.retracted) {
        byId.set(a.retracts, { ...target, retracted: true, retractedAt: a.raisedAt, retractedBy: a.id })
      }
    }
  }
  return [...byId.values()].sort((x, y) => y.seq - x.seq)
}
