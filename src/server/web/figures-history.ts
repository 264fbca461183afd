import { type AssetUnits, unitsOf } from '../../cases/asset-amount.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { type FreezeRequest, listFreezeRequests } from '../db/freeze-requests.ts'
import type { IncidentAccess } from '../db/incidents.ts'
import { listTraceJobs } from '../db/trace-jobs.ts'
import { figuresOf } from '../figures.ts'
import type { FiguresHistoryPoint, FiguresHistoryResponse, HistoryAssetFigures } from './web-api-types.ts'

const big = (v: string | null): bigint => (v !== null && /^\d+$/.test(v) ? BigInt(v) : 0n)

/** A freeze request's status at time `at`, from its history (null before it was drafted). */
function statusAt(f: FreezeRequest, at: string): string | null {
  let status: string | null = null
  for (const h of f.history) if (h.at <= at) status = h.status
  return status
}

/** Frozen and recovered per asset as the requests stood at `at`, counted as the figures count them now. */
function freezeFiguresAt(requests: readonly FreezeRequest[], at: string) {
  const frozen = new Map<string, bigint>()
  const recovered = new Map<string, bigint>()
  for (const f of requests) {
    const s = statusAt(f, at)
    if (s === 'frozen') frozen.set(f.asset, (frozen.get(f.asset) ?? 0n) + big(f.frozenAmount ?? f.amount))
    if (s === 'recovered') recovered.set(f.asset, (recovered.get(f.asset) ?? 0n) + big(f.recoveredAmount))
  }
  return { frozen, recovered }
}

/**
 * The incident's figures over time: one point per finished trace the caller may see (oldest first), its totals
 * per asset, and frozen and recovered as the visible freeze requests stood when it finished.
 */
export async function figuresHistory(db: SqlQuery, access: IncidentAccess): Promise<FiguresHistoryResponse> {
  const jobs = (await listTraceJobs(db, access))
    .filter((j) => j.status === 'done' && j.finishedAt !== null)
    .sort((a, b) => (a.finishedAt as string).localeCompare(b.finishedAt as string) || a.id.localeCompare(b.id))
  const requests = await listFreezeRequests(db, access)
  const points: FiguresHistoryPoint[] = jobs.map((job) => {
    const at = job.finishedAt as string
    const summary = job.summary ?? {}
    const totals = (summary.totals ?? {}) as Record<string, Record<string, string>>
    const meta = (summary.assets ?? {}) as Record<string, Partial<AssetUnits>>
    const { frozen, recovered } = freezeFiguresAt(requests, at)
    const assets = [...new Set([...Object.keys(totals), ...frozen.keys(), ...recovered.keys()])].sort()
    return {
      traceId: job.id,
      model: job.request.model,
      direction: job.request.direction,
      at,
      assets: assets.map((asset) => {
        const units = unitsOf(meta, asset)
        const f = figuresOf(
          asset,
          totals[asset] ?? {},
          frozen.get(asset) ?? 0n,
          recovered.get(asset) ?? 0n,
          units,
          undefined,
        )
        const { balanced: _b, freezeWindow: _w, ...figures } = f
        return figures as HistoryAssetFigures
      }),
    }
  })
  return { incidentId: access.incident.id, points }
}
