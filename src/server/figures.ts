import { type AssetUnits, unitsOf, unitsText } from '../cases/asset-amount.ts'
import type { SqlQuery } from '../store/postgres/sql-client.ts'
import { listFreezeRequests } from './db/freeze-requests.ts'
import { watchSummary } from './db/incident-watches.ts'
import type { IncidentAccess } from './db/incidents.ts'
import { listTraceJobs } from './db/trace-jobs.ts'

/** The figures of one asset, each an exact amount in base units. */
export const FIGURE_NAMES = [
  'stolen',
  'swappedIn',
  'traced',
  'unfollowed',
  'held',
  'issuerFreezable',
  'exchange',
  'bridge',
  'mixer',
  'dex',
  'dark',
  'frozen',
  'recovered',
] as const
export type FigureName = (typeof FIGURE_NAMES)[number]

export type AssetFigures = {
  asset: string
  symbol: string | null
  decimals: number | null
  /**
   * Whether stolen + swappedIn = traced + unfollowed, and traced = held + exchange + bridge + mixer + dex + dark:
   * every unit that came in is accounted for once.
   */
  balanced: boolean
  /** The same figures in the asset's units ("600" for 600 ETH), for people; base units when decimals are unknown. */
  formatted: Record<FigureName, string>
  /**
   * The freeze window: what reached places that could freeze it (exchanges, issuer-freezable balances), what of
   * it left them again, and what is still there; null when the trace reached no freezable place in this asset.
   */
  freezeWindow: FreezeWindowFigures | null
} & Record<FigureName, string>

export interface FreezeWindowFigures {
  reached: string
  left: string
  remaining: string
  formatted: { reached: string; left: string; remaining: string }
}

export interface IncidentFigures {
  incidentId: string
  /** The latest finished trace the caller may see, whose totals these are; null before any. */
  traceId: string | null
  /**
   * Whose totals these are: the latest finished trace, or the watch (`serve --watch`) when it has carried the
   * incident forward since; `watchedThrough` is then the last block it holds.
   */
  source: 'trace' | 'watch' | null
  watchedThrough: string | null
  /** Freezable places the taint reached, and of them those that still hold some of it. */
  freezePlaces: { total: number; open: number } | null
  assets: AssetFigures[]
  freezeRequests: Record<string, number>
}

const big = (v: unknown): bigint => (typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n)

function windowOf(w: Record<string, string> | undefined, units: AssetUnits): FreezeWindowFigures | null {
  if (!w) return null
  const [reached, left, remaining] = [big(w.reached), big(w.left), big(w.remaining)]
  return {
    reached: reached.toString(),
    left: left.toString(),
    remaining: remaining.toString(),
    formatted: {
      reached: unitsText(reached, units),
      left: unitsText(left, units),
      remaining: unitsText(remaining, units),
    },
  }
}

/** The figures of one asset from a stored summary's totals and the frozen and recovered amounts. */
export function figuresOf(
  asset: string,
  t: Record<string, string>,
  frozen: bigint,
  recovered: bigint,
  units: AssetUnits,
  window: Record<string, string> | undefined,
) {
  const v: Record<FigureName, bigint> = {
    stolen: big(t.stolen),
    swappedIn: big(t.swappedIn),
    traced: big(t.traced),
    unfollowed: big(t.unfollowed),
    held: big(t.held),
    issuerFreezable: big(t.issuerFreezable),
    exchange: big(t.exchange),
    bridge: big(t.bridge),
    mixer: big(t.mixer),
    dex: big(t.dex),
    dark: big(t.dark),
    frozen,
    recovered,
  }
  const ends = v.held + v.exchange + v.bridge + v.mixer + v.dex + v.dark
  const balanced = v.traced === ends && v.stolen + v.swappedIn === v.traced + v.unfollowed
  const base = Object.fromEntries(FIGURE_NAMES.map((k) => [k, v[k].toString()])) as Record<FigureName, string>
  const formatted = Object.fromEntries(FIGURE_NAMES.map((k) => [k, unitsText(v[k], units)])) as Record<
    FigureName,
    string
  >
  const freezeWindow = windowOf(window, units)
  return { asset, symbol: units.symbol, decimals: units.decimals, ...base, balanced, formatted, freezeWindow }
}

/**
 * Per asset, every category of the latest finished trace (stolen, swapped in, traced, unfollowed, held,
 * issuer-freezable, exchange, bridge, mixer, DEX, dark) and, from the freeze requests, frozen and recovered.
 * Only what the caller may see counts, so two organisations can see different figures.
 */
export async function incidentFigures(db: SqlQuery, access: IncidentAccess): Promise<IncidentFigures> {
  const jobs = (await listTraceJobs(db, access)).filter((j) => j.status === 'done')
  const latest = jobs.sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0]
  const watched = await watchSummary(db, access)
  const useWatch = watched !== null && (latest === undefined || watched.updatedAt > (latest.finishedAt ?? ''))
  const summary = useWatch ? watched.summary : latest?.summary
  const totals = (summary?.totals ?? {}) as Record<string, Record<string, string>>
  const windows = (summary?.freezeTotals ?? {}) as Record<string, Record<string, string>>
  const meta: Record<string, Partial<AssetUnits>> = { ...((summary?.assets ?? {}) as object) }
  const frozen = new Map<string, bigint>()
  const recovered = new Map<string, bigint>()
  const counts: Record<string, number> = {}
  for (const f of await listFreezeRequests(db, access)) {
    counts[f.status] = (counts[f.status] ?? 0) + 1
    meta[f.asset] ??= { symbol: f.symbol, decimals: f.decimals }
    if (f.status === 'frozen') frozen.set(f.asset, (frozen.get(f.asset) ?? 0n) + big(f.frozenAmount))
    if (f.status === 'recovered') recovered.set(f.asset, (recovered.get(f.asset) ?? 0n) + big(f.recoveredAmount))
  }
  const assets = new Set([...Object.keys(totals), ...frozen.keys(), ...recovered.keys()])
  return {
    incidentId: access.incident.id,
    traceId: latest?.id ?? null,
    source: useWatch ? 'watch' : latest ? 'trace' : null,
    watchedThrough: useWatch ? watched.block : null,
    freezePlaces: (summary?.freezePlaces as { total: number; open: number } | undefined) ?? null,
    assets: [...assets]
      .sort()
      .map((asset) =>
        figuresOf(
          asset,
          totals[asset] ?? {},
          frozen.get(asset) ?? 0n,
          recovered.get(asset) ?? 0n,
          unitsOf(meta, asset),
          windows[asset],
        ),
      ),
    freezeRequests: counts,
  }
}
