import { DragnetError } from '../core/errors.ts'
import { chainFamily, detectChain, validateAddress } from '../labels/chain-address.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { DuckDbEdgeSource } from '../trace/duckdb-edge-source.ts'
import type { EdgeSource } from '../trace/edge-source.ts'
import { ensureTraceIndex } from '../trace/trace-index.ts'
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
}

export interface ScreenResult extends Evaluation {
  address: string
  chain: string
  /** The address's own labels, most severe first. */
  labels: Label[]
  exposure: DirectionExposure[]
  /** Why exposure was not computed (no transfers of the chain in the store), or null. */
  exposureNote: string | null
}

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

  constructor(
    private readonly index: LabelIndex,
    private readonly policy: Policy,
    private readonly store: DuckDbStore | undefined,
    private readonly options: ScreenOptions,
  ) {}

  /** Validates the address for its chain (INVALID_ADDRESS with details.reason) and screens it. */
  async screen(address: string, chainOverride?: string): Promise<ScreenResult> {
    const [r] = await this.screenMany([{ address, chain: chainOverride }])
    if (r instanceof DragnetError) throw r
    return r as ScreenResult
  }

  /**
   * Screens many addresses, in order: an invalid one gives its INVALID_ADDRESS error in its place. Exposure
   * is walked for a batch of addresses at a time (up to `batchSize`, sized by the edges the last batch read),
   * so a batch costs a few queries per hop rather than each address.
   */
  async screenMany(items: readonly ScreenItem[]): Promise<(ScreenResult | DragnetError)[]> {
    const out: (ScreenResult | DragnetError)[] = []
    const byChain = new Map<string, number[]>()
    items.forEach((item, i) => {
      try {
        const chain = item.chain ?? this.options.chain ?? detectChain(item.address.trim())
        if (!chain) {
          throw new DragnetError(
            'INVALID_ADDRESS',
            `cannot tell the chain of ${item.address.slice(0, 80)}: pass --chain`,
            { details: { address: item.address.slice(0, 80), reason: 'unknown-chain' } },
          )
        }
        const address = validateAddress(chain, item.address)
        const labels = [...this.index.lookup(chain, address)]
        out.push({ address, chain, labels, exposure: [], exposureNote: null, severity: 'none', reasons: [] })
        const list = byChain.get(chain)
        if (list) list.push(i)
        else byChain.set(chain, [i])
      } catch (error) {
        if (!(error instanceof DragnetError) || error.code !== 'INVALID_ADDRESS') throw error
        out.push(error)
      }
    })
    if (this.options.hops > 0) {
      for (const [chain, at] of byChain)
        await this.addExposure(
          chain,
          at.map((i) => out[i] as ScreenResult),
        )
    }
    return out.map((r) => (r instanceof DragnetError ? r : { ...r, ...this.evaluate(r) }))
  }

  private evaluate(r: ScreenResult): Evaluation {
    return evaluatePolicy(this.policy, r.labels, r.exposure)
  }

  private async addExposure(chain: string, results: ScreenResult[]): Promise<void> {
    const sources = await this.sourcesOf(chain)
    if (!sources) {
      for (const r of results) r.exposureNote = `no ${chain} transfers in the store: direct hits only`
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
    if (!this.store || chainFamily(chain) !== 'evm') return undefined
    if ((await this.store.count('transfers', chain)) === 0) return undefined
    await ensureTraceIndex(this.store.connection, chain, false)
    const outgoing = await DuckDbEdgeSource.open(this.store.connection, chain, 'forward', {})
    const incoming = await DuckDbEdgeSource.open(this.store.connection, chain, 'backward', {})
    return { incoming, outgoing, labelled: await this.labelledIds(outgoing, chain) }
  }

  /**
   * The chain's labelled addresses as trace ids, resolved once. EVM label keys are lowercase, as the store
   * keeps transfer addresses (docs/etl.md); each match is checked against the index all the same.
   */
  private async labelledIds(source: EdgeSource, chain: string): Promise<Map<number, Label>> {
    const keys: string[] = []
    for (const [key] of this.index.entries()) if (key.startsWith('evm:')) keys.push(key.slice(4))
    const out = new Map<number, Label>()
    for (let at = 0; at < keys.length; at += RESOLVE_CHUNK) {
      const chunk = keys.slice(at, at + RESOLVE_CHUNK)
      const ids = await source.resolve(chunk)
      chunk.forEach((address, i) => {
        const id = ids[i] as number
        const label = id >= 0 ? this.index.lookup(chain, address)[0] : undefined
        if (label) out.set(id, label)
      })
    }
    return out
  }
}
