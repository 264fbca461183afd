import { DragnetError } from '../../core/errors.ts'
import type { SqlParam, SqlQuery } from '../../store/postgres/sql-client.ts'
import { incidentFor } from '../db/incidents.ts'
import type { Principal } from '../permissions.ts'
import {
  ALERT_ROW_SELECT,
  type AlertFilter,
  type AlertRecord,
  alertRowOf,
  alertVisibleTo,
  severitiesFrom,
  VISIBLE_ALERT,
} from './alert-record.ts'

export interface AlertQuery extends AlertFilter {
  /** Only alerts with a larger seq. */
  afterSeq?: number
  /** Only alerts raised at or after this time (ISO-8601). */
  since?: string
  /** true: only retracted alerts; false: only live ones; absent: both. */
  retracted?: boolean
  order: 'asc' | 'desc'
  limit: number
  /** From a previous page's nextCursor. */
  cursor?: string
}

export interface AlertPage {
  alerts: AlertRecord[]
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null
}

/** Checks an incident filter as every incident route does: one the caller may not see is SERVER_NOT_FOUND. */
export async function checkIncidentFilter(db: SqlQuery, p: Principal, ids: readonly string[] | undefined) {
  for (const id of ids ?? []) await incidentFor(db, p, id)
}

function cursorSeq(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'cursor is not one this server gave', { details: { cursor } })
  }
  return Number(cursor)
}

/** SQL conditions for a query, after the visibility test (organisation in $1). */
function conditions(q: AlertQuery, params: SqlParam[]): string[] {
  const where = [VISIBLE_ALERT]
  const add = (sql: (n: string) => string, v: SqlParam) => {
    params.push(v)
    where.push(sql(`$${params.length}`))
  }
  if (q.incidents && q.incidents.length > 0) add((n) => `a.incident_id = ANY(${n}::TEXT[])`, q.incidents)
  if (q.kinds && q.kinds.length > 0) add((n) => `a.kind = ANY(${n}::TEXT[])`, q.kinds)
  if (q.minSeverity) add((n) => `a.severity = ANY(${n}::TEXT[])`, severitiesFrom(q.minSeverity))
  if (q.chain) add((n) => `coalesce(a.chain, i.chain) = ${n}`, q.chain)
  if (q.afterSeq !== undefined) add((n) => `a.seq > ${n}`, q.afterSeq)
  if (q.since) add((n) => `coalesce(a.raised_at, a.created_at) >= ${n}`, new Date(q.since).toISOString())
  if (q.retracted !== undefined) where.push(q.retracted ? 'a.retracted_at IS NOT NULL' : 'a.retracted_at IS NULL')
  if (q.cursor !== undefined) add((n) => `a.seq ${q.order === 'asc' ? '>' : '<'} ${n}`, cursorSeq(q.cursor))
  return where
}

/**
 * The alerts the caller's organisation may see, by seq (newest first unless `order` is asc), a page at a time.
 * SQL keeps only visible rows so pages are full; each row is checked again as incident children are.
 */
export async function listVisibleAlerts(db: SqlQuery, p: Principal, q: AlertQuery): Promise<AlertPage> {
  await checkIncidentFilter(db, p, q.incidents)
  if (q.since && Number.isNaN(Date.parse(q.since))) {
    throw new DragnetError('SERVER_INVALID_REQUEST', 'since is not a time', { details: { since: q.since } })
  }
  const params: SqlParam[] = [p.orgId]
  const where = conditions(q, params)
  params.push(q.limit + 1)
  const r = await db.query<Record<string, unknown>>(
    `${ALERT_ROW_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.seq ${q.order === 'asc' ? 'ASC' : 'DESC'}
     LIMIT $${params.length}`,
    params,
  )
  const rows = r.rows.map(alertRowOf)
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  return {
    alerts: page.filter((row) => alertVisibleTo(p.orgId, row)).map((row) => row.record),
    nextCursor: rows.length > q.limit && last ? String(last.record.seq) : null,
  }
}
