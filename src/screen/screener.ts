import { DragnetError } from '../core/errors.ts'
import { explainAddressError } from '../core/hex.ts'
import { detectChain } from '../labels/chain-address.ts'
import { assertKnownChain, type KnownChains } from '../labels/known-chains.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import { CATEGORY_PRIORITY, type Label, labelIdentity } from '../labels/label-types.ts'
import type { EdgeSource } from '../store/edges/edge-source.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import { type AssetInfo, nativeAsset } from './asset-amount.ts'
import { chainsOfIndex, labelledOn, labelsOn, normaliseAddress } from './chain-labels.ts'
import { type Evaluation, evaluatePolicy } from './evaluate-policy.ts'
import { type DirectionExposure, exposuresOf } from './exposure.ts'
import type { Policy } from './policy.ts'

export interface ScreenOptions {
  /** Hops of exposure; 0 screens direct hits only. */
  hops: number
  maxEdges: number
  /** Chain of every address; default: guessed from each address's form. */
  chain?: string
  /** Addresses whose exposure is walked together, one edge query per hop for all, at most (default 1024). */
  batchSize?: number
  /**
   * Edges a batch's walks may read, summed, before the next batch is halved (default 2,000,000); a batch far
   * under it doubles the next, up to batchSize. Bounds memory: a batch holds every edge its walks read.
   */
  batchEdges?: number
  /** What the store holds, when the caller has read it already (a server reads it once, under its lock). */
  chains?: KnownChains
}

export interface ScreenResult extends Evaluation {
  address: string
  chain: string
  /** The address's own labels, most severe first. */
  labels: Label[]
  exposure: DirectionExposure[]
  /** Why exposure was not computed (no chain store, --hops 0, no transfers of the chain), or null. */
  exposureNote: string | null
  /** Symbol and decimals of every asset the exposure names ('native' included), for reading the amounts. */
  assets: Record<string, AssetInfo>
}

/** Codes that make one screened item fail in its place rather than the whole batch. */
const ITEM_ERRORS = new Set(['INVALID_ADDRESS', 'CHAIN_UNKNOWN'])

/**
 * Labels a caller holds beyond the index, by chain and (normalised) address: on the server, the labels an
 * organisation imported from its partners' STIX bundles and MISP events, which only that organisation sees.
 */
export type ExtraLabels = (chain: string, address: string) => readonly Label[]

/** An address to screen, with its chain when the caller knows it. */
export interface ScreenItem {
  address: string
  chain?: string | undefined
}

interface Sources {
  incoming: EdgeSource
  outgoing: EdgeSource
  /** Trace ids of the chain's labelled addresses, with their most severe label. */
  labelled: ReadonlyMap<number, Label>
}

/** Label keys resolved to trace ids per query: bounds the list sent in one statement. */
const RESOLVE_CHUNK = 50_000

/**
 * Screens addresses: direct hits from the label index (built once), exposure from the store's transfers
 * through the trace index, and a severity by the policy with a reason for each part of it.
 */
export class Screener {
  private readonly sources = new Map<string, Promise<Sources | undefined>>()
  private known: Promise<KnownChains> | undefined

  constructor(
    private readonly index: LabelIndex,
    private readonly policy: Policy,
    private readonly store: TraceStore | undefined,
    private readonly options: ScreenOptions,
  ) {}

  /** Validates the chain (CHAIN_UNKNOWN) and the address for it (INVALID_ADDRESS with details.reason), and screens it. */
  async screen(address: string, chainOverride?: string): Promise<ScreenResult> {
    const [r] = await this.screenMany([{ address, chain: chainOverride }])
    if (r instanceof DragnetError) throw r
    return r as ScreenResult
  }

  /**
   * The chains this screener answers for: those the store holds data of (exposure is walked there) and
   * those the label index names; a chain Dragnet knows by name (ethereum, bitcoin, ...) is screened too.
   */
  knownChains(): Promise<KnownChains> {
    if (this.options.chains) return Promise.resolve(this.options.chains)
    this.known ??= (async () => ({
      data: this.store ? await this.store.chainsWithData() : [],
      labelled: chainsOfIndex(this.index),
    }))()
    return this.known
  }

  /**
   * Screens many addresses, in order: an unknown chain or an invalid address gives its CHAIN_UNKNOWN or
   * INVALID_ADDRESS error in its place. Exposure is walked for a batch of addresses at a time (up to
   * `batchSize`, sized by the edges the last batch read), so a batch costs a few queries per hop rather than
   * each address.
   */
  async screenMany(items: readonly ScreenItem[], extra?: ExtraLabels): Promise<(ScreenResult | DragnetError)[]> {
    const known = await this.knownChains()
    const out: (ScreenResult | DragnetError)[] = []
    const byChain = new Map<string, number[]>()
    items.forEach((item, i) => {
      try {
        const chain = item.chain ?? this.options.chain ?? detectChain(item.address.trim())
        if (!chain) {
          throw explainAddressError(
            new DragnetError('INVALID_ADDRESS', `cannot tell the chain of ${item.address.slice(0, 80)}: pass --chain`, {
              details: { address: item.address.slice(0, 80), reason: 'unknown-chain' },
            }),
          )
        }
        assertKnownChain(chain, known, 'name')
        const address = normaliseAddress(chain, item.address, known.data.includes(chain))
        const labels = extra
          ? withExtra(labelsOn(this.index, chain, address), extra(chain, address))
          : labelsOn(this.index, chain, address)
        out.push({
          address,
          chain,
          labels,
          exposure: [],
          exposureNote: this.noteWithoutWalk(),
          assets: {},
          severity: 'none',
          reasons: [],
        })
        const list = byChain.get(chain)
        if (list) list.push(i)
        else byChain.set(chain, [i])
      } catch (error) {
        if (!(error instanceof DragnetError) || !ITEM_ERRORS.has(error.code)) throw error
        out.push(error)
      }
    })
    if (this.options.hops > 0 && this.store) {
      for (const [chain, at] of byChain)
        await this.addExposure(
          chain,
          at.map((i) => out[i] as ScreenResult),
        )
    }
    return out.map((r) => (r instanceof DragnetError ? r : { ...r, ...this.evaluate(r) }))
  }

  /** Why no exposure is walked at all, or null when it is walked per chain. */
  private noteWithoutWalk(): string | null {
    if (!this.store) return 'no chain store: direct hits only'
    if (this.options.hops === 0) return 'hops 0: direct hits only, exposure not computed'
    return null
  }

  private evaluate(r: ScreenResult): Evaluation {
    return evaluatePolicy(this.policy, r.labels, r.exposure, r.assets)
  }

  private async addExposure(chain: string, results: ScreenResult[]): Promise<void> {
    const sources = await this.sourcesOf(chain)
    if (!sources) {
      for (const r of results) r.exposureNote = `the store holds no transfers of chain ${chain}: direct hits only`
      return
    }
    const stats = { edges: 0 }
    const o = { hops: this.options.hops, maxEdges: this.options.maxEdges, stats }
    const most = Math.max(1, this.options.batchSize ?? 1024)
    const budget = this.options.batchEdges ?? 2_000_000
    let size = Math.min(most, 256)
    for (let at = 0; at < results.length; at += size) {
      if (at > 0) {
        if (stats.edges > budget) size = Math.max(1, size >> 1)
        else if (4 * stats.edges < budget) size = Math.min(most, size * 2)
      }
      stats.edges = 0
      const batch = results.slice(at, at + size)
      const ids = await sources.outgoing.resolve(batch.map((r) => r.address))
      const roots = batch.map((r, i) => ({ address: r.address, id: ids[i] as number }))
      const incoming = await exposuresOf(sources.incoming, sources.labelled, roots, 'incoming', o)
      const outgoing = await exposuresOf(sources.outgoing, sources.labelled, roots, 'outgoing', o)
      batch.forEach((r, i) => {
        r.exposure = [incoming[i] as DirectionExposure, outgoing[i] as DirectionExposure]
      })
    }
    await this.nameAssets(chain, results)
  }

  /** Fills each result's assets: the chain's native coin and the stored symbol and decimals of each token. */
  private async nameAssets(chain: string, results: ScreenResult[]): Promise<void> {
    const tokens = new Set<string>()
    for (const r of results) for (const x of r.exposure) for (const a of Object.keys(x.totals)) tokens.add(a)
    tokens.delete('native')
    const meta = this.store ? await this.store.getTokens(chain, [...tokens]) : new Map()
    const native = nativeAsset(chain)
    for (const r of results) {
      const assets: Record<string, AssetInfo> = {}
      for (const x of r.exposure) {
        for (const a of Object.keys(x.totals)) {
          const m = meta.get(a)
          assets[a] = a === 'native' ? native : { symbol: m?.symbol ?? null, decimals: m?.decimals ?? null }
        }
      }
      r.assets = assets
    }
  }

  private sourcesOf(chain: string): Promise<Sources | undefined> {
    let s = this.sources.get(chain)
    if (!s) {
      s = this.openSources(chain)
      this.sources.set(chain, s)
    }
    return s
  }

  private async openSources(chain: string): Promise<Sources | undefined> {
    // Any chain the store holds transfers of is walked, whatever its name (demo, local, a fork).
    if (!this.store || (await this.store.count('transfers', chain)) === 0) return undefined
    await this.store.traceIndex.ensure(chain)
    const outgoing = await this.store.traceIndex.open(chain, 'forward', {})
    const incoming = await this.store.traceIndex.open(chain, 'backward', {})
    return { incoming, outgoing, labelled: await this.labelledIds(outgoing, chain) }
  }

  /** The chain's labelled addresses as trace ids, resolved once, with their most severe label. */
  private async labelledIds(source: EdgeSource, chain: string): Promise<Map<number, Label>> {
    const pairs = [...labelledOn(this.index, chain)]
    const out = new Map<number, Label>()
    for (let at = 0; at < pairs.length; at += RESOLVE_CHUNK) {
      const chunk = pairs.slice(at, at + RESOLVE_CHUNK)
      const ids = await source.resolve(chunk.map(([address]) => address))
      chunk.forEach(([, label], i) => {
        const id = ids[i] as number
        if (id >= 0) out.set(id, label)
      })
    }
    return out
  }
}

/** The index's labels and the caller's own, one per identity, most severe first (as labelsOn orders them). */
function withExtra(labels: Label[], extra: readonly Label[]): Label[] {
  if (extra.length === 0) return labels
  const seen = new Set(labels.map(labelIdentity))
  const out = [...labels]
  for (const l of extra) {
    if (seen.has(labelIdentity(l))) continue
    seen.add(labelIdentity(l))
    out.push(l)
  }
  return out.sort((x, y) => CATEGORY_PRIORITY.indexOf(x.category) - CATEGORY_PRIORITY.indexOf(y.category))
}
