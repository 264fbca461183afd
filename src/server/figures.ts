import type { SqlQuery } from '../store/postgres/sql-client.ts'
import { listFreezeRequests } from './db/freeze-requests.ts'
import type { IncidentAccess } from './db/incidents.ts'
import { listTraceJobs } from './db/trace-jobs.ts'

export interface AssetFigures {
  asset: string
  symbol: string | null
  decimals: number | null
  stolen: string
  traced: string
  held: string
  atExchanges: string
  /** Frozen now: requests in status frozen, at their frozen amount. */
  frozen: string
  /** Recovered: requests in status recovered, at their recovered amount. */
  recovered: string
  dark: string
}

export interface IncidentFigures {
  incidentId: string
  /** The latest finished trace the caller may see, whose totals these are; null before any. */
  traceId: string | null
  assets: AssetFigures[]
  freezeRequests: Record<string, number>
}

const big = (v: unknown): bigint => (typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n)

/**
 * Per asset: stolen, traced, held, at exchanges and dark from the latest finished trace; frozen and recovered
 * from the freeze requests. Only what the caller may see counts, so two organisations can see different figures.
 */
export async function incidentFigures(db: SqlQuery, access: IncidentAccess): Promise<IncidentFigures> {
  const jobs = (await listTraceJobs(db, access)).filter((j) => j.status === 'done')
  const latest = jobs.sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0]
  const totals = (latest?.summary?.totals ?? {}) as Record<string, Record<string, string>>
  const meta = (latest?.summary?.assets ?? {}) as Record<string, { symbol: string | null; decimals: number | null }>
  const frozen = new Map<string, bigint>()
  const recovered = new Map<string, bigint>()
  const counts: Record<string, number> = {}
  for (const f of await listFreezeRequests(db, access)) {
    counts[f.status] = (counts[f.status] ?? 0) + 1
    if (f.status === 'frozen') frozen.set(f.asset, (frozen.get(f.asset) ?? 0n) + big(f.frozenAmount))
    if (f.status === 'recovered') recovered.set(f.asset, (recovered.get(f.asset) ?? 0n) + big(f.recoveredAmount))
  }
  const assets = new Set([...Object.keys(totals), ...frozen.keys(), ...recovered.keys()])
  return {
    incidentId: access.incident.id,
    traceId: latest?.id ?? null,
    assets: [...assets].sort().map((asset) => {
      const t = totals[asset] ?? {}
      return {
        asset,
        symbol: meta[asset]?.symbol ?? null,
        decimals: meta[asset]?.decimals ?? null,
        stolen: big(t.stolen).toString(),
        traced: big(t.traced).toString(),
        held: big(t.held).toString(),
        atExchanges: big(t.exchange).toString(),
        frozen: (frozen.get(asset) ?? 0n).toString(),
        recovered: (recovered.get(asset) ?? 0n).toString(),
        dark: big(t.dark).toString(),
      }
    }),
    freezeRequests: counts,
  }
}
