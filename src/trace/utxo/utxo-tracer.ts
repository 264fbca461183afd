import { hashOf, StringTable } from '../../cluster/string-table.ts'
import type { BtcOutput, BtcTransaction } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import type { StopRole } from '../engine/label-roles.ts'
import { fillFirst } from './fifo-ranges.ts'
import { OutputTable, OutState } from './output-table.ts'
import { fifoSplit, haircutSplit, poisonSplit, type TaintedInputs } from './tx-split.ts'
import type { UtxoTraceRequest } from './utxo-types.ts'

/** The name an output's value goes to: its address, or for a script without one a name of the output itself. */
export function outputAddress(txid: string, o: BtcOutput): string {
  if (o.addresses.length === 1) return o.addresses[0] as string
  if (o.addresses.length > 1) return o.addresses.join('|')
  return `script:${txid}:${o.index}`
}

/** The stop role of an address (null: followed); the tracer asks once per address. */
export type RoleLookup = (address: string) => StopRole | null

const MAX_SAT = 2 ** 53
const MAX_SAT_BIG = 1n << 53n

/**
 * The forward UTXO taint engine: transactions are added in (block, index) order, each spending the outputs of
 * earlier ones. Only transactions that spend a followed tainted output, or that a seed names, are recorded;
 * any other costs one map lookup per input. A transaction's outputs get taint by the request's model
 * (tx-split.ts); a tainted output is kept until it is spent and its taint moves on, or it ends where it is.
 */
export class UtxoTracer {
  readonly out = new OutputTable()
  /** Every recorded transaction's txid, and per its id the first slot of its outputs. */
  private readonly txIds = new StringTable()
  private txFirst = new Int32Array(1024)
  /** FIFO: the tainted ranges of partially tainted outputs. */
  readonly ranges = new Map<number, number[]>()
  /** Address id -> 0 unknown, 1 followed, 2 exchange, 3 bridge, 4 mixer. */
  private role = new Uint8Array(1024)
  /** Per address id: 1 once the trace followed a tainted output of the address. */
  private expandedFlag = new Uint8Array(1024)
  expandedCount = 0
  /** Endpoint outputs spent later: slot -> the spending transaction (when the taint left the endpoint). */
  readonly endpointSpent = new Map<number, { tx: string; block: bigint; time: bigint }>()
  /** Seeded taint, fees' taint (accumulated in doubles, flushed to bigints before 2^53). */
  private seededAcc = 0
  private feeAcc = 0
  private seededBig = 0n
  private feeBig = 0n
  /** Per seed (address, txid, outpoint key): whether it seeded anything. */
  readonly seedHit = new Set<string>()
  outputsRead = 0
  private readonly seedAddrs: ReadonlySet<string>
  private readonly seedFilter = new Uint8Array(65536)
  private readonly seedTxs: ReadonlySet<string>
  private readonly seedOuts = new Map<string, Map<number, number>>()
  private readonly inputs: TaintedInputs = {
    k: 0,
    slot: new Int32Array(64),
    offset: new Float64Array(64),
    taint: 0,
    inputValue: 0,
  }
  private readonly fromBlock: bigint | undefined
  private readonly toBlock: bigint | undefined
  private readonly fromTime: bigint | undefined
  private readonly toTime: bigint | undefined

  constructor(
    readonly request: UtxoTraceRequest,
    private readonly roleOf: RoleLookup,
  ) {
    this.seedAddrs = new Set(request.seedAddresses)
    for (const a of this.seedAddrs) this.seedFilter[hashOf(a) & 0xffff] = 1
    this.seedTxs = new Set(request.seedTxs.map((h) => h.toLowerCase()))
    for (const o of request.seedOutpoints ?? []) {
      const txid = o.txid.toLowerCase()
      const m = this.seedOuts.get(txid) ?? new Map<number, number>()
      m.set(o.vout, Math.max(m.get(o.vout) ?? 0, o.tainted >= BigInt(MAX_SAT) ? MAX_SAT : Number(o.tainted)))
      this.seedOuts.set(txid, m)
    }
    const l = request.limits
    this.fromBlock = l.fromBlock
    this.toBlock = l.toBlock
    this.fromTime = l.fromTime
    this.toTime = l.toTime
  }

  get seeded(): bigint {
    return this.seededBig + BigInt(this.seededAcc)
  }

  get fees(): bigint {
    return this.feeBig + BigInt(this.feeAcc)
  }

  /** Adds every transaction of an iterable, in order. */
  addAll(txs: Iterable<BtcTransaction>): void {
    for (const tx of txs) this.add(tx)
  }

  /** Adds the next transaction. */
  add(tx: BtcTransaction): void {
    if (!this.inWindow(tx)) return
    const k = this.spendInputs(tx)
    const seedTx = this.seedTxs.size > 0 && this.seedTxs.has(tx.hash)
    const seedOuts = this.seedOuts.size > 0 ? this.seedOuts.get(tx.hash) : undefined
    if (k === 0 && !seedTx && seedOuts === undefined && !this.paysSeed(tx)) return
    const t = this.out
    const n = tx.outputs.length
    const first = t.addTx(tx.hash, Number(tx.blockNumber), Number(tx.blockTimestamp), n)
    t.txPayer.push(tx.inputs[0]?.addresses[0] ?? (tx.isCoinbase ? 'coinbase' : ''))
    for (let i = 0; i < n; i++) {
      const o = tx.outputs[i] as BtcOutput
      if (o.value >= MAX_SAT_BIG) throw tooLarge(tx, i)
      const v = Number(o.value)
      t.value[first + i] = v
      t.taint[first + i] = 0
      t.state[first + i] = OutState.live
      t.addr[first + i] = this.addressOf(outputAddress(tx.hash, o))
    }
    this.outputsRead += n
    if (k > 0) this.split(tx, first, n)
    else for (let i = first; i < first + n; i++) t.hop[i] = 0
    this.applySeeds(tx, first, n, seedTx, seedOuts)
    this.settle(tx.hash, first, n)
  }

  private inWindow(tx: BtcTransaction): boolean {
    if (this.fromBlock !== undefined && tx.blockNumber < this.fromBlock) return false
    if (this.toBlock !== undefined && tx.blockNumber > this.toBlock) return false
    if (this.fromTime !== undefined && tx.blockTimestamp < this.fromTime) return false
    if (this.toTime !== undefined && tx.blockTimestamp > this.toTime) return false
    return true
  }

  /**
   * Whether an output pays a seed address. Every transaction is asked, so a 16-bit filter of the seeds' hashes
   * answers most outputs before the set does. Outputs without an address are seeded by outpoint, not here.
   */
  private paysSeed(tx: BtcTransaction): boolean {
    if (this.seedAddrs.size === 0) return false
    for (const o of tx.outputs) {
      if (o.addresses.length === 0) continue
      const a = o.addresses.length === 1 ? (o.addresses[0] as string) : o.addresses.join('|')
      if (this.seedFilter[hashOf(a) & 0xffff] === 1 && this.seedAddrs.has(a)) return true
    }
    return false
  }

  /** Whether the trace followed a tainted output of the address. */
  isExpanded(id: number): boolean {
    return this.expandedFlag[id] === 1
  }

  private addressOf(a: string): number {
    const id = this.out.addressId(a)
    if (id >= this.role.length) {
      const r = new Uint8Array(this.role.length * 2)
      r.set(this.role)
      this.role = r
      const e = new Uint8Array(this.role.length)
      e.set(this.expandedFlag)
      this.expandedFlag = e
    }
    if (this.role[id] === 0) {
      const stop = this.roleOf(a)
      this.role[id] = stop === null ? 1 : stop === 'exchange' ? 2 : stop === 'bridge' ? 3 : 4
    }
    return id
  }

  /** The stop role of an address id, or null when the trace follows it. */
  stopOf(id: number): StopRole | null {
    const r = this.role[id]
    return r === 2 ? 'exchange' : r === 3 ? 'bridge' : r === 4 ? 'mixer' : null
  }

  /**
   * Marks the tainted outputs the transaction spends as spent and returns how many of them it follows (their
   * slots and satoshi offsets in `inputs`); a limit keeps the taint of the others where it was.
   */
  private spendInputs(tx: BtcTransaction): number {
    const ins = tx.inputs
    const inp = this.inputs
    let k = 0
    let taint = 0
    for (let j = 0; j < ins.length; j++) {
      const input = ins[j] as BtcTransaction['inputs'][number]
      const id = this.txIds.find(input.spentTransactionHash)
      if (id < 0) continue
      const first = this.txFirst[id] as number
      const s = first + input.spentOutputIndex
      const t = this.out
      if (s >= t.count || (t.tx[s] as number) !== (t.tx[first] as number)) continue
      const was = t.state[s] as number
      if (was !== OutState.live && was !== OutState.endpoint) continue
      if (was === OutState.endpoint) {
        // The taint stays at the endpoint; when it left is what a freeze window reports.
        this.endpointSpent.set(s, spender(tx))
        continue
      }
      const state = this.followState(s)
      t.state[s] = state
      if (state !== OutState.followed) {
        this.ranges.delete(s)
        continue
      }
      if (k === inp.slot.length) this.growInputs()
      inp.slot[k] = s
      inp.offset[k] = j
      taint += t.taint[s] as number
      k++
    }
    inp.k = k
    inp.taint = taint
    return k
  }

  /** Whether a spent tainted output is followed, or which limit keeps its taint. */
  private followState(s: number): number {
    const t = this.out
    const l = this.request.limits
    if ((t.hop[s] as number) >= l.hops) return OutState.hopLimit
    if (l.minAmount > 0n && BigInt(t.taint[s] as number) < l.minAmount) return OutState.dust
    const a = t.addr[s] as number
    if (this.expandedFlag[a] === 0) {
      if (this.expandedCount >= l.maxAddresses) return OutState.maxAddresses
      this.expandedFlag[a] = 1
      this.expandedCount++
    }
    return OutState.followed
  }

  private growInputs(): void {
    const slot = new Int32Array(this.inputs.slot.length * 2)
    slot.set(this.inputs.slot)
    const offset = new Float64Array(this.inputs.offset.length * 2)
    offset.set(this.inputs.offset)
    this.inputs.slot = slot
    this.inputs.offset = offset
  }

  /** Splits the followed inputs' taint over the outputs by the model; sets hops and parents. */
  private split(tx: BtcTransaction, first: number, n: number): void {
    const t = this.out
    const inp = this.inputs
    inp.inputValue = this.inputValues(tx)
    let best = -1
    let hop = Number.MAX_SAFE_INTEGER
    // The path's previous step: the heaviest of the inputs at the least hop, so a path has as many steps as its hop.
    for (let j = 0; j < inp.k; j++) {
      const s = inp.slot[j] as number
      const h = t.hop[s] as number
      if (h < hop || (h === hop && (t.taint[s] as number) > (t.taint[best] as number))) {
        hop = h
        best = s
      }
    }
    const model = this.request.model
    let fee: number
    if (model === 'poison') fee = poisonSplit(t, first, n, inp.inputValue)
    else if (model === 'haircut') fee = haircutSplit(t, first, n, inp.taint, inp.inputValue)
    else fee = fifoSplit(t, first, n, inp, this.ranges)
    for (let j = 0; j < inp.k; j++) this.ranges.delete(inp.slot[j] as number)
    this.addFee(fee)
    for (let i = first; i < first + n; i++) {
      t.hop[i] = hop + 1
      t.parent[i] = best
    }
  }

  /**
   * The transaction's input value; each followed input's offset (its input position until now) becomes its
   * first satoshi in the transaction. A clean input's value comes from the input, a traced one's from the table.
   */
  private inputValues(tx: BtcTransaction): number {
    const ins = tx.inputs
    const inp = this.inputs
    let pos = 0
    let j = 0
    for (let i = 0; i < ins.length; i++) {
      if (j < inp.k && (inp.offset[j] as number) === i) {
        inp.offset[j] = pos
        pos += this.out.value[inp.slot[j] as number] as number
        j++
        continue
      }
      const v = (ins[i] as BtcTransaction['inputs'][number]).value
      if (v === null) throw unknownValue(tx, i)
      pos += Number(v)
    }
    return pos
  }

  /** Seeds: a seed transaction's outputs and a seed address's receipts in full, a seeded outpoint its amount. */
  private applySeeds(tx: BtcTransaction, first: number, n: number, seedTx: boolean, outs?: Map<number, number>): void {
    const t = this.out
    if (seedTx) this.seedHit.add(tx.hash)
    for (let s = first; s < first + n; s++) {
      const v = t.value[s] as number
      const a = t.addresses[t.addr[s] as number] as string
      const bySeedAddr = this.seedAddrs.size > 0 && this.seedFilter[hashOf(a) & 0xffff] === 1 && this.seedAddrs.has(a)
      if (bySeedAddr) this.seedHit.add(a)
      if (seedTx || bySeedAddr) {
        if ((t.taint[s] as number) < v) this.addSeeded(v - (t.taint[s] as number))
        t.taint[s] = v
        this.ranges.delete(s)
        t.hop[s] = bySeedAddr ? 0 : 1
        t.parent[s] = -1
      }
      const want = outs?.get(s - first)
      if (want === undefined) continue
      this.seedHit.add(`${tx.hash}:${s - first}`)
      const target = Math.min(want, v)
      const had = t.taint[s] as number
      if (had >= target) continue
      this.addSeeded(target - had)
      if (this.request.model === 'fifo' && target < v) {
        this.ranges.set(s, fillFirst(this.ranges.get(s) ?? (had === v ? [0, v] : []), v, target))
      }
      t.taint[s] = target
      t.hop[s] = 0
      t.parent[s] = -1
    }
  }

  /** Decides where each tainted output stands, and lists the transaction so that its spenders find it. */
  private settle(hash: string, first: number, n: number): void {
    const t = this.out
    for (let s = first; s < first + n; s++) {
      if ((t.taint[s] as number) === 0) t.state[s] = OutState.followed
      else if (this.stopOf(t.addr[s] as number) !== null) t.state[s] = OutState.endpoint
    }
    // A txid seen again (the two duplicated coinbase txids of 2010) names the later transaction from now on.
    const id = this.txIds.intern(hash)
    if (id >= this.txFirst.length) {
      const f = new Int32Array(this.txFirst.length * 2)
      f.set(this.txFirst)
      this.txFirst = f
    }
    this.txFirst[id] = first
  }

  private addFee(f: number): void {
    this.feeAcc += f
    if (this.feeAcc >= 2 ** 52) {
      this.feeBig += BigInt(this.feeAcc)
      this.feeAcc = 0
    }
  }

  private addSeeded(v: number): void {
    this.seededAcc += v
    if (this.seededAcc >= 2 ** 52) {
      this.seededBig += BigInt(this.seededAcc)
      this.seededAcc = 0
    }
  }
}

const spender = (tx: BtcTransaction) => ({ tx: tx.hash, block: tx.blockNumber, time: tx.blockTimestamp })

// Amounts are exact doubles below 2^53; Bitcoin's whole supply is below 2^51, so only corrupt data gets here.
function tooLarge(tx: BtcTransaction, i: number): DragnetError {
  return new DragnetError('INVALID_ARGUMENT', `output ${i} of ${tx.hash} is above 2^53 satoshi`, {
    details: { tx: tx.hash, output: i },
  })
}

function unknownValue(tx: BtcTransaction, i: number): DragnetError {
  return new DragnetError('INVALID_ARGUMENT', `input ${i} of ${tx.hash} has no value: its spent output is unknown`, {
    details: { tx: tx.hash, input: i },
  })
}
