import { DragnetError } from '../core/errors.ts'
import { INGEST_JOB } from '../ingest/ingest-evm.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import type { EdgeDetail, EdgeSource } from '../store/edges/edge-source.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import type { Store, TokenMeta } from '../store/store.ts'
import { StopCode } from '../trace/engine/transfer-graph.ts'
import { runTrace } from '../trace/run-trace.ts'
import type { TraceResult } from '../trace/trace-types.ts'
import type { AlertPolicy } from './alert-policy.ts'
import { type AlertContext, renderAlerts, retraction } from './alert-render.ts'
import { alertEvents } from './alert-rules.ts'
import type { Alert } from './alert-types.ts'
import { type BlockDetails, blockDetailsOf } from './block-details.ts'
import { carryBlocks } from './block-step.ts'
import { type CarriedFigures, carriedFigures } from './carried-figures.ts'
import { type CarriedTrace, traceCarried, windowTo } from './carried-trace.ts'
import { LIVE_JOB } from './live-ingest.ts'
import type { TaintWatch, TaintWatchStats, WatchTarget } from './taint-watch.ts'

/** What a watch reads: the trace index (as runTrace), token metadata, and optionally block hashes and checkpoints. */
export type WatchStore = Pick<TraceStore, 'traceIndex' | 'getTokens'> &
  Partial<Pick<Store, 'blockHashes' | 'getCheckpoint'>>

export interface TaintWatchOptions {
  /** The last block the store holds (the watch starts there); default: the later of `ingest evm`'s and the watch's own checkpoint. */
  tip?: bigint
  /** The clock for `raisedAt` (tests pin it). */
  now?: () => Date
}

/** A watch's stats, with how often a reorg made it trace again. */
export interface CarriedWatchStats extends TaintWatchStats {
  /** Rewinds after a reorg: each traces the target again up to the block before the reorg. */
  rewinds: number
  /** Why each full re-trace happened (converter, tainted-history, deposit-rule, ...), counted. */
  retraceReasons: Record<string, number>
}

/** A TaintWatch that also gives the carried state's figures (what the test and incident figures read). */
export interface CarriedTaintWatch extends TaintWatch {
  /** Totals per asset and per-address taint of the carried state, without a re-trace. */
  figures(): Promise<CarriedFigures>
  stats(): CarriedWatchStats
}

interface Raised {
  alert: Alert
  /** The block whose arrival raised it: a reorg from this block on withdraws it. */
  from: bigint
}

/**
 * Opens a watch on one target: a full trace over [fromBlock, tip], then `advance(to)` carries the taint over the
 * blocks the store has added and returns their alerts, `rewind(from)` withdraws the alerts of replaced blocks.
 *
 * @example
 * const watch = await openTaintWatch(store, { incident, request }, labels, loadAlertPolicy(), { tip: 100n })
 * for (const alert of await watch.advance(101n)) console.log(JSON.stringify(alert))
 */
export async function openTaintWatch(
  store: WatchStore,
  target: WatchTarget,
  labels: EndpointLabels,
  policy: AlertPolicy,
  options: TaintWatchOptions = {},
): Promise<CarriedTaintWatch> {
  const tip = options.tip ?? (await storedTip(store, target.request.chain))
  if (tip === undefined) {
    throw new DragnetError('INVALID_ARGUMENT', `no stored tip for ${target.request.chain}: pass the tip`, {
      details: { chain: target.request.chain },
    })
  }
  const state = await traceCarried(store, target.request, labels, tip)
  return new CarriedWatch(store, target, labels, policy, state, options.now ?? (() => new Date()))
}

class CarriedWatch implements CarriedTaintWatch {
  private readonly raised: Raised[] = []
  private readonly live = new Set<string>()
  private readonly counts: CarriedWatchStats = {
    blocks: 0,
    transfersApplied: 0,
    retraces: 0,
    rewinds: 0,
    retraceReasons: {},
  }
  private cached: { block: bigint; result: TraceResult } | null = null
  private readonly details = new Map<number, EdgeDetail>()
  private readonly addresses = new Map<number, string>()
  private readonly tokens = new Map<string, TokenMeta | undefined>()
  private readonly blockDetails: BlockDetails | undefined

  constructor(
    private readonly store: WatchStore,
    readonly target: WatchTarget,
    private readonly labels: EndpointLabels,
    private readonly policy: AlertPolicy,
    private state: CarriedTrace | null,
    private readonly now: () => Date,
  ) {
    this.blockDetails = blockDetailsOf(store)
  }

  get block(): bigint {
    return (this.state as CarriedTrace).block
  }

  async advance(to: bigint): Promise<Alert[]> {
    const state = await this.current()
    const from = state.block
    if (to <= from) return []
    const request = this.target.request
    let carried = state
    let edges: number[]
    let deposits: number[]
    const win = await this.store.traceIndex.open(request.chain, 'forward', windowTo(request, to))
    try {
      const out = await carryBlocks(state, this.store, this.labels, to, win)
      if (out.ok) {
        edges = out.edges
        deposits = out.deposits
        this.counts.transfersApplied += edges.length
      } else {
        this.counts.retraces++
        this.counts.retraceReasons[out.why] = (this.counts.retraceReasons[out.why] ?? 0) + 1
        const before = depositIds(state)
        carried = await traceCarried(this.store, request, this.labels, to)
        this.state = carried
        edges = rangeEdges(carried, out.firstOrd)
        deposits = [...depositIds(carried)].filter(([id]) => !before.has(id)).map(([, u]) => u)
      }
    } catch (err) {
      // A step that failed half-way leaves no state to carry: the next call traces again.
      this.state = null
      throw err
    }
    this.counts.blocks += Number(to - from)
    this.cached = null
    const alerts = await renderAlerts(carried, alertEvents(carried, edges, deposits), this.alertContext(win, from, to))
    const fresh: Alert[] = []
    for (const a of alerts) {
      if (this.live.has(a.id)) continue
      this.live.add(a.id)
      fresh.push(a)
      this.raised.push({ alert: a, from: BigInt(a.block) > from ? BigInt(a.block) : to })
    }
    return fresh
  }

  async rewind(from: bigint): Promise<Alert[]> {
    const out: Alert[] = []
    const now = this.now()
    for (let i = this.raised.length - 1; i >= 0; i--) {
      const r = this.raised[i] as Raised
      if (r.from < from) continue
      this.raised.splice(i, 1)
      this.live.delete(r.alert.id)
      const withdrawn = retraction(r.alert, this.policy, now)
      if (withdrawn) out.unshift(withdrawn)
    }
    this.details.clear()
    if (this.state === null || this.state.block >= from) {
      this.state = await traceCarried(this.store, this.target.request, this.labels, from - 1n)
      this.counts.rewinds++
      this.cached = null
    }
    return out
  }

  async result(): Promise<TraceResult> {
    const block = (await this.current()).block
    if (this.cached?.block !== block) {
      const request = { ...this.target.request, limits: windowTo(this.target.request, block) }
      this.cached = { block, result: await runTrace(this.store, request, this.labels) }
    }
    return this.cached.result
  }

  async figures(): Promise<CarriedFigures> {
    const state = await this.current()
    const r = state.request
    return carriedFigures(state, await this.store.traceIndex.open(r.chain, 'forward', windowTo(r, state.block)))
  }

  stats(): CarriedWatchStats {
    return { ...this.counts, retraceReasons: { ...this.counts.retraceReasons } }
  }

  private async current(): Promise<CarriedTrace> {
    if (this.state) return this.state
    throw new DragnetError('INTERNAL', 'the watch lost its state in a failed step: open it again', {
      details: { incident: this.target.incident },
    })
  }

  /**
   * Reads for alerts, cached: an edge's details and an address never change (ids are never reused; a rewind
   * clears the details), and the range's details come in one query by block where the store has one.
   */
  private alertContext(win: EdgeSource, from: bigint, to: bigint): AlertContext {
    const chain = this.target.request.chain
    const blockHashes = this.store.blockHashes
    return {
      incident: this.target.incident,
      policy: this.policy,
      details: async (ords) => {
        const missing = Array.from(ords).filter((o) => !this.details.has(o))
        if (missing.length > 0 && this.blockDetails) {
          for (const [o, d] of await this.blockDetails(chain, from + 1n, to)) this.details.set(o, d)
        }
        const rest = missing.filter((o) => !this.details.has(o))
        if (rest.length > 0) for (const [o, d] of await win.details(Int32Array.from(rest))) this.details.set(o, d)
        return this.details
      },
      addressesOf: async (ids) => {
        const missing = Array.from(ids).filter((id) => !this.addresses.has(id))
        const names = await win.addressesOf(Int32Array.from(missing))
        missing.forEach((id, i) => {
          this.addresses.set(id, names[i] as string)
        })
        return Array.from(ids, (id) => this.addresses.get(id) as string)
      },
      tokens: async (addresses) => {
        const missing = addresses.filter((a) => !this.tokens.has(a))
        const got = missing.length > 0 ? await this.store.getTokens(chain, missing) : new Map()
        for (const a of missing) this.tokens.set(a, got.get(a))
        const out = new Map<string, TokenMeta>()
        for (const a of addresses) {
          const t = this.tokens.get(a)
          if (t) out.set(a, t)
        }
        return out
      },
      blockHashes: blockHashes ? (a, b) => blockHashes.call(this.store, chain, a, b) : undefined,
      now: this.now,
    }
  }
}

/** The graph's distinct edges from `firstOrd` on (a range's, after a full re-trace), in time order. */
function rangeEdges(state: CarriedTrace, firstOrd: number): number[] {
  const g = state.graph
  const seen = new Set<number>()
  const out: number[] = []
  for (let e = 0; e < g.edgeCount; e++) {
    const o = g.ord[e] as number
    if (o < firstOrd || seen.has(o)) continue
    seen.add(o)
    out.push(e)
  }
  return out.sort((a, b) => (g.ord[a] as number) - (g.ord[b] as number))
}

/** Deposit addresses of a state, by address id, to local node. */
function depositIds(state: CarriedTrace): Map<number, number> {
  const g = state.graph
  const out = new Map<number, number>()
  for (let u = 0; u < g.nodeCount; u++) if (g.stop[u] === StopCode.depositAddress) out.set(g.global[u] as number, u)
  return out
}

/** The last block stored for `chain`, by `ingest evm` or by a watch's live ingest, whichever reached further. */
async function storedTip(store: WatchStore, chain: string): Promise<bigint | undefined> {
  let tip: bigint | undefined
  for (const job of [INGEST_JOB, LIVE_JOB]) {
    const b = (await store.getCheckpoint?.(chain, job))?.block
    if (b !== undefined && (tip === undefined || b > tip)) tip = b
  }
  return tip
}
