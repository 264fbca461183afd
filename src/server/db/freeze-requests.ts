import { type AssetUnits, unitsOf, unitsText } from '../../cases/asset-amount.ts'
import type { FreezeEvidence } from '../../cases/case-types.ts'
import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import type { TraceEndpoint, TraceResult } from '../../trace/trace-types.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import { checkTransition, type FreezeStatus } from '../freeze-status.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'
import type { TraceJob } from './trace-jobs.ts'

export interface FreezeRequest {
  id: string
  incidentId: string
  traceId: string
  orgId: string
  tlp: Tlp
  /** Who is asked to freeze: the exchange holding the deposit address, or the token's issuer. */
  target: { kind: 'exchange' | 'issuer'; name: string }
  chain: string
  address: string
  asset: string
  /** The asset's symbol and decimals, so a reader sees 1,500,000 USDX where `amount` holds base units. */
  symbol: string | null
  decimals: number | null
  amount: string
  amountFormatted: string
  frozenAmount: string | null
  frozenAmountFormatted: string | null
  recoveredAmount: string | null
  recoveredAmountFormatted: string | null
  status: FreezeStatus
  evidence: FreezeEvidence
  history: { status: FreezeStatus; at: string; by: string; orgId: string; note: string | null; amount: string | null }[]
  createdBy: string
  createdAt: string
  updatedAt: string
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

const freezeOf = (r: Record<string, unknown>): FreezeRequest =>
  withUnits({
    id: r.id as string,
    incidentId: r.incident_id as string,
    traceId: r.trace_id as string,
    orgId: r.org_id as string,
    tlp: r.tlp as Tlp,
    target: { kind: r.target_kind as 'exchange' | 'issuer', name: r.target_name as string },
    chain: r.chain as string,
    address: r.address as string,
    asset: r.asset as string,
    symbol: null,
    decimals: null,
    amount: String(r.amount),
    amountFormatted: '',
    frozenAmount: str(r.frozen_amount),
    frozenAmountFormatted: null,
    recoveredAmount: str(r.recovered_amount),
    recoveredAmountFormatted: null,
    status: r.status as FreezeStatus,
    evidence: json(r.evidence),
    history: json(r.history),
    createdBy: r.created_by as string,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  })

/** Fills symbol, decimals and the formatted amounts from the units stored with the evidence. */
export function withUnits(fr: FreezeRequest): FreezeRequest {
  const units = unitsOf(fr.evidence.assets, fr.asset)
  const text = (v: string | null) => (v === null ? null : unitsText(v, units))
  return {
    ...fr,
    symbol: units.symbol,
    decimals: units.decimals,
    amountFormatted: unitsText(fr.amount, units),
    frozenAmountFormatted: text(fr.frozenAmount),
    recoveredAmountFormatted: text(fr.recoveredAmount),
  }
}

/** A path step with its amounts also in the asset's units. */
function stepWithUnits(step: Record<string, unknown>, assets: Record<string, AssetUnits>): Record<string, unknown> {
  const units = unitsOf(assets, String(step.asset))
  return {
    ...step,
    symbol: units.symbol,
    amountFormatted: unitsText(String(step.amount), units),
    taintedFormatted: unitsText(String(step.tainted), units),
  }
}

const plain = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)))

function fromEndpoint(
  access: IncidentAccess,
  job: TraceJob,
  result: TraceResult,
  e: TraceEndpoint,
  tlp: Tlp,
): FreezeRequest {
  const p = access.principal
  const now = nowIso()
  const assets: Record<string, AssetUnits> = {}
  for (const a of new Set([e.asset, ...e.path.map((step) => step.asset)])) assets[a] = unitsOf(result.assets, a)
  return withUnits({
    id: newId(),
    incidentId: access.incident.id,
    traceId: job.id,
    orgId: p.orgId,
    tlp,
    target: { kind: e.freezableBy[0]?.kind ?? 'exchange', name: e.freezableBy[0]?.name ?? '' },
    chain: result.chain,
    address: e.address,
    asset: e.asset,
    symbol: null,
    decimals: null,
    amount: e.amount.toString(),
    amountFormatted: '',
    frozenAmount: null,
    frozenAmountFormatted: null,
    recoveredAmount: null,
    recoveredAmountFormatted: null,
    status: 'drafted',
    evidence: {
      traceId: job.id,
      model: result.model,
      category: e.category,
      depositAddress: e.depositAddress,
      firstArrival: plain(e.firstArrival),
      txs: [...e.txs],
      path: (plain(e.path) as Record<string, unknown>[]).map((step) => stepWithUnits(step, assets)),
      assets,
      freezeWindow: plain(
        result.freezeWindows.find((w) => w.address === e.address && w.asset === e.asset) ?? null,
      ) as Record<string, unknown> | null,
    },
    history: [{ status: 'drafted', at: now, by: p.userId, orgId: p.orgId, note: null, amount: null }],
    createdBy: p.userId,
    createdAt: now,
    updatedAt: now,
  })
}

/**
 * Drafts a freeze request for each freezable endpoint of a finished trace (or those at `addresses`), pre-filled
 * with who can freeze, the amount and the evidence. An endpoint with an open request already is skipped.
 */
export async function draftFromTrace(
  tx: SqlQuery,
  access: IncidentAccess,
  job: TraceJob,
  result: TraceResult,
  options: { addresses?: readonly string[]; tlp: Tlp },
): Promise<FreezeRequest[]> {
  const wanted = options.addresses ? new Set(options.addresses.map((a) => a.toLowerCase())) : undefined
  const endpoints = result.endpoints.filter(
    (e) => e.freezableBy.length > 0 && (!wanted || wanted.has(e.address.toLowerCase())),
  )
  if (wanted && endpoints.length === 0) {
    throw new DragnetError('SERVER_CONFLICT', 'none of these addresses is a freezable endpoint of the trace', {
      details: { addresses: [...wanted] },
    })
  }
  const out: FreezeRequest[] = []
  for (const e of endpoints) {
    const open = await tx.query(
      `SELECT 1 FROM freeze_requests WHERE incident_id = $1 AND address = $2 AND asset = $3
       AND status NOT IN ('declined', 'released', 'recovered')`,
      [access.incident.id, e.address, e.asset],
    )
    if (open.rows.length > 0) continue
    const fr = fromEndpoint(access, job, result, e, options.tlp)
    await tx.query(
      `INSERT INTO freeze_requests VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, $12,
       $13::JSONB, $14::JSONB, $15, $16, $17)`,
      [
        fr.id,
        fr.incidentId,
        fr.traceId,
        fr.orgId,
        fr.tlp,
        fr.target.kind,
        fr.target.name,
        fr.chain,
        fr.address,
        fr.asset,
        fr.amount,
        fr.status,
        JSON.stringify(fr.evidence),
        JSON.stringify(fr.history),
        fr.createdBy,
        fr.createdAt,
        fr.updatedAt,
      ],
    )
    await writeAudit(tx, access.principal, {
      action: 'freeze-request.create',
      objectType: 'freeze-request',
      objectId: fr.id,
      incidentId: fr.incidentId,
      before: null,
      after: fr,
    })
    out.push(fr)
  }
  return out
}

export async function listFreezeRequests(db: SqlQuery, access: IncidentAccess): Promise<FreezeRequest[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM freeze_requests WHERE incident_id = $1 ORDER BY created_at, id',
    [access.incident.id],
  )
  return r.rows.map(freezeOf).filter((f) => childVisible(access, f))
}

/** The incident a freeze request belongs to, or SERVER_NOT_FOUND. */
export async function incidentOfFreezeRequest(db: SqlQuery, id: string): Promise<string> {
  const r = await db.query<{ incident_id: string }>('SELECT incident_id FROM freeze_requests WHERE id = $1', [id])
  const row = r.rows[0]
  if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such freeze request', { details: { id } })
  return row.incident_id
}

export async function visibleFreezeRequest(db: SqlQuery, access: IncidentAccess, id: string): Promise<FreezeRequest> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM freeze_requests WHERE id = $1 AND incident_id = $2',
    [id, access.incident.id],
  )
  const row = r.rows[0]
  const fr = row ? freezeOf(row) : undefined
  if (!fr || !childVisible(access, fr)) {
    throw new DragnetError('SERVER_NOT_FOUND', 'no such freeze request', { details: { id } })
  }
  return fr
}

/** Moves a freeze request along its status machine; frozen and recovered amounts default to what came before. */
export async function transitionFreezeRequest(
  tx: SqlQuery,
  access: IncidentAccess,
  before: FreezeRequest,
  change: { status: FreezeStatus; amount?: string; note?: string | null },
): Promise<FreezeRequest> {
  checkTransition(before.status, change.status)
  const p = access.principal
  const now = nowIso()
  const after: FreezeRequest = { ...before, status: change.status, updatedAt: now }
  if (change.status === 'frozen') after.frozenAmount = change.amount ?? before.amount
  if (change.status === 'recovered') after.recoveredAmount = change.amount ?? before.frozenAmount ?? before.amount
  after.history = [
    ...before.history,
    {
      status: change.status,
      at: now,
      by: p.userId,
      orgId: p.orgId,
      note: change.note ?? null,
      amount: change.amount ?? null,
    },
  ]
  // The status it had when read must still be there: of two racing transitions, one fails.
  const r = await tx.query(
    `UPDATE freeze_requests SET status = $2, frozen_amount = $3, recovered_amount = $4, history = $5::JSONB,
     updated_at = $6 WHERE id = $1 AND status = $7`,
    [
      after.id,
      after.status,
      after.frozenAmount,
      after.recoveredAmount,
      JSON.stringify(after.history),
      now,
      before.status,
    ],
  )
  if (r.rowCount !== 1) {
    throw new DragnetError('SERVER_CONFLICT', 'the freeze request changed meanwhile: read it again', {
      details: { id: before.id },
    })
  }
  await writeAudit(tx, p, {
    action: 'freeze-request.transition',
    objectType: 'freeze-request',
    objectId: after.id,
    incidentId: after.incidentId,
    before: { status: before.status, frozenAmount: before.frozenAmount, recoveredAmount: before.recoveredAmount },
    after: { status: after.status, frozenAmount: after.frozenAmount, recoveredAmount: after.recoveredAmount },
  })
  return withUnits(after)
}
