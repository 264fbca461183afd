import type { BtcTransaction, ClusterAssignment, ClusterLink, UtxoChainName } from '../core/btc-types.ts'
import { CHANGE_RULES, type ChangeRule, type ChangeRuleName, type SeenAddresses } from './change-rules.ts'
import { type CoinJoinShape, coinJoinShape } from './coinjoin-shapes.ts'
import { StringTable } from './string-table.ts'
import { UnionFind } from './union-find.ts'

export type ClusterRuleName = 'multi-input' | ChangeRuleName

/** Confidence of the multi-input rule: high, since the CoinJoins that break it are recognised and skipped. */
export const MULTI_INPUT_CONFIDENCE = 90

export interface ClusterOptions {
  /** The chain named in links and assignments; `bitcoin` by default. */
  chain?: UtxoChainName
  /** Rules switched on or off by name; every rule is on unless set to false. */
  rules?: Partial<Record<ClusterRuleName, boolean>>
}

export interface ClusterResult {
  links: ClusterLink[]
  /** Every address some link joined, with its cluster (the smallest member address); others are clusters of one. */
  assignments: ClusterAssignment[]
  /** Transactions read as CoinJoins (no rule links their addresses), with the shape recognised. */
  coinjoins: { tx: string; shape: CoinJoinShape }[]
}

/**
 * Clusters addresses over transactions in (block, index) order: the multi-input rule (all inputs of an ordinary
 * transaction have one owner) and the change rules (the change output's address is the inputs' owner's), none of
 * them on a CoinJoin. Links are kept per rule so a rule switched off drops exactly its links.
 *
 * @example
 * const { assignments } = clusterAddresses(txs, { rules: { 'change:round-amount': false } })
 */
export function clusterAddresses(txs: Iterable<BtcTransaction>, options: ClusterOptions = {}): ClusterResult {
  const c = new AddressClusterer(options)
  for (const tx of txs) c.add(tx)
  return c.result()
}

/** clusterAddresses one transaction at a time, for transactions read in batches. */
export class AddressClusterer {
  private readonly chain: UtxoChainName
  private readonly multiInput: boolean
  private readonly changeRules: readonly ChangeRule[]
  private readonly ids = new StringTable()
  /** Per address id: how many outputs paid it. */
  private outputCount = new Int32Array(1024)
  private readonly links: ClusterLink[] = []
  private readonly coinjoins: ClusterResult['coinjoins'] = []
  /** The current transaction's output address ids, and how many addresses were known before it. */
  private outIds = new Int32Array(64)
  /** The current transaction's first input address ids. */
  private inIds = new Int32Array(64)
  /** Per link, the ids of its two addresses (a, b), side by side. */
  private readonly ends: number[] = []
  private knownBefore = 0
  private readonly seen: SeenAddresses = { seenBefore: (i) => (this.outIds[i] as number) < this.knownBefore }

  constructor(options: ClusterOptions = {}) {
    this.chain = options.chain ?? 'bitcoin'
    const on = (r: ClusterRuleName) => options.rules?.[r] !== false
    this.multiInput = on('multi-input')
    this.changeRules = CHANGE_RULES.filter((r) => on(r.name))
  }

  private id(a: string): number {
    const v = this.ids.intern(a)
    if (v >= this.outputCount.length) {
      const n = new Int32Array(this.outputCount.length * 2)
      n.set(this.outputCount)
      this.outputCount = n
    }
    return v
  }

  /** Reads the next transaction. */
  add(tx: BtcTransaction): void {
    // Addresses get their ids first; one new since knownBefore was never seen before this transaction.
    this.knownBefore = this.ids.size
    if (tx.outputs.length > this.outIds.length) this.outIds = new Int32Array(tx.outputs.length * 2)
    if (tx.inputs.length > this.inIds.length) this.inIds = new Int32Array(tx.inputs.length * 2)
    for (let j = 0; j < tx.inputs.length; j++) {
      const i = tx.inputs[j] as BtcTransaction['inputs'][number]
      this.inIds[j] = -1
      for (let k = 0; k < i.addresses.length; k++) {
        const v = this.id(i.addresses[k] as string)
        if (k === 0) this.inIds[j] = v
      }
    }
    for (let k = 0; k < tx.outputs.length; k++) {
      const o = tx.outputs[k] as BtcTransaction['outputs'][number]
      this.outIds[k] = -1
      for (const a of o.addresses) {
        const v = this.id(a)
        this.outputCount[v] = (this.outputCount[v] as number) + 1
        if (o.addresses.length === 1) this.outIds[k] = v
      }
    }
    if (!tx.isCoinbase) this.rules(tx)
  }

  private rules(tx: BtcTransaction): void {
    const shape = coinJoinShape(tx)
    if (shape !== null) this.coinjoins.push({ tx: tx.hash, shape })
    const first = tx.inputs[0]?.addresses[0]
    if (first === undefined) return
    // A Tx0 is one wallet's own split (its inputs are the user's deposit wallet), so multi-input holds there;
    // its outputs are premixes, not change.
    if (this.multiInput && (shape === null || shape === 'whirlpool-tx0')) this.addMultiInput(tx, first)
    if (shape !== null || tx.outputs.length < 2) return
    for (const rule of this.changeRules) {
      const i = rule.pick(tx, this.seen)
      const change = i >= 0 ? tx.outputs[i]?.addresses : undefined
      if (change?.length !== 1 || change[0] === first) continue
      const b = change[0] as string
      this.links.push({ chain: this.chain, a: first, b, rule: rule.name, confidence: rule.confidence, tx: tx.hash })
      this.ends.push(this.inIds[0] as number, this.outIds[i] as number)
    }
  }

  private addMultiInput(tx: BtcTransaction, first: string): void {
    const ins = tx.inputs
    for (let j = 1; j < ins.length; j++) {
      const a = ins[j]?.addresses[0]
      if (a === undefined || a === first) continue
      // Once per distinct address: a scan of the earlier inputs (a wallet spends few; no set per transaction).
      let dup = false
      for (let k = 1; k < j && !dup; k++) dup = ins[k]?.addresses[0] === a
      if (dup) continue
      this.links.push({
        chain: this.chain,
        a: first,
        b: a,
        rule: 'multi-input',
        confidence: MULTI_INPUT_CONFIDENCE,
        tx: tx.hash,
      })
      this.ends.push(this.inIds[0] as number, this.inIds[j] as number)
    }
  }

  /** The links, assignments and CoinJoins of everything read. */
  result(): ClusterResult {
    // A one-time change address that received again later was not one-time: its link goes.
    const kept: ClusterLink[] = []
    const ends: number[] = []
    this.links.forEach((l, k) => {
      const b = this.ends[2 * k + 1] as number
      if (l.rule === 'change:never-reused' && this.outputCount[b] !== 1) return
      kept.push(l)
      ends.push(this.ends[2 * k] as number, b)
    })
    return { links: kept, assignments: assign(ends, this.ids, this.chain), coinjoins: [...this.coinjoins] }
  }
}

/**
 * Union-find over the links (their address ids, a and b side by side), on the ids the clusterer gave addresses; each cluster is named by its smallest
 * member address. Assignments list the linked addresses in the order the links name them.
 */
function assign(ends: readonly number[], ids: StringTable, chain: UtxoChainName): ClusterAssignment[] {
  const uf = new UnionFind()
  while (uf.count < ids.size) uf.add()
  const order: number[] = []
  const listed = new Uint8Array(ids.size)
  for (const v of ends) {
    if (listed[v] === 1) continue
    listed[v] = 1
    order.push(v)
  }
  for (let k = 0; k < ends.length; k += 2) uf.union(ends[k] as number, ends[k + 1] as number)
  const names = ids.keys
  const smallest = new Int32Array(ids.size).fill(-1)
  for (const v of order) {
    const r = uf.find(v)
    const cur = smallest[r] as number
    if (cur < 0 || (names[v] as string) < (names[cur] as string)) smallest[r] = v
  }
  return order.map((v) => ({
    chain,
    address: names[v] as string,
    cluster: names[smallest[uf.find(v)] as number] as string,
  }))
}
