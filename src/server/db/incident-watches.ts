import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { traceRequest } from '../../trace/trace-request.ts'
import type { TaintModel } from '../../trace/trace-types.ts'
import type { WatchTarget } from '../../watch/taint-watch.ts'
import { nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'

const TLP_CHECK = "CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'))"

/**
 * Migration 4: which incidents `serve --watch` (and `dragnet watch --server-db`) follows, under what model and
 * from which block, and the figures the watch last carried them to (one row per incident, replaced per block).
 */
export const INCIDENT_WATCH_STATEMENTS = [
  `CREATE TABLE incident_watches (incident_id TEXT PRIMARY KEY REFERENCES incidents (id), org_id TEXT NOT NULL,
    tlp TEXT NOT NULL ${TLP_CHECK}, model TEXT NOT NULL, hops INTEGER NOT NULL, from_block TEXT,
    created_by TEXT NOT NULL, created_at TEXT NOT NULL, block TEXT, summary JSONB, updated_at TEXT)`,
]

/** How an incident is watched, as the API shows it; `block` and `updatedAt` say how far the watch has got. */
export interface IncidentWatch {
  incidentId: string
  orgId: string
  tlp: Tlp
  model: TaintModel
  hops: number
  fromBlock: string | null
  createdBy: string
  createdAt: string
  block: string | null
  updatedAt: string | null
}

const watchOf = (r: Record<string, unknown>): IncidentWatch => ({
  incidentId: r.incident_id as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  model: r.model as TaintModel,
  hops: Number(r.hops),
  fromBlock: (r.from_block as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  block: (r.block as string | null) ?? null,
  updatedAt: (r.updated_at as string | null) ?? null,
})

/** Marks an incident for watching (or changes how); the figures carried so far start again from its first block. */
export async function setIncidentWatch(
  tx: SqlQuery,
  access: IncidentAccess,
  input: { model: TaintModel; hops: number; fromBlock: string | null },
): Promise<IncidentWatch> {
  const before = await incidentWatch(tx, access)
  const p = access.principal
  const r = await tx.query<Record<string, unknown>>(
    `INSERT INTO incident_watches (incident_id, org_id, tlp, model, hops, from_block, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (incident_id) DO UPDATE SET model = $4, hops = $5, from_block = $6, created_by = $7,
       created_at = $8, block = NULL, summary = NULL, updated_at = NULL
     RETURNING *`,
    [access.incident.id, p.orgId, access.incident.tlp, input.model, input.hops, input.fromBlock, p.userId, nowIso()],
  )
  const after = watchOf(r.rows[0] as Record<string, unknown>)
  await writeAudit(tx, p, {
    action: 'incident.watch',
    objectType: 'incident',
    objectId: access.incident.id,
    incidentId: access.incident.id,
    before,
    after,
  })
  return after
}

/** Stops watching an incident; SERVER_NOT_FOUND when it was not watched. */
export async function deleteIncidentWatch(tx: SqlQuery, access: IncidentAccess): Promise<void> {
  const before = await incidentWatch(tx, access)
  if (!before)
    throw new DragnetError('SERVER_NOT_FOUND', 'the incident is not watched', { details: { id: access.incident.id } })
  await tx.query('DELETE FROM incident_watches WHERE incident_id = $1', [access.incident.id])
  await writeAudit(tx, access.principal, {
    action: 'incident.unwatch',
    objectType: 'incident',
    objectId: access.incident.id,
    incidentId: access.incident.id,
    before,
    after: null,
  })
}

/** The incident's watch if it has one the caller may see. */
export async function incidentWatch(db: SqlQuery, access: IncidentAccess): Promise<IncidentWatch | null> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM incident_watches WHERE incident_id = $1', [
    access.incident.id,
  ])
  const w = r.rows[0] ? watchOf(r.rows[0]) : null
  return w && childVisible(access, w) ? w : null
}

/** The figures the watch last stored, with the block they hold through; null before the first block. */
export async function watchSummary(
  db: SqlQuery,
  access: IncidentAccess,
): Promise<{ block: string; updatedAt: string; summary: Record<string, unknown> } | null> {
  const w = await incidentWatch(db, access)
  if (!w || w.block === null || w.updatedAt === null) return null
  const r = await db.query<{ summary: unknown }>('SELECT summary FROM incident_watches WHERE incident_id = $1', [
    w.incidentId,
  ])
  const s = r.rows[0]?.summary
  const summary = (typeof s === 'string' ? JSON.parse(s) : s) as Record<string, unknown> | null
  return summary ? { block: w.block, updatedAt: w.updatedAt, summary } : null
}

/** Stores how far a watch has carried an incident and its figures there (the watcher's write, no principal). */
export async function saveWatchSummary(
  db: SqlQuery,
  incidentId: string,
  block: bigint,
  summary: Record<string, unknown>,
): Promise<void> {
  await db.query(
    'UPDATE incident_watches SET block = $2, summary = $3::JSONB, updated_at = $4 WHERE incident_id = $1',
    [incidentId, block.toString(), JSON.stringify(summary), nowIso()],
  )
}

/** A watched incident as the watcher carries it: its target and a key that changes when the seeds or settings do. */
export interface WatchedIncident {
  target: WatchTarget
  key: string
}

/**
 * Every incident marked for watching that is not closed and has seeds, as watch targets (its seeds, the watch's
 * model, hops and first block); `ids` keeps only those (an id not watched fails with WATCH_UNKNOWN_INCIDENT).
 */
export async function watchedIncidents(db: SqlQuery, ids: readonly string[] = []): Promise<WatchedIncident[]> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT w.*, i.chain, i.status FROM incident_watches w JOIN incidents i ON i.id = w.incident_id
     ORDER BY w.incident_id`,
  )
  const rows = r.rows.filter((row) => row.status !== 'closed')
  const missing = ids.filter((id) => !rows.some((row) => row.incident_id === id))
  if (missing.length > 0) {
    throw new DragnetError(
      'WATCH_UNKNOWN_INCIDENT',
      `no open incident marked for watching with id ${missing.join(', ')} in the server state`,
      { details: { incidents: missing } },
    )
  }
  const seeds = await db.query<{ incident_id: string; kind: string; value: string }>(
    'SELECT incident_id, kind, value FROM incident_seeds ORDER BY value',
  )
  const out: WatchedIncident[] = []
  for (const row of rows) {
    const id = row.incident_id as string
    if (ids.length > 0 && !ids.includes(id)) continue
    const mine = seeds.rows.filter((s) => s.incident_id === id)
    if (mine.length === 0) continue
    const fromBlock = row.from_block === null ? undefined : BigInt(row.from_block as string)
    const request = traceRequest(
      row.chain as string,
      {
        addresses: mine.filter((s) => s.kind === 'address').map((s) => s.value),
        txs: mine.filter((s) => s.kind === 'transaction').map((s) => s.value),
      },
      {
        model: row.model as TaintModel,
        limits: { hops: Number(row.hops), ...(fromBlock === undefined ? {} : { fromBlock }) },
      },
    )
    const key = JSON.stringify([
      request.chain,
      request.seedAddresses,
      request.seedTxs,
      request.model,
      row.hops,
      row.from_block,
      row.created_at,
    ])
    out.push({ target: { incident: id, request }, key })
  }
  return out
}
