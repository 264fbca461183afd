import { AMOUNT_WIDE } from '../../store/edges/edge-batch.ts'
import { PerAsset } from '../engine/per-asset.ts'
import { NodeFlag, type TransferGraph } from '../engine/transfer-graph.ts'
import { FifoLimbBook } from './fifo-book.ts'
import { HaircutLimbBook } from './haircut-book.ts'
import { copy4, LIMB, LimbValue } from './limbs.ts'
import { referenceScan } from './reference-scan.ts'
import {
  addTo,
  Converters,
  freshNodeHops,
  reachAt,
  type ScanInput,
  type ScanResult,
  seedShareOf,
} from './scan-types.ts'
import { TimeChunks } from './time-chunks.ts'
import { TimeRecords } from './time-records.ts'

export { freshNodeHops, reachAt, relaxedFrom, type ScanInput, type ScanResult } from './scan-types.ts'

const FOLLOWED_CONVERTER = NodeFlag.expanded | NodeFlag.converter
/** Most (node, asset) states held densely: 2^22 slots of at most 96 bytes. */
const DENSE_SLOTS = 2 ** 22

/**
 * Applies the haircut or FIFO model to the read graph in time order, one transaction at a time. Only expanded
 * addresses pass taint on. Converters (DEX pairs and routers, WETH) joined by transfers inside one transaction are
 * one routed swap: its payouts to others carry, in the asset paid out, the tainted share of what others paid
 * into it in that transaction (floor division); transfers between its converters carry nothing.
 *
 * Amounts, balances, queues and taint are held in limbs of doubles (limbs.ts): a bigint is made only for a value at
 * or above 2^84, for a routed swap's shares, and for the result. The same rules as referenceScan, which holds every
 * value as a bigint. Poison is poison-scan.ts.
 */
export function scan(input: ScanInput, opts: ScanOptions = {}): ScanResult {
  if (input.model === 'poison') return referenceScan(input)
  return new LimbScan(input, opts).run()
}

/** For the tests: every state in bigints, or slots made on first use however few the states. */
export interface ScanOptions {
  wideAll?: boolean
  sparse?: boolean
}

class LimbScan {
  private readonly g: TransferGraph
  private readonly r: ScanResult
  private readonly haircut: HaircutLimbBook | null
  private readonly fifo: FifoLimbBook | null
  private readonly conv = new Converters(false)
  private readonly taintL: Float64Array
  private readonly taintWide = new Map<number, bigint>()
  /** Assets in the order taint first arrived in them, and first ended outside a book (as a PerAsset would list). */
  private readonly recvAssets: number[] = []
  private readonly finalAssets: number[] = []
  private readonly A = new LimbValue()
  private readonly T = new LimbValue()
  private groups: Map<number, number> | null = null
  private readonly seedOrds: ReadonlySet<number> | null

  constructor(
    private readonly input: ScanInput,
    opts: ScanOptions,
  ) {
    const wideAll = opts.wideAll === true
    const g = input.graph
    this.g = g
    const tainted = new Uint8Array(g.edgeCount)
    // Per edge, its tainted amount as two halves of 42 bits (limbs 0-1 and 2-3): exact, half the memory of four.
    const taintL = new Float64Array(2 * g.edgeCount)
    const taintWide = this.taintWide
    this.taintL = taintL
    this.r = {
      tainted,
      taintOf: (e) => (tainted[e] ? (taintWide.get(e) ?? halvesToBig(taintL, 2 * e)) : 0n),
      hops: new Int32Array(g.edgeCount),
      nodeHop: freshNodeHops(g.nodeCount),
      swapIn: new Map(),
      order: new Int32Array(0),
      taintedEdges: 0,
      seeded: new Map(),
      swappedIn: new Map(),
      received: new PerAsset(g.nodeCount),
      final: new PerAsset(g.nodeCount),
    }
    for (let u = 0; u < g.nodeCount; u++) if ((g.flags[u] as number) & NodeFlag.seed) this.r.nodeHop[u] = 0
    const assets = distinctAssets(g)
    // Dense slots (no lookup per transfer) while they stay within DENSE_SLOTS; else slots made on first use.
    const dense = !opts.sparse && g.nodeCount * assets.length <= DENSE_SLOTS ? assets : undefined
    this.haircut = input.model === 'haircut' ? new HaircutLimbBook(g.nodeCount, wideAll, dense) : null
    this.fifo = this.haircut ? null : new FifoLimbBook(g.nodeCount, wideAll, dense)
    this.seedOrds = input.seedOrds.size > 0 ? input.seedOrds : null
  }

  run(): ScanResult {
    const book = this.book
    const records = new TimeRecords(this.g)
    this.r.order = records.edges()
    const chunks = new TimeChunks(this.g, records, book.slots.dense ? book : null, this.r.nodeHop)
    while (chunks.next()) {
      for (let k = 0; k < chunks.length; k++) {
        if (chunks.txStart[k]) {
          this.conv.reset()
          this.groups = chunks.groups[k] ?? null
        }
        this.step(chunks, k)
      }
    }
    this.finish()
    return this.r
  }

  private get book(): HaircutLimbBook | FifoLimbBook {
    return (this.haircut ?? this.fifo) as HaircutLimbBook | FifoLimbBook
  }

  private slot(node: number, asset: number): number {
    return this.book.slot(node, asset)
  }

  private group(u: number): number {
    return this.groups?.get(u) ?? u
  }

  private step(c: TimeChunks, k: number): void {
    const g = this.g
    const u = c.src[k] as number
    const v = c.dst[k] as number
    const a = c.asset[k] as number
    const fu = g.flags[u] as number
    const fv = g.flags[v] as number
    const uConv = (fu & FOLLOWED_CONVERTER) === FOLLOWED_CONVERTER
    const vConv = (fv & FOLLOWED_CONVERTER) === FOLLOWED_CONVERTER
    // Inside a routed swap: the value is the swap's, carried by none of its legs.
    if (uConv && vConv && u !== v) return
    const e = c.edge[k] as number
    const seedAsset = this.input.seedAsset
    const seedAssetOk = seedAsset === undefined || seedAsset === a
    const intoSeed = seedAssetOk && (fv & NodeFlag.seed) !== 0
    const isSeed = intoSeed || (seedAssetOk && this.seedOrds?.has(g.ord[e] as number) === true)
    if (!(fu & NodeFlag.expanded) && !(fv & NodeFlag.expanded) && !isSeed) return
    const { A, T } = this
    if ((c.kind[k] as number) & AMOUNT_WIDE || (c.limbs[4 * k + 3] as number) >= LIMB) A.setBig(g.amount(e))
    else {
      copy4(A.l, 0, c.limbs, 4 * k)
      A.big = null
    }
    T.setZero()
    let hop = -1
    let fromDebit = false
    if (uConv) hop = this.swapOut(u, a, e)
    else if (fu & NodeFlag.expanded) {
      const s = this.slot(u, a)
      if (this.haircut) {
        this.haircut.debit(s, A)
        T.copy(this.haircut.t)
      } else {
        const f = this.fifo as FifoLimbBook
        f.debit(s, A)
        T.copy(f.t)
        fromDebit = true
      }
      hop = (this.r.nodeHop[u] as number) + 1
    }
    if (isSeed) {
      const share = this.input.seedShare
      const seed = share && !intoSeed ? seedShareOf(A.toBig(), share) : null
      if (seed === null) {
        addTo(this.r.seeded, a, A.toBig() - T.toBig())
        T.copy(A)
      } else if (seed > T.toBig()) {
        addTo(this.r.seeded, a, seed - T.toBig())
        T.setBig(seed)
      }
      fromDebit = false
      hop = intoSeed ? 0 : 1
      this.r.swapIn.delete(e)
    }
    this.arrive(v, a, e, hop, fv, vConv, fromDebit)
  }

  /** A routed swap's payout: the tainted share of what others paid into it; returns the payout's hop. */
  private swapOut(u: number, a: number, e: number): number {
    const out = this.conv.out(this.group(u), a, this.A.toBig())
    if (out.tainted === 0n) return -1
    this.T.setBig(out.tainted)
    addTo(this.r.swappedIn, a, out.tainted)
    this.r.swapIn.set(e, out.input)
    return out.hop + 1
  }

  /** The recipient's side of edge e: what it received tainted, and its book or the swap it pays into. */
  private arrive(v: number, a: number, e: number, hop: number, fv: number, vConv: boolean, fromDebit: boolean): void {
    const { A, T, r } = this
    const tainted = !T.isZero()
    const booked = !vConv && (fv & NodeFlag.expanded) !== 0
    const s = tainted || booked ? this.slot(v, a) : -1
    if (tainted) {
      if (T.big !== null) this.taintWide.set(e, T.big)
      else {
        const l = T.l
        this.taintL[2 * e] = (l[0] as number) + (l[1] as number) * LIMB
        this.taintL[2 * e + 1] = (l[2] as number) + (l[3] as number) * LIMB
      }
      r.tainted[e] = 1
      r.taintedEdges++
      this.receive(s, a, booked)
      r.hops[e] = hop
      reachAt(r.nodeHop, v, hop)
    }
    if (vConv) this.conv.in(this.group(v), a, A.toBig(), T.toBig(), e, hop)
    if (!booked) return
    if (this.haircut) this.haircut.credit(s, A, T)
    else (this.fifo as FifoLimbBook).credit(s, A, T, fromDebit)
  }

  private receive(s: number, a: number, booked: boolean): void {
    if (!this.recvAssets.includes(a)) this.recvAssets.push(a)
    if (!booked && !this.finalAssets.includes(a)) this.finalAssets.push(a)
    this.book.receive(s, this.T)
  }

  /**
   * Writes what each node received, and what ended at it: for a converter or an address not followed, all it
   * received; for a followed address, the tainted value its book still holds.
   */
  private finish(): void {
    const { g, r, book } = this
    for (const a of this.recvAssets) {
      book.slots.forEachOf(a, (node, s) => {
        const v = book.received(s)
        if (v !== null) r.received.add(node, a, v)
      })
    }
    for (const a of this.finalAssets) {
      book.slots.forEachOf(a, (node, s) => {
        const f = g.flags[node] as number
        if ((f & FOLLOWED_CONVERTER) !== FOLLOWED_CONVERTER && f & NodeFlag.expanded) return
        const v = book.received(s)
        if (v !== null) r.final.add(node, a, v)
      })
    }
    book.held(r.final)
  }
}

/** lo + hi * 2^42 from two exact halves below 2^42. */
function halvesToBig(x: Float64Array, i: number): bigint {
  const lo = x[i] as number
  const hi = x[i + 1] as number
  if (hi < 2 ** 11) return BigInt(hi * 2 ** 42 + lo)
  return (BigInt(hi) << 42n) | BigInt(lo)
}

/** The assets of the graph's edges, in order of first appearance. */
function distinctAssets(g: TransferGraph): number[] {
  const out: number[] = []
  const seen = new Set<number>()
  let last = Number.NaN
  for (let e = 0; e < g.edgeCount; e++) {
    const a = g.asset[e] as number
    if (a === last) continue
    last = a
    if (!seen.has(a)) {
      seen.add(a)
      out.push(a)
    }
  }
  return out
}
