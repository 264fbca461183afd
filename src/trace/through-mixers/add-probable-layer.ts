import { DragnetError } from '../../core/errors.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import { MIXER_RULES, type MixerLink, type MixerRule } from '../../mixer/mixer-types.ts'
import type { TraceStore } from '../../store/edges/trace-index.ts'
import type { Store } from '../../store/store.ts'
import {
  type AssetTotals,
  emptyTotals,
  type ProbableDeposit,
  type ProbableLayer,
  type TraceRequest,
  type TraceResult,
} from '../trace-types.ts'
import { type FollowedLink, followLink, seededBy } from './follow-link.ts'
import { MIXER_DEPS, type MixerDeps } from './mixer-deps.ts'
import { depositKey, taintedDeposits } from './tainted-deposits.ts'

export interface ThroughMixersOptions {
  /** Links below this confidence are not followed (in (0, 1]). */
  minConfidence: number
  /** The mixer rules that vote; the others are switched off. */
  rules: ReadonlySet<MixerRule>
  /** The timing rule's window, in seconds (the linker's default when absent). */
  timingWindowSeconds?: number
  /** Links followed at most (default 100); the result says when more qualified. */
  maxLinks?: number
}

export const DEFAULT_MAX_LINKS = 100

/**
 * Adds the probable layer past mixer pools to an exact forward result: the notes the trace tainted, the links at
 * the minimum confidence out of them, and one trace per link from its withdrawal, seeded with the note's tainted
 * share. The exact parts of the result are returned as they were: nothing of the layer enters its totals,
 * endpoints or freeze list.
 *
 * @example
 * const result = await runTrace(store, request, labels)
 * const withLayer = await addProbableLayer(store, request, labels, result, { minConfidence: 0.5, rules: new Set(MIXER_RULES) })
 */
export async function addProbableLayer(
  store: Pick<Store, 'read'> & Pick<TraceStore, 'traceIndex' | 'getTokens'>,
  request: TraceRequest,
  labels: EndpointLabels,
  result: TraceResult,
  options: ThroughMixersOptions,
  deps: MixerDeps = MIXER_DEPS,
): Promise<TraceResult> {
  checkOptions(request, options)
  const activity = await deps.readPoolActivity(store, request.chain, labels)
  const tainted = taintedDeposits(result, activity)
  const linkOptions = {
    rules: options.rules,
    minConfidence: options.minConfidence,
    ...(options.timingWindowSeconds === undefined ? {} : { timingWindowSeconds: options.timingWindowSeconds }),
  }
  const byKey = new Map(tainted.deposits.map((d) => [depositKey(d), d]))
  const candidates: { link: MixerLink; deposit: ProbableDeposit }[] = []
  for (const link of deps.linkWithdrawals(activity, linkOptions)) {
    const deposit = byKey.get(depositKey(link.deposit))
    if (!deposit || deposit.tainted === 0n || link.confidence < options.minConfidence) continue
    if (!link.rules.some((r) => options.rules.has(r.rule))) continue
    deposit.links.push(link.id)
    candidates.push({ link, deposit })
  }
  candidates.sort(
    (a, b) =>
      cmp(b.deposit.tainted, a.deposit.tainted) ||
      b.link.confidence - a.link.confidence ||
      a.link.id.localeCompare(b.link.id),
  )
  const maxLinks = options.maxLinks ?? DEFAULT_MAX_LINKS
  const followed: FollowedLink[] = []
  for (const { link, deposit } of candidates.slice(0, maxLinks)) {
    const hop = tainted.hops.get(depositKey(deposit)) ?? 0
    followed.push(await followLink(store, request, labels, link, deposit, hop))
  }
  const layer = layerOf(options, tainted.deposits, followed)
  layer.unmatched = tainted.unmatched
  if (candidates.length > maxLinks) {
    const notFollowed: Record<string, bigint> = {}
    for (const { link, deposit } of candidates.slice(maxLinks)) {
      notFollowed[deposit.asset] = (notFollowed[deposit.asset] ?? 0n) + seededBy(request.model, link, deposit)
    }
    layer.capped = { maxLinks, links: candidates.length, notFollowed }
  }
  return { ...result, probable: layer }
}

function checkOptions(request: TraceRequest, options: ThroughMixersOptions): void {
  if (request.direction !== 'forward') {
    throw new DragnetError('INVALID_ARGUMENT', 'tracing through mixers applies to forward traces only')
  }
  const c = options.minConfidence
  if (!(c > 0 && c <= 1)) {
    throw new DragnetError('INVALID_ARGUMENT', `minimum confidence must be in (0, 1], got ${c}`)
  }
  const max = options.maxLinks
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new DragnetError('INVALID_ARGUMENT', `max links must be a positive integer, got ${max}`)
  }
}

function layerOf(options: ThroughMixersOptions, deposits: ProbableDeposit[], followed: FollowedLink[]): ProbableLayer {
  const totals: Record<string, AssetTotals> = {}
  const assets: ProbableLayer['assets'] = {}
  for (const f of followed) {
    Object.assign(assets, f.trace.assets)
    for (const [asset, t] of Object.entries(f.trace.totals)) {
      totals[asset] ??= emptyTotals()
      const sum = totals[asset]
      for (const k of Object.keys(t) as (keyof AssetTotals)[]) sum[k] += t[k]
    }
  }
  const unlinked: Record<string, bigint> = {}
  for (const d of deposits) {
    if (d.links.length === 0) unlinked[d.asset] = (unlinked[d.asset] ?? 0n) + d.tainted
  }
  return {
    minConfidence: options.minConfidence,
    rules: MIXER_RULES.filter((r) => options.rules.has(r)),
    deposits,
    links: followed.map((f) => f.link),
    endpoints: followed.flatMap((f) => f.endpoints),
    edges: followed.flatMap((f) => f.edges),
    assets,
    totals,
    unlinked,
    unmatched: {},
    capped: null,
  }
}

const cmp = (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1)
