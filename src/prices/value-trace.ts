import type { AssetTotals, EndpointCategory, TraceResult } from '../trace/trace-types.ts'
import { lookupPrice } from './price-lookup.ts'
import type { PriceStore } from './price-store.ts'
import { DEFAULT_MAX_AGE_SECONDS, isoTime } from './price-types.ts'
import { addDecimals, type Decimal, decimalToString, formatUsd, USD_ROUNDING } from './usd.ts'
import { type UsdFigure, type Valued, valueAt } from './valuation.ts'

/** A sum of USD figures: exact, for people, and how many figures had no value (then the sum is a lower bound). */
export interface UsdSum {
  usd: string
  display: string
  valued: number
  unvalued: number
  /** Every figure the sum should cover had a value (and, for endpoint sums, every endpoint was listed). */
  complete: boolean
}

export interface EndpointUsd {
  address: string
  asset: string
  category: EndpointCategory
  amount: bigint
  /** At the endpoint's first tainted arrival. */
  atArrival: UsdFigure
  now: UsdFigure
}

export interface EdgeUsd {
  tx: string
  position: string
  tainted: UsdFigure
}

/** The USD block of a trace result (docs/prices.md): never mixed into its exact per-asset totals. */
export interface TraceUsd {
  format: 'dragnet.usd/1'
  now: { time: bigint; date: string }
  maxAgeSeconds: bigint
  rounding: string
  /** The earliest listed tainted transfer (for address seeds, the one that brought taint to a seed): stolen is valued at its time. */
  seedTime: { time: bigint; date: string } | null
  /** Per asset: stolen at the seed time and now, and every non-zero total now. */
  totals: Record<string, { stolenAtSeed: UsdFigure; now: Partial<Record<keyof AssetTotals, UsdFigure>> }>
  /** The listed endpoints, in the result's order. */
  endpoints: EndpointUsd[]
  /** Each listed tainted transfer's tainted amount at the transfer's own time, in the result's edge order. */
  edges: EdgeUsd[]
  /** Across assets: stolen at the seed time, each total now, each endpoint category at arrival. */
  sums: {
    stolenAtSeed: UsdSum
    now: Partial<Record<keyof AssetTotals, UsdSum>>
    atArrival: Partial<Record<EndpointCategory, UsdSum>>
  }
  /** The price sources the figures rest on. */
  sources: string[]
}

export interface ValueTraceOptions {
  /** "Now", in unix seconds; valuations "now" use the latest price at or before it. */
  now: bigint
  maxAgeSeconds?: bigint
}

const TOTAL_FIELDS: (keyof AssetTotals)[] = [
  'stolen',
  'swappedIn',
  'traced',
  'held',
  'exchange',
  'issuerFreezable',
  'bridge',
  'mixer',
  'dex',
  'dark',
  'unfollowed',
]

/** The decimals of a result's asset: 18 for the native coin (as the renderers assume), else the token's. */
function decimalsOf(r: TraceResult, asset: string): number | null {
  return asset === 'native' ? 18 : (r.assets[asset]?.decimals ?? null)
}

/** Whether the store holds any price for the result's chain and assets. */
export async function hasPrices(store: PriceStore, r: TraceResult): Promise<boolean> {
  const series = await store.series(r.chain, Object.keys(r.totals))
  return [...series.values()].some((s) => s.length > 0)
}

/**
 * Values a trace result in USD: each total now, the seeded amount at the first traced transfer, and each listed
 * endpoint at its first arrival and now, each with the price used (source, date). Exact decimals throughout.
 */
export async function valueTrace(store: PriceStore, r: TraceResult, options: ValueTraceOptions): Promise<TraceUsd> {
  const maxAge = options.maxAgeSeconds ?? BigInt(DEFAULT_MAX_AGE_SECONDS)
  const series = await store.series(r.chain, Object.keys(r.totals))
  const sources = new Set<string>()
  const at = (asset: string, amount: bigint, time: bigint | null): Valued => {
    if (time === null) return { figure: { usd: null, missing: 'no-time', latest: null }, value: null }
    const v = valueAt(amount, decimalsOf(r, asset), lookupPrice(series.get(asset) ?? [], time, maxAge))
    if (v.figure.usd !== null) sources.add(v.figure.price.source)
    return v
  }
  const seed = seedTime(r)
  const sums = new Summer()
  const totals = valueTotals(r, at, seed, options.now, sums)
  const endpoints = r.endpoints.map((e) => {
    const arrival = at(e.asset, e.amount, e.firstArrival?.time ?? null)
    sums.add(`arrival:${e.category}`, arrival)
    const now = at(e.asset, e.amount, options.now).figure
    return {
      address: e.address,
      asset: e.asset,
      category: e.category,
      amount: e.amount,
      atArrival: arrival.figure,
      now,
    }
  })
  const edges = r.edges.map((e) => ({ tx: e.tx, position: e.position, tainted: at(e.asset, e.tainted, e.time).figure }))
  const allListed = r.listed.endpoints === r.listed.endpointsTotal
  return {
    format: 'dragnet.usd/1',
    now: { time: options.now, date: isoTime(options.now) },
    maxAgeSeconds: maxAge,
    rounding: `exact decimals; display ${USD_ROUNDING}`,
    seedTime: seed === null ? null : { time: seed, date: isoTime(seed) },
    totals,
    endpoints,
    edges,
    sums: {
      stolenAtSeed: sums.sum('stolenAtSeed'),
      now: Object.fromEntries(sums.keys('now:').map((f) => [f, sums.sum(`now:${f}`)])),
      atArrival: Object.fromEntries(sums.keys('arrival:').map((c) => [c, sums.sum(`arrival:${c}`, allListed)])),
    },
    sources: [...sources].sort(),
  }
}

type At = (asset: string, amount: bigint, time: bigint | null) => Valued

/** Per asset: the seeded amount at the seed time, and every non-zero total now. */
function valueTotals(r: TraceResult, at: At, seed: bigint | null, now: bigint, sums: Summer): TraceUsd['totals'] {
  const totals: TraceUsd['totals'] = {}
  for (const [asset, t] of Object.entries(r.totals)) {
    const stolen = at(asset, t.stolen, seed)
    sums.add('stolenAtSeed', stolen)
    const figures: Partial<Record<keyof AssetTotals, UsdFigure>> = {}
    for (const f of TOTAL_FIELDS) {
      if (t[f] === 0n) continue
      const v = at(asset, t[f], now)
      figures[f] = v.figure
      sums.add(`now:${f}`, v)
    }
    totals[asset] = { stolenAtSeed: stolen.figure, now: figures }
  }
  return totals
}

/** The earliest time of a listed tainted transfer or path step; null when none has a time. */
function seedTime(r: TraceResult): bigint | null {
  let min: bigint | null = null
  for (const e of r.edges) if (e.time !== null && (min === null || e.time < min)) min = e.time
  for (const e of r.endpoints)
    for (const p of e.path) if (p.time !== null && (min === null || p.time < min)) min = p.time
  return min
}

class Summer {
  private readonly parts = new Map<string, { values: Decimal[]; unvalued: number }>()

  add(key: string, v: Valued): void {
    const p = this.parts.get(key) ?? { values: [], unvalued: 0 }
    if (v.value === null) p.unvalued++
    else p.values.push(v.value)
    this.parts.set(key, p)
  }

  keys(prefix: string): string[] {
    return [...this.parts.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))
  }

  sum(key: string, listedAll = true): UsdSum {
    const p = this.parts.get(key) ?? { values: [], unvalued: 0 }
    const total = addDecimals(p.values)
    return {
      usd: decimalToString(total),
      display: formatUsd(total),
      valued: p.values.length,
      unvalued: p.unvalued,
      complete: p.unvalued === 0 && listedAll,
    }
  }
}
