import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import { allocBatch, type EdgeBatch, withAmounts } from '../store/edges/edge-batch.ts'
import type { EdgeSource } from '../store/edges/edge-source.ts'
import type { TraceStore } from '../store/edges/trace-index.ts'
import { traceRoleOf } from '../trace/engine/label-roles.ts'
import { CONVERTER_ARRIVAL, NodeFlag, StopCode, UNREACHED } from '../trace/engine/transfer-graph.ts'
import { arrivalsOf, type CarriedTrace, fitOutCount, windowTo } from './carried-trace.ts'
import { bookNewlyFollowed, depositName, markDust } from './follow-rules.ts'
import { Retrace } from './retrace.ts'

/** A block range carried forward: the graph edges it applied, and the deposit addresses its sweeps revealed. */
export type CarryOutcome =
  | { ok: true; edges: number[]; deposits: number[] }
  | { ok: false; why: string; firstOrd: number }

/**
 * Carries a trace over the stored blocks (state.block, to]: the hop-level expansion over the range's transfers
 * (new edges are later than every edge applied, so addresses already reached keep their arrival and hop), then the
 * model over the range's transactions in time order. Anything that would change what came before (a converter's
 * swap, an address that becomes followed with taint in its history, a hop that lifts an address over the hop limit,
 * the address limit, a deposit address that stops sweeping) gives `ok: false` and the caller traces again.
 */
export async function carryBlocks(
  state: CarriedTrace,
  store: Pick<TraceStore, 'traceIndex'>,
  labels: EndpointLabels,
  to: bigint,
): Promise<CarryOutcome> {
  const r = state.request
  const lower =
    r.limits.fromBlock !== undefined && r.limits.fromBlock > state.block ? r.limits.fromBlock : state.block + 1n
  const blk = await store.traceIndex.open(r.chain, 'forward', { ...r.limits, fromBlock: lower, toBlock: to })
  const batch = await blk.outEdgesExcept(new Int32Array(0))
  let firstOrd = Number.MAX_SAFE_INTEGER
  for (let i = 0; i < batch.length; i++) firstOrd = Math.min(firstOrd, batch.ord[i] as number)
  if (state.empty !== null) return batch.length === 0 ? moved(state, to) : { ok: false, why: 'empty', firstOrd }
  if (batch.length === 0) return moved(state, to)
  const win = await store.traceIndex.open(r.chain, 'forward', windowTo(r, to))
  try {
    if (state.unknownSeeds.length > 0 && (await win.resolve(state.unknownSeeds)).some((id) => id >= 0)) {
      throw new Retrace('seed-appears')
    }
    const step = new BlockStep(state, labels, batch, win)
    const deposits = await step.run()
    const hist = await store.traceIndex.open(r.chain, 'forward', windowTo(r, state.block))
    await bookNewlyFollowed(state, hist, step.newlyFollowed, step.firstOrd)
    const edges = step.applyRange()
    state.block = to
    return { ok: true, edges, deposits }
  } catch (err) {
    if (err instanceof Retrace) return { ok: false, why: err.message, firstOrd }
    throw err
  }
}

function moved(state: CarriedTrace, to: bigint): CarryOutcome {
  state.block = to
  return { ok: true, edges: [], deposits: [] }
}

type Frontier = Map<number, number>

/** One range's expansion and model step over the carried state. */
class BlockStep {
  private readonly g
  /** Range edges (rows of the batch) in time order, and by sender's address id. */
  private readonly rows: number[]
  private readonly bySrc = new Map<number, number[]>()
  private readonly levels = new Map<number, Frontier>()
  private readonly done = new Map<number, number>()
  /** Nodes whose arrival this range set: reached in the range, not before. */
  private readonly arrived = new Set<number>()
  /** Range edges already in the graph (read with a newly followed address's outgoing edges), by ord. */
  private readonly inGraph = new Map<number, number>()
  readonly newlyFollowed: number[] = []
  readonly firstOrd: number
  private readonly deposits: number[] = []

  constructor(
    private readonly state: CarriedTrace,
    private readonly labels: EndpointLabels,
    private readonly b: EdgeBatch,
    private readonly win: EdgeSource,
  ) {
    this.g = state.graph
    this.rows = Array.from({ length: b.length }, (_, i) => i).sort(
      (x, y) => (b.ord[x] as number) - (b.ord[y] as number),
    )
    this.firstOrd = b.ord[this.rows[0] as number] as number
    for (const i of this.rows) {
      const s = b.src[i] as number
      const list = this.bySrc.get(s)
      if (list) list.push(i)
      else this.bySrc.set(s, [i])
      if (s >= this.state.capacity || (b.dst[i] as number) >= this.state.capacity) throw new Retrace('address-room')
    }
  }

  async run(): Promise<number[]> {
    const g = this.g
    // Only transfers that touch an address the trace has seen: the rest of the chain stays out of the graph.
    await this.nodesFor(this.rows, true)
    this.checkSeedsAndConverters()
    for (const i of this.rows) {
      const u = g.localId(this.b.src[i] as number)
      const f = g.flags[u] as number
      // Converters pass taint per transaction, only when a followed address pays them (checked above).
      if (u < 0 || !(f & NodeFlag.expanded) || f & NodeFlag.converter || this.arrived.has(u)) continue
      if (this.flipsToDeposit(u)) continue
      this.push(g.hop[u] as number, u, g.arr[u] as number)
    }
    for (const i of this.rows) this.checkDeposit(g.localId(this.b.src[i] as number))
    const hops = this.state.request.limits.hops
    for (let level = 0; level <= hops + 1 && this.levels.size > 0; level++) {
      const frontier = this.levels.get(level)
      if (!frontier) continue
      this.levels.delete(level)
      await this.level(frontier, level)
    }
    return this.deposits
  }

  /** Local nodes (flagged with their roles) for the senders and recipients of these rows. */
  private async nodesFor(rows: readonly number[], touching = false): Promise<void> {
    const g = this.g
    for (const i of rows) {
      if (touching && g.localId(this.b.src[i] as number) < 0 && g.localId(this.b.dst[i] as number) < 0) continue
      g.node(this.b.src[i] as number)
      g.node(this.b.dst[i] as number)
    }
    await this.flagNew()
  }

  private async flagNew(): Promise<void> {
    const { state, g } = this
    fitOutCount(state)
    if (state.rolesAt === g.nodeCount) return
    if (this.labels.entries) {
      const fresh: number[] = []
      for (let u = state.rolesAt; u < g.nodeCount; u++)
        if ((g.global[u] as number) >= state.labelledBelow) fresh.push(u)
      const names = await this.win.addressesOf(Int32Array.from(fresh, (u) => g.global[u] as number))
      fresh.forEach((u, k) => {
        const role = traceRoleOf(this.labels.get(names[k] as string))
        if (!role) return
        state.roles.byId.set(g.global[u] as number, role)
        // The deposit rule would have applied to every earlier block: trace again.
        if (role.sweepTarget && !state.roles.hasExchange) throw new Retrace('first-exchange-label')
      })
    }
    state.rolesAt = g.nodeCount
    await state.roles.flagNewNodes(g)
  }

  /** Seeds whose rule a new transfer would change, and swaps (converters are not carried: trace again). */
  private checkSeedsAndConverters(): void {
    const { g, b, state } = this
    const r = state.request
    for (const i of this.rows) {
      const u = g.localId(b.src[i] as number)
      const v = g.localId(b.dst[i] as number)
      // A followed address paying a converter is a swap (a converter's other transfers carry no taint).
      const fu = u < 0 ? 0 : (g.flags[u] as number)
      if (
        fu & NodeFlag.expanded &&
        !(fu & NodeFlag.converter) &&
        v >= 0 &&
        (g.flags[v] as number) & NodeFlag.converter
      ) {
        throw new Retrace('converter')
      }
      const assetOk = state.seedAsset === undefined || state.seedAsset === b.asset[i]
      const ruleV = state.seedRules.get(b.dst[i] as number)
      if (ruleV === 'none' || (ruleV === 'outflows' && assetOk && r.seedOutflows !== true))
        throw new Retrace('seed-rule')
      const ruleU = state.seedRules.get(b.src[i] as number)
      if (ruleU === 'none') throw new Retrace('seed-rule')
      if (ruleU === 'outflows' && assetOk) this.seedEdge(i, v)
    }
  }

  /** A new outflow of an address seeded by its outflows: a seed transfer, its recipient one hop from the seed. */
  private seedEdge(i: number, v: number): void {
    const g = this.g
    const t = this.b.txo[i] as number
    this.state.seeds.seedOrds.add(this.b.ord[i] as number)
    if ((g.flags[v] as number) & NodeFlag.converter) throw new Retrace('converter')
    const before = (g.hop[v] as number) >= 0 && !this.arrived.has(v)
    if (t < (g.arr[v] as number)) {
      g.arr[v] = t
      this.arrived.add(v)
    }
    if ((g.hop[v] as number) < 0) {
      g.hop[v] = 1
      this.push(1, v, Number.NaN)
    } else if (before && (g.hop[v] as number) > 1) this.improve(v, 0, t)
  }

  /**
   * A followed address that had sent nothing in the window and now sends only to one exchange is that exchange's
   * deposit address: no longer followed, what reached it is at the exchange.
   */
  private flipsToDeposit(u: number): boolean {
    const { g, state } = this
    const f = g.flags[u] as number
    if (!state.ctx.depositRule || !state.roles.hasExchange || f & (NodeFlag.seed | NodeFlag.labelled)) return false
    if (f & NodeFlag.converter || (state.outCount[u] as number) !== 0) return false
    const own = this.bySrc.get(g.global[u] as number) ?? []
    const name = depositName(
      g,
      state.roles,
      own.map((i) => g.localId(this.b.dst[i] as number)),
    )
    if (name === undefined) return false
    state.depositNames.set(u, name)
    state.book.unfollow(u)
    g.flags[u] = f & ~NodeFlag.expanded
    g.stop[u] = StopCode.depositAddress
    state.ctx.expandedCount--
    g.inLoaded[u] = 0
    this.deposits.push(u)
    return true
  }

  /** A deposit address that now pays anyone but its exchange was never one: the past changes. */
  private checkDeposit(u: number): void {
    const { g, state } = this
    if (u < 0 || g.stop[u] !== StopCode.depositAddress || this.deposits.includes(u)) return
    const own = this.bySrc.get(g.global[u] as number) ?? []
    const name = state.depositNames.get(u) ?? depositName(g, state.roles, [g.dst[g.outStart[u] as number] as number])
    const now = depositName(
      g,
      state.roles,
      own.map((i) => g.localId(this.b.dst[i] as number)),
    )
    if (now === undefined || now !== name) throw new Retrace('deposit-rule')
  }

  private push(level: number, u: number, from: number): void {
    let f = this.levels.get(level)
    if (!f) {
      f = new Map()
      this.levels.set(level, f)
    }
    const cur = f.get(u)
    if (cur === undefined || (!Number.isNaN(from) && (Number.isNaN(cur) || from < cur))) f.set(u, from)
  }

  /** One hop level: admits the frontier (as the expansion's admit), reads what is new, relaxes the range's edges. */
  private async level(frontier: Frontier, level: number): Promise<void> {
    const { g, state } = this
    const { hops, maxAddresses } = state.request.limits
    const take: number[] = []
    for (const u of frontier.keys()) {
      const f = g.flags[u] as number
      const expanded = (f & NodeFlag.expanded) !== 0
      if (f & NodeFlag.stopLabel && !(f & NodeFlag.seed)) g.stop[u] = StopCode.endpoint
      else if (level >= hops) {
        if (!expanded) g.stop[u] = StopCode.hopLimit
      } else if (!expanded && state.ctx.expandedCount >= maxAddresses) throw new Retrace('max-addresses')
      else take.push(u)
    }
    await this.readNew(take.filter((u) => !((g.flags[u] as number) & NodeFlag.expanded)))
    const relaxing: number[] = []
    for (const u of take) {
      const f = g.flags[u] as number
      if (!(f & NodeFlag.expanded)) {
        if (this.isDeposit(u)) {
          g.stop[u] = StopCode.depositAddress
          continue
        }
        g.flags[u] = f | NodeFlag.expanded
        g.stop[u] = StopCode.none
        state.ctx.expandedCount++
        this.newlyFollowed.push(u)
      }
      relaxing.push(u)
    }
    const from = relaxing.map((u) => {
      const explicit = frontier.get(u) as number
      return Number.isNaN(explicit) ? (g.arr[u] as number) : explicit
    })
    await this.nodesFor(relaxing.flatMap((u) => this.bySrc.get(g.global[u] as number) ?? []))
    relaxing.forEach((u, k) => {
      this.relax(u, from[k] as number, level)
    })
  }

  /** The whole window's outgoing edges of addresses followed for the first time (the deposit rule reads them). */
  private async readNew(unread: number[]): Promise<void> {
    const g = this.g
    const need = unread.filter((u) => (g.outLen[u] as number) < 0)
    if (need.length === 0) return
    const at = g.edgeCount
    g.addOut(need, await this.win.outEdges(Int32Array.from(need, (u) => g.global[u] as number)))
    for (let e = at; e < g.edgeCount; e++)
      if ((g.ord[e] as number) >= this.firstOrd) this.inGraph.set(g.ord[e] as number, e)
    await this.flagNew()
    for (const u of need) this.state.outCount[u] = g.outLen[u] as number
  }

  private isDeposit(u: number): boolean {
    const { g, state } = this
    const f = g.flags[u] as number
    if (!state.ctx.depositRule || !state.roles.hasExchange || f & (NodeFlag.seed | NodeFlag.labelled)) return false
    const s = g.outStart[u] as number
    const dsts: number[] = []
    for (let e = s; e < s + (g.outLen[u] as number); e++) dsts.push(g.dst[e] as number)
    return depositName(g, state.roles, dsts) !== undefined
  }

  /** As the expansion's relax, over the range's outgoing edges of u at or after `from` not yet followed. */
  private relax(u: number, from: number, level: number): void {
    const { g, b, state } = this
    const until = this.done.get(u) ?? UNREACHED
    if (from >= until) return
    this.done.set(u, from)
    state.ctx.relaxLog.add(u, level, from)
    state.book.followFrom(u, from)
    const min = state.request.limits.minAmount
    for (const i of this.bySrc.get(g.global[u] as number) ?? []) {
      const t = b.txo[i] as number
      if (t < from || t >= until) continue
      const v = g.localId(b.dst[i] as number)
      const minAsset = state.ctx.minAsset
      if (min > 0n && b.amount[i]! < min && (minAsset === undefined || b.asset[i] === minAsset)) {
        markDust(g, v)
        continue
      }
      const av = g.arr[v] as number
      if (t < av) {
        if ((g.flags[v] as number) & NodeFlag.seed || state.seedRules.has(g.global[v] as number)) {
          if (av === UNREACHED) throw new Retrace('seed-reached')
        }
        const before = av !== UNREACHED && !this.arrived.has(v)
        if (before) throw new Retrace('arrival-moves')
        g.arr[v] = t
        this.arrived.add(v)
        if (av === UNREACHED && (g.hop[v] as number) < 0) g.hop[v] = level + 1
        this.push(level + 1, v, Number.NaN)
      } else if (av === CONVERTER_ARRIVAL) throw new Retrace('converter')
      else if (!this.arrived.has(v) && (g.hop[v] as number) > level + 1) this.improve(v, level, t)
    }
  }

  /**
   * An address reached before the range, now reached at a lower hop level: the full expansion would reach it first
   * through this range's transfer. A followed address relaxes the range's edges from then on at the new level; one
   * held back by the hop or address limit would now be followed, which changes its past.
   */
  private improve(v: number, level: number, t: number): void {
    const g = this.g
    const f = g.flags[v] as number
    const stop = g.stop[v] as number
    if (f & NodeFlag.expanded) {
      g.hop[v] = level + 1
      this.push(level + 1, v, t)
    } else if (stop === StopCode.hopLimit || stop === StopCode.maxAddresses || stop === StopCode.none) {
      throw new Retrace('hop-improves')
    } else g.hop[v] = level + 1
  }

  /**
   * Applies the model over the range: the edges the full trace would read (from or to a followed address, or a seed
   * transfer), added to the graph once each, one transaction at a time in time order.
   */
  applyRange(): number[] {
    const { g, b, state } = this
    const pick: number[] = []
    const edges: number[] = []
    for (const i of this.rows) {
      const u = g.localId(b.src[i] as number)
      const v = g.localId(b.dst[i] as number)
      if (u >= 0 && (state.outCount[u] as number) >= 0 && !this.readNow(u)) state.outCount[u]!++
      const assetOk = state.seedAsset === undefined || state.seedAsset === b.asset[i]
      const seed = assetOk && (((g.flags[v] as number) & NodeFlag.seed) !== 0 || state.seeds.seedOrds.has(b.ord[i]!))
      const followed = ((g.flags[u] as number) | (v >= 0 ? (g.flags[v] as number) : 0)) & NodeFlag.expanded
      if (!followed && !seed) continue
      const known = this.inGraph.get(b.ord[i] as number)
      if (known !== undefined) edges.push(known)
      else {
        edges.push(-1 - pick.length)
        pick.push(i)
      }
    }
    const at = g.addEdges(rowsOf(b, pick))
    const resolved = edges
      .map((e) => (e < 0 ? at + (-1 - e) : e))
      .sort((x, y) => (g.ord[x] as number) - (g.ord[y] as number))
    state.book.applyOrder(resolved)
    for (const e of resolved) if (state.book.isTainted(e)) arrivalsOf(state, g.dst[e] as number).push(e)
    return resolved
  }

  private readNow(u: number): boolean {
    return this.newlyFollowed.includes(u)
  }
}

/** The rows `pick` of a batch as a batch of their own. */
function rowsOf(b: EdgeBatch, pick: readonly number[]): EdgeBatch {
  const out = allocBatch(pick.length)
  out.length = pick.length
  pick.forEach((i, k) => {
    out.ord[k] = b.ord[i] as number
    out.txo[k] = b.txo[i] as number
    out.src[k] = b.src[i] as number
    out.dst[k] = b.dst[i] as number
    out.asset[k] = b.asset[i] as number
    out.kind[k] = b.kind[i] as number
    out.l0[k] = b.l0[i] as number
    out.l1[k] = b.l1[i] as number
    out.l2[k] = b.l2[i] as number
    out.hi[k] = b.hi[i] as number
    const w = b.wide.get(i)
    if (w !== undefined) out.wide.set(k, w)
  })
  return withAmounts(out)
}
