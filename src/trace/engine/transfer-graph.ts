import { amountAt, type EdgeBatch, growF64, growInt32, growUint8, KIND_MASK } from '../../store/edges/edge-batch.ts'

export const UNREACHED = 0x7fffffff
/** The arrival slot of a converter: taint passes it per transaction, never by arrival time. */
export const CONVERTER_ARRIVAL = -2

/** Per-node bits the expansion and the scan share. */
export const NodeFlag = {
  expanded: 1,
  converter: 2,
  seed: 4,
  dust: 8,
  stopLabel: 16,
  exchange: 32,
  labelled: 64,
} as const

/** Why a node was not followed; index into STOP_NAMES. */
export const StopCode = {
  none: 0,
  endpoint: 1,
  depositAddress: 2,
  hopLimit: 3,
  maxAddresses: 4,
  dust: 5,
  noOutgoing: 6,
  dark: 7,
} as const
export const STOP_NAMES = [
  null,
  'endpoint',
  'deposit-address',
  'hop-limit',
  'max-addresses',
  'dust',
  'no-outgoing',
  'dark',
] as const

function growFilled(a: Int32Array, cap: number, fill: number): Int32Array {
  const b = new Int32Array(cap).fill(fill)
  b.set(a)
  return b
}

/**
 * The part of the transfer graph a trace has read, in typed arrays. Nodes get dense local ids in the order
 * they are seen; edges keep their global time order `ord`. An address's outgoing edges are one contiguous,
 * time-ordered range (read in one query); incoming edges read for balances may repeat an edge, and the
 * scan keeps the first copy of each `ord`.
 */
export class TransferGraph {
  nodeCount = 0
  global: Int32Array = new Int32Array(1024)
  outStart: Int32Array = new Int32Array(1024)
  /** -1 until the node's outgoing edges are read. */
  outLen: Int32Array = new Int32Array(1024).fill(-1)
  inLoaded: Uint8Array = new Uint8Array(1024)
  /** Earliest transaction order at which taint can be at the node (INT32_MAX: not reached). */
  arr: Int32Array = new Int32Array(1024).fill(UNREACHED)
  /** The hop at which the node was first reached, -1 before. */
  hop: Int32Array = new Int32Array(1024).fill(-1)
  /** NodeFlag bits. */
  flags: Uint8Array = new Uint8Array(1024)
  /** StopCode of the node, 0 when it was followed. */
  stop: Uint8Array = new Uint8Array(1024)
  private readonly localOf: Int32Array

  edgeCount = 0
  src: Int32Array = new Int32Array(4096)
  dst: Int32Array = new Int32Array(4096)
  ord: Int32Array = new Int32Array(4096)
  txo: Int32Array = new Int32Array(4096)
  asset: Int32Array = new Int32Array(4096)
  kind: Uint8Array = new Uint8Array(4096)
  l0: Float64Array = new Float64Array(4096)
  l1: Float64Array = new Float64Array(4096)
  l2: Float64Array = new Float64Array(4096)
  hi: Float64Array = new Float64Array(4096)
  wide = new Map<number, bigint>()
  /** [start, end) edge ranges added by addIn: each holds every incoming edge of the nodes it was read for. */
  readonly inRanges: number[] = []

  constructor(addressCount: number) {
    this.localOf = new Int32Array(addressCount).fill(-1)
  }

  /** The local id of a global address id, creating the node on first sight. */
  node(globalId: number): number {
    const l = this.localOf[globalId] as number
    if (l >= 0) return l
    const n = this.nodeCount++
    if (n >= this.global.length) {
      const cap = this.global.length * 2
      this.global = growInt32(this.global, cap)
      this.outStart = growInt32(this.outStart, cap)
      this.outLen = growFilled(this.outLen, cap, -1)
      this.arr = growFilled(this.arr, cap, UNREACHED)
      this.hop = growFilled(this.hop, cap, -1)
      this.inLoaded = growUint8(this.inLoaded, cap)
      this.flags = growUint8(this.flags, cap)
      this.stop = growUint8(this.stop, cap)
    }
    this.global[n] = globalId
    this.localOf[globalId] = n
    return n
  }

  /** Clears every node's trace state (arrival, hop, flags, stop), keeping the edges read: for a repeated trace. */
  resetTrace(): void {
    this.arr.fill(UNREACHED)
    this.hop.fill(-1)
    const keep = NodeFlag.converter | NodeFlag.stopLabel | NodeFlag.exchange | NodeFlag.labelled
    for (let u = 0; u < this.nodeCount; u++) {
      this.flags[u] = (this.flags[u] as number) & keep
      if ((this.flags[u] as number) & NodeFlag.converter) this.arr[u] = CONVERTER_ARRIVAL
    }
    this.stop.fill(0)
  }

  /** Nodes the trace reached (seeds included). */
  reachedCount(): number {
    let n = 0
    for (let u = 0; u < this.nodeCount; u++) if ((this.hop[u] as number) >= 0) n++
    return n
  }

  /** The exact amount of edge e. */
  amount(e: number): bigint {
    return amountAt(this, e)
  }

  /** The transfer kind code of edge e (KIND_CODES). */
  kindOf(e: number): number {
    return (this.kind[e] as number) & KIND_MASK
  }

  /** The local id of a global id, or -1 when the trace has not seen it. */
  localId(globalId: number): number {
    return globalId >= 0 && globalId < this.localOf.length ? (this.localOf[globalId] as number) : -1
  }

  /** Appends edges; returns the index of the first. */
  addEdges(b: EdgeBatch): number {
    const at = this.edgeCount
    const need = at + b.length
    this.src = growInt32(this.src, need)
    this.dst = growInt32(this.dst, need)
    this.ord = growInt32(this.ord, need)
    this.txo = growInt32(this.txo, need)
    this.asset = growInt32(this.asset, need)
    this.kind = growUint8(this.kind, need)
    for (let i = 0; i < b.length; i++) {
      this.src[at + i] = this.node(b.src[i] as number)
      this.dst[at + i] = this.node(b.dst[i] as number)
    }
    this.ord.set(b.ord.subarray(0, b.length), at)
    this.txo.set(b.txo.subarray(0, b.length), at)
    this.asset.set(b.asset.subarray(0, b.length), at)
    this.kind.set(b.kind.subarray(0, b.length), at)
    this.l0 = growF64(this.l0, need)
    this.l1 = growF64(this.l1, need)
    this.l2 = growF64(this.l2, need)
    this.hi = growF64(this.hi, need)
    this.l0.set(b.l0.subarray(0, b.length), at)
    this.l1.set(b.l1.subarray(0, b.length), at)
    this.l2.set(b.l2.subarray(0, b.length), at)
    this.hi.set(b.hi.subarray(0, b.length), at)
    for (const [i, v] of b.wide) this.wide.set(at + i, v)
    this.edgeCount = need
    return at
  }

  /**
   * Adds the outgoing edges of `locals` (one batch, any order) so that each node's edges form one range in time
   * order: a stable counting sort by source, then a sort of any range the store returned out of order.
   */
  addOut(locals: readonly number[], b: EdgeBatch): void {
    const at = this.addEdges(b)
    const end = this.edgeCount
    for (const u of locals) this.outLen[u] = 0
    for (let e = at; e < end; e++) {
      const u = this.src[e] as number
      this.outLen[u] = (this.outLen[u] as number) + 1
    }
    let pos = at
    const next = new Int32Array(this.nodeCount)
    for (const u of locals) {
      this.outStart[u] = pos
      next[u] = pos
      pos += this.outLen[u] as number
    }
    const perm = new Int32Array(end - at)
    for (let e = at; e < end; e++) {
      const u = this.src[e] as number
      const p = next[u] as number
      next[u] = p + 1
      perm[p - at] = e
    }
    // Each range in time order within the permutation, so that the edges move once.
    for (const u of locals) {
      const s = (this.outStart[u] as number) - at
      sortByOrd(perm, s, s + (this.outLen[u] as number), this.ord)
    }
    this.permute(at, perm)
  }

  /** Adds a batch holding the complete outgoing edges of every source in it. */
  addOutAll(b: EdgeBatch): void {
    const seen = new Uint8Array(this.localOf.length)
    const locals: number[] = []
    for (let i = 0; i < b.length; i++) {
      const id = b.src[i] as number
      if (!seen[id]) {
        seen[id] = 1
        locals.push(this.node(id))
      }
    }
    this.addOut(locals, b)
  }

  /** Reorders edges [at, at + perm.length) so that position at + i holds the edge that was at perm[i]. */
  private permute(at: number, perm: Int32Array): void {
    const n = perm.length
    const take32 = (a: Int32Array) => {
      const copy = a.slice(at, at + n)
      for (let i = 0; i < n; i++) a[at + i] = copy[(perm[i] as number) - at] as number
    }
    take32(this.src)
    take32(this.dst)
    take32(this.ord)
    take32(this.txo)
    take32(this.asset)
    const kind = this.kind.slice(at, at + n)
    for (let i = 0; i < n; i++) this.kind[at + i] = kind[(perm[i] as number) - at] as number
    const take64 = (a: Float64Array) => {
      const copy = a.slice(at, at + n)
      for (let i = 0; i < n; i++) a[at + i] = copy[(perm[i] as number) - at] as number
    }
    take64(this.l0)
    take64(this.l1)
    take64(this.l2)
    take64(this.hi)
    if (this.wide.size > 0) {
      const moved = new Map<number, bigint>()
      for (let i = 0; i < n; i++) {
        const v = this.wide.get(perm[i] as number)
        if (v !== undefined) moved.set(at + i, v)
      }
      for (let e = at; e < at + n; e++) this.wide.delete(e)
      for (const [e, v] of moved) this.wide.set(e, v)
    }
  }

  /** Adds the incoming edges of `locals` (for balances). */
  addIn(locals: readonly number[], b: EdgeBatch): void {
    const at = this.addEdges(b)
    this.inRanges.push(at, this.edgeCount)
    for (const u of locals) this.inLoaded[u] = 1
  }
}

/** Sorts perm[lo, hi) by ord[perm[i]] (ords are distinct): insertion sort for short ranges, else a comparison sort. */
function sortByOrd(perm: Int32Array, lo: number, hi: number, ord: Int32Array): void {
  let sorted = true
  for (let i = lo + 1; i < hi; i++) {
    if ((ord[perm[i] as number] as number) < (ord[perm[i - 1] as number] as number)) {
      sorted = false
      break
    }
  }
  if (sorted) return
  if (hi - lo > 32) {
    perm.subarray(lo, hi).sort((a, b) => (ord[a] as number) - (ord[b] as number))
    return
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = perm[i] as number
    const k = ord[x] as number
    let j = i - 1
    while (j >= lo && (ord[perm[j] as number] as number) > k) {
      perm[j + 1] = perm[j] as number
      j--
    }
    perm[j + 1] = x
  }
}
