import { DragnetError } from '../../core/errors.ts'
import { DEFAULT_MIN_CONFIDENCE, type MixerRule } from '../../mixer/mixer-types.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import type { TraceRequest } from '../../trace/trace-types.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'

export type TraceStatus = 'queued' | 'running' | 'done' | 'failed'

/** A trace request as stored and shown: amounts and blocks as decimal strings. */
export interface StoredTraceRequest {
  chain: string
  seedAddresses: string[]
  seedTxs: string[]
  model: TraceRequest['model']
  direction: TraceRequest['direction']
  asset: string | null
  limits: { hops: number; minAmount: string; maxAddresses: number; fromBlock: string | null; toBlock: string | null }
  /** Follow the taint past mixer pools into a probable layer (docs/mixers.md); never part of the exact totals. */
  throughMixers: boolean
  /** Links below this confidence are not followed. */
  minConfidence: number
  /** Mixer rules switched off (the others vote). */
  mixerRulesOff: MixerRule[]
}

export interface TraceJob {
  id: string
  incidentId: string
  orgId: string
  tlp: Tlp
  status: TraceStatus
  /** What the job is doing now: queued, tracing, mixers (the probable layer), storing, done or failed. */
  phase: string
  /** 0 to 1, by phase: the engine reports no finer progress. */
  progress: number
  request: StoredTraceRequest
  /** Totals per asset and endpoint counts, once done. */
  summary: Record<string, unknown> | null
  error: { code: string; message: string } | null
  createdBy: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

const PROGRESS: Record<string, number> = { queued: 0, tracing: 0.1, mixers: 0.6, storing: 0.9, done: 1, failed: 1 }

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))

/**
 * A stored request, read back: jobs stored before requests could ask for the probable layer have none of its
 * fields, and were exact traces only.
 */
export function storedRequestOf(v: unknown): StoredTraceRequest {
  const r = json<Partial<StoredTraceRequest>>(v)
  return {
    ...(r as StoredTraceRequest),
    throughMixers: r.throughMixers ?? false,
    minConfidence: r.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
    mixerRulesOff: r.mixerRulesOff ?? [],
  }
}

export const traceJobOf = (r: Record<string, unknown>): TraceJob => ({
  id: r.id as string,
  incidentId: r.incident_id as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  status: r.status as TraceStatus,
  phase: r.phase as string,
  progress: PROGRESS[r.phase as string] ?? 0,
  request: storedRequestOf(r.request),
  summary: r.summary === null ? null : json(r.summary),
  error: r.error === null ? null : json(r.error),
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  startedAt: (r.started_at as string | null) ?? null,
  finishedAt: (r.finished_at as string | null) ?? null,
})

const COLUMNS =
  'id, incident_id, org_id, tlp, status, phase, request, summary, error, created_by, created_at, started_at, finished_at'

export async function createTraceJob(
  tx: SqlQuery,
  access: IncidentAccess,
  request: StoredTraceRequest,
  tlp: Tlp,
): Promise<TraceJob> {
  const p = access.principal
  const job: TraceJob = {
    id: newId(),
    incidentId: access.incident.id,
    orgId: p.orgId,
    tlp,
    status: 'queued',
    phase: 'queued',
    progress: 0,
    request,
    summary: null,
    error: null,
    createdBy: p.userId,
    createdAt: nowIso(),
    startedAt: null,
    finishedAt: null,
  }
  await tx.query(
    `INSERT INTO trace_jobs (id, incident_id, org_id, tlp, status, phase, request, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::JSONB, $8, $9)`,
    [
      job.id,
      job.incidentId,
      job.orgId,
      job.tlp,
      job.status,
      job.phase,
      JSON.stringify(request),
      job.createdBy,
      job.createdAt,
    ],
  )
  await writeAudit(tx, p, {
    action: 'trace.create',
    objectType: 'trace',
    objectId: job.id,
    incidentId: job.incidentId,
    before: null,
    after: job,
  })
  return job
}

/** A trace job of a visible incident that the caller may see, or SERVER_NOT_FOUND. */
export async function visibleTraceJob(db: SqlQuery, access: IncidentAccess, id: string): Promise<TraceJob> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM trace_jobs WHERE id = $1 AND incident_id = $2`,
    [id, access.incident.id],
  )
  const row = r.rows[0]
  const job = row ? traceJobOf(row) : undefined
  if (!job || !childVisible(access, job))
    throw new DragnetError('SERVER_NOT_FOUND', 'no such trace', { details: { id } })
  return job
}

/** The incident a trace job belongs to (for routes addressed by trace id), or SERVER_NOT_FOUND. */
export async function incidentOfTrace(db: SqlQuery, id: string): Promise<string> {
  const r = await db.query<{ incident_id: string }>('SELECT incident_id FROM trace_jobs WHERE id = $1', [id])
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such trace', { details: { id } })
  return row.incident_id
}

export async function listTraceJobs(db: SqlQuery, access: IncidentAccess): Promise<TraceJob[]> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM trace_jobs WHERE incident_id = $1 ORDER BY created_at DESC, id`,
    [access.incident.id],
  )
  return r.rows.map(traceJobOf).filter((j) => childVisible(access, j))
}

/** The stored trace JSON of a finished job. */
export async function traceResultText(db: SqlQuery, id: string): Promise<string | null> {
  const r = await db.query<{ result: string | null }>('SELECT result FROM trace_jobs WHERE id = $1', [id])
  return r.rows[0]?.result ?? null
}
