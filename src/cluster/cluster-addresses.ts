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
    for (const i of tx.inputs) for (const a of i.addresses) this.id(a)
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
    if (this.multiInput && (shape === null || shape === 'whirlpool-tx0'))
      addMultiInput(tx, first, this.chain, this.links)
    if (shape !== null || tx.outputs.length < 2) return
    for (const rule of this.changeRules) {
      const i = rule.pick(tx, this.seen)
      const change = i >= 0 ? tx.outputs[i]?.addresses : undefined
      if (change?.length !== 1 || change[0] === first) continue
      const b = change[0] as string
      this.links.push({ chain: this.chain, a: first, b, rule: rule.name, confidence: rule.confidence, tx: tx.hash })
    }
  }

  /** The links, assignments and CoinJoins of everything read. */
  result(): ClusterResult {
    // A one-time change address that received again later was not one-time: its link goes.
    const kept = this.links.filter(
      (l) => l.rule !== 'change:never-reused' || this.outputCount[this.ids.find(l.b)] === 1,
    )
    return { links: kept, assignments: assign(kept, this.chain), coinjoins: [...this.coinjoins] }
  }
}

function addMultiInput(tx: BtcTransaction, first: string, chain: UtxoChainName, links: ClusterLink[]): void {
  let done: Set<string> | null = null
  for (let j = 1; j < tx.inputs.length; j++) {
    const a = tx.inputs[j]?.addresses[0]
    if (a === undefined || a === first) continue
    done ??= new Set([first])
    if (done.has(a)) continue
    done.add(a)
    links.push({ chain, a: first, b: a, rule: 'multi-input', confidence: MULTI_INPUT_CONFIDENCE, tx: tx.hash })
  }
}

/** Union-find over the links; each cluster is named by its smallest member address. */
function assign(links: readonly ClusterLink[], chain: UtxoChainName): ClusterAssignment[] {
  const uf = new UnionFind()
  const ids = new StringTable()
  const names = ids.keys
  const id = (a: string) => {
    const v = ids.intern(a)
    if (v === uf.count) uf.add()
    return v
  }
  for (const l of links) uf.union(id(l.a), id(l.b))
  const smallest = new Map<number, string>()
  for (let v = 0; v < names.length; v++) {
    const r = uf.find(v)
    const cur = smallest.get(r)
    const a = names[v] as string
    if (cur === undefined || a < cur) smallest.set(r, a)
  }
  return names.map((address, v) => ({ chain, address, cluster: smallest.get(uf.find(v)) as string }))
}
