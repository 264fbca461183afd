import type { BtcTransaction, ClusterAssignment, ClusterLink, UtxoChainName } from '../core/btc-types.ts'
import { CHANGE_RULES, type ChangeRuleName, type SeenAddresses } from './change-rules.ts'
import { type CoinJoinShape, coinJoinShape } from './coinjoin-shapes.ts'
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
  const chain = options.chain ?? 'bitcoin'
  const on = (r: ClusterRuleName) => options.rules?.[r] !== false
  const multiInput = on('multi-input')
  const changeRules = CHANGE_RULES.filter((r) => on(r.name))
  const ids = new Map<string, number>()
  const outputCount: number[] = []
  const id = (a: string): number => {
    let v = ids.get(a)
    if (v === undefined) {
      v = ids.size
      ids.set(a, v)
      outputCount.push(0)
    }
    return v
  }
  const seen: SeenAddresses = { seenBefore: (a) => ids.has(a) }
  const links: ClusterLink[] = []
  const coinjoins: ClusterResult['coinjoins'] = []
  for (const tx of txs) {
    if (tx.isCoinbase) {
      for (const o of tx.outputs) for (const a of o.addresses) outputCount[id(a)] = (outputCount[id(a)] ?? 0) + 1
      continue
    }
    const shape = coinJoinShape(tx)
    if (shape !== null) coinjoins.push({ tx: tx.hash, shape })
    // A Tx0 is one wallet's own split (its inputs are the user's deposit wallet), so multi-input holds there;
    // its outputs are premixes, not change.
    const ordinary = shape === null
    const first = tx.inputs[0]?.addresses[0]
    if (first !== undefined) {
      if (multiInput && (ordinary || shape === 'whirlpool-tx0')) addMultiInput(tx, first, chain, links)
      if (ordinary && tx.outputs.length >= 2) {
        for (const rule of changeRules) {
          const i = rule.pick(tx, seen)
          const change = i >= 0 ? tx.outputs[i]?.addresses : undefined
          if (change?.length === 1 && change[0] !== first) {
            links.push({
              chain,
              a: first,
              b: change[0] as string,
              rule: rule.name,
              confidence: rule.confidence,
              tx: tx.hash,
            })
          }
        }
      }
    }
    for (const i of tx.inputs) for (const a of i.addresses) id(a)
    for (const o of tx.outputs) for (const a of o.addresses) outputCount[id(a)] = (outputCount[id(a)] ?? 0) + 1
  }
  // A one-time change address that received again later was not one-time: its link goes.
  const kept = links.filter((l) => l.rule !== 'change:never-reused' || outputCount[ids.get(l.b) as number] === 1)
  return { links: kept, assignments: assign(kept, chain), coinjoins }
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
  const ids = new Map<string, number>()
  const names: string[] = []
  const id = (a: string) => {
    let v = ids.get(a)
    if (v === undefined) {
      v = uf.add()
      ids.set(a, v)
      names.push(a)
    }
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
