import type { ExpectedEndpoint, HeistManifest, ModelTruth } from '../devnet/world/manifest.ts'
import type { AssetTotals, Freezer, TaintModel, TraceResult } from '../trace/trace-types.ts'

/** One figure of the report compared with the played heist's ground truth. */
export interface GroundTruthCheck {
  /**
   * total: a category of an asset; endpoint: what one address holds; freeze: a freeze target and who can freeze it;
   * swap: a conversion's tainted legs; clean: an honest address that must carry no taint; probable: past the mixer
   * pools, a link, the unlinked notes or a probable freeze target against the mixer leg's truth.
   */
  kind: 'total' | 'endpoint' | 'freeze' | 'swap' | 'clean' | 'probable'
  /** What is checked, in words: `native exchange`, `held 0x… native`, ... */
  subject: string
  /** The asset the amounts are in, or null for a check without amounts. */
  asset: string | null
  expected: string
  traced: string
  ok: boolean
}

/** The report's categories per asset, each checked against the ground truth. */
export const TOTAL_CATEGORIES = [
  'stolen',
  'swappedIn',
  'exchange',
  'issuerFreezable',
  'bridge',
  'mixer',
  'dex',
  'held',
  'dark',
  'unfollowed',
] as const satisfies readonly (keyof AssetTotals)[]

const amount = (v: bigint | undefined) => (v ?? 0n).toString()

/** Who can freeze, as `name (kind)` in name order: `Harbor Exchange (exchange)`, `USDX issuer (issuer)`. */
export function freezerNames(list: readonly Freezer[]): string[] {
  return list.map((f) => `${f.name} (${f.kind})`).sort()
}

/** The names the demo's labels give the exchange and the issuer, which a report names as who can freeze. */
function partyNames(manifest: HeistManifest): Record<'exchange' | 'issuer', string> {
  const entity = (category: string) => manifest.entities.find((e) => e.label?.category === category)?.label?.entity
  return { exchange: entity('hot-wallet') ?? 'exchange', issuer: entity('stablecoin') ?? 'issuer' }
}

function check(
  kind: GroundTruthCheck['kind'],
  subject: string,
  asset: string | null,
  expected: string,
  traced: string,
) {
  return { kind, subject, asset, expected, traced, ok: expected === traced }
}

/**
 * Compares every figure of a trace of the heist with the ground truth the played chain gives for the trace's
 * model: each category per asset, each endpoint (held balances included), each freeze target with everyone who
 * can freeze it, each conversion, and the honest addresses next to the laundering. Nothing here reads the
 * engine's code: the truth comes from the manifest (src/devnet/world/model-truth.ts).
 */
export function checkAgainstGroundTruth(result: TraceResult, manifest: HeistManifest): GroundTruthCheck[] {
  const truth = manifest.expected.models[result.model as TaintModel]
  return [
    ...totalChecks(result, manifest, truth),
    ...endpointChecks(result, manifest, truth),
    ...freezeChecks(result, manifest, truth),
    ...swapChecks(result, manifest),
    ...cleanChecks(result, manifest),
  ]
}

function totalChecks(result: TraceResult, manifest: HeistManifest, truth: ModelTruth): GroundTruthCheck[] {
  const out: GroundTruthCheck[] = []
  for (const a of truth.assets) {
    const got = result.totals[a.asset]
    for (const category of TOTAL_CATEGORIES) {
      const want = category === 'dark' || category === 'unfollowed' ? 0n : a[category]
      out.push(
        check('total', `${symbolOf(manifest, a.asset)} ${category}`, a.asset, amount(want), amount(got?.[category])),
      )
    }
  }
  return out
}

/** Endpoints keyed by category, address and asset, amounts summed (the mixer's three notes are one place). */
function byPlace(list: { category: string; address: string; asset: string; amount: bigint }[]): Map<string, bigint> {
  const m = new Map<string, bigint>()
  for (const e of list) {
    const k = `${e.category} ${e.address} ${e.asset}`
    m.set(k, (m.get(k) ?? 0n) + e.amount)
  }
  return m
}

function endpointChecks(result: TraceResult, manifest: HeistManifest, truth: ModelTruth): GroundTruthCheck[] {
  const conversions = manifest.expected.conversions.map((c) => ({
    category: 'dex',
    address: c.via,
    asset: c.assetIn,
    amount: c.amountIn,
  }))
  const want = byPlace([...truth.endpoints, ...conversions])
  const got = byPlace(result.endpoints.map((e) => ({ ...e, address: e.address.toLowerCase() })))
  const keys = [...new Set([...want.keys(), ...got.keys()])]
  return keys.map((k) => {
    const [category, address, asset] = k.split(' ') as [string, string, string]
    const subject = `${category} ${placeName(manifest, address)} ${symbolOf(manifest, asset)}`
    return check('endpoint', subject, asset, amount(want.get(k)), amount(got.get(k)))
  })
}

function freezeChecks(result: TraceResult, manifest: HeistManifest, truth: ModelTruth): GroundTruthCheck[] {
  const names = partyNames(manifest)
  const describe = (amount: bigint, by: string[]) => `${amount} by ${by.length > 0 ? by.join(' + ') : 'nobody'}`
  const want = new Map<string, { amount: bigint; by: Set<string> }>()
  const add = (e: ExpectedEndpoint) => {
    if (e.freezableBy.length === 0) return
    const k = `${e.address} ${e.asset}`
    const w = want.get(k) ?? { amount: 0n, by: new Set<string>() }
    w.amount += e.amount
    for (const p of e.freezableBy) w.by.add(`${names[p]} (${p})`)
    want.set(k, w)
  }
  truth.endpoints.forEach(add)
  const got = new Map<string, { amount: bigint; by: Set<string> }>()
  for (const e of result.endpoints) {
    const by = freezerNames(e.freezableBy)
    if (by.length === 0) continue
    const k = `${e.address.toLowerCase()} ${e.asset}`
    const g = got.get(k) ?? { amount: 0n, by: new Set<string>() }
    g.amount += e.amount
    for (const n of by) g.by.add(n)
    got.set(k, g)
  }
  const keys = [...new Set([...want.keys(), ...got.keys()])]
  return keys.map((k) => {
    const w = want.get(k)
    const g = got.get(k)
    const [address, asset] = k.split(' ') as [string, string]
    return check(
      'freeze',
      `${placeName(manifest, address)} ${symbolOf(manifest, asset)}`,
      asset,
      w ? describe(w.amount, [...w.by].sort()) : 'not a freeze target',
      g ? describe(g.amount, [...g.by].sort()) : 'not a freeze target',
    )
  })
}

/** Each conversion: the tainted input into the converter and the tainted output from it, in its transaction. */
function swapChecks(result: TraceResult, manifest: HeistManifest): GroundTruthCheck[] {
  const out: GroundTruthCheck[] = []
  for (const c of manifest.expected.conversions) {
    const inTx = result.edges.filter((e) => e.tx === c.hash)
    const into = inTx.filter((e) => e.to.toLowerCase() === c.via && e.asset === c.assetIn)
    const from = inTx.filter((e) => e.from.toLowerCase() === c.via && e.asset === c.assetOut)
    const sum = (list: typeof inTx) => list.reduce((s, e) => s + e.tainted, 0n).toString()
    const what = `${c.kind} ${symbolOf(manifest, c.assetIn)}->${symbolOf(manifest, c.assetOut)} at ${placeName(manifest, c.via)} (${c.hash.slice(0, 10)}…)`
    out.push(check('swap', `${what} in`, c.assetIn, c.amountIn.toString(), sum(into)))
    out.push(check('swap', `${what} out`, c.assetOut, c.amountOut.toString(), sum(from)))
  }
  return out
}

/** Each honest address near the laundering: no tainted transfer reaches it and no node or endpoint lists taint. */
function cleanChecks(result: TraceResult, manifest: HeistManifest): GroundTruthCheck[] {
  return manifest.expected.untainted.map((u) => {
    const edges = result.edges.filter((e) => e.to.toLowerCase() === u.address && e.tainted > 0n)
    const node = result.nodes.find((n) => n.address.toLowerCase() === u.address)
    const received = node ? Object.values(node.received).reduce((s, v) => s + v, 0n) : 0n
    const endpoints = result.endpoints.filter((e) => e.address.toLowerCase() === u.address)
    const tainted = edges.length > 0 || received > 0n || endpoints.length > 0
    return check(
      'clean',
      placeName(manifest, u.address),
      null,
      'no taint',
      tainted ? `tainted (${received} received)` : 'no taint',
    )
  })
}

/** The symbol of an asset of the world. */
export function symbolOf(manifest: HeistManifest, asset: string): string {
  return manifest.assets.find((a) => a.asset === asset)?.symbol ?? asset
}

/** An address as `key (0x…)`, the world's name for it beside the address a reader looks up. */
export function placeName(manifest: HeistManifest, address: string): string {
  const e = manifest.entities.find((x) => x.address === address)
  return e ? `${e.key} ${address}` : address
}
