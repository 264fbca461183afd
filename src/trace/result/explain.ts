import type { TraceEdgeRef, TraceNode, TraceResult } from '../trace-types.ts'
import { formatAmount, shortAddress } from './asset-format.ts'
import { explainProbable, type ProbableExplanation } from './explain-probable.ts'
import { explainBackward } from './money-direction.ts'
import { layerAssets, linkBasis } from './probable-format.ts'
import { pathIndex, pathThrough } from './trace-paths.ts'

export interface Explanation {
  address: string
  node: TraceNode | null
  /**
   * Every tainted transfer into the address, heaviest first, each with the path that fed it (seed side first,
   * the arrival last; at most `edge.hop` transfers).
   */
  arrivals: { edge: TraceEdgeRef; path: TraceEdgeRef[] }[]
  /** Only for an address the exact trace did not reach but the probable layer past mixers did. */
  probable?: ProbableExplanation
}

/** The paths and transactions that carried taint to an address, from a result (no store needed). */
export function explainAddress(r: TraceResult, address: string): Explanation {
  if (r.direction === 'backward') return explainBackward(r, address, explainAddress)
  const a = address.toLowerCase()
  const ix = pathIndex(r)
  const arrivals = (ix.byRecipient.get(a) ?? []).map((edge) => ({ edge, path: pathThrough(ix, edge) }))
  const node = r.nodes.find((n) => n.address === a) ?? null
  const probable = node === null ? explainProbable(r, a) : null
  return { address: a, node, arrivals, ...(probable ? { probable } : {}) }
}

/** The explanation of an address reached only past a mixer: per arrival the path to the pool, the link, the path after. */
function probableExplainLines(r: TraceResult, x: ProbableExplanation): string[] {
  const p = r.probable
  const ra = p ? layerAssets(r, p) : r
  const out = ['  not reached by the exact trace; reached past a mixer (probable, not in the exact totals)']
  for (const e of x.endpoints) {
    out.push(`  ended here (probable): ${formatAmount(ra, e.asset, e.amount)} as ${e.category}, on link ${e.link}`)
  }
  x.arrivals.forEach(({ link, toPool, edge, path }, i) => {
    out.push(
      `  ${i + 1}. ${formatAmount(ra, edge.asset, edge.tainted)} of ${formatAmount(ra, edge.asset, edge.amount)} in ${edge.tx} (block ${edge.block}), hop ${edge.hop} past the pool`,
    )
    out.push('     exact path to the pool:')
    out.push(...(toPool.length > 0 ? pathLines(r, toPool, new Set()) : ['       (not listed in this result)']))
    const w = link.withdrawal
    out.push(
      `     link ${link.id} (${linkBasis(link)}), anonymity set ${link.anonymitySet.before} before, ${link.anonymitySet.after} after:`,
      `       deposit ${link.deposit.tx} -> withdrawal ${w.tx} at pool ${link.pool}`,
      `       recipient ${w.recipient}${w.relayer === null ? ', no relayer' : `, relayer ${w.relayer} fee ${formatAmount(ra, link.asset, w.fee)}`}`,
    )
    for (const v of link.rules) out.push(`       ${v.rule} (${v.confidence.toFixed(2)}): ${v.evidence}`)
    out.push('     after the pool:')
    out.push(...pathLines(ra, path, new Set()))
  })
  return out
}

/** One step of a path per line; a routed swap (into one converter, out of another, one transaction) is one step. */
function pathLines(r: Pick<TraceResult, 'assets'>, path: TraceEdgeRef[], converters: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (let i = 0; i < path.length; i++) {
    const p = path[i] as TraceEdgeRef
    const q = path[i + 1]
    if (q && q.tx === p.tx && q.asset !== p.asset && converters.has(p.to) && converters.has(q.from)) {
      const via = p.to === q.from ? shortAddress(p.to) : `${shortAddress(p.to)} … ${shortAddress(q.from)}`
      out.push(
        `       ${shortAddress(p.from)} -> swap at ${via} -> ${shortAddress(q.to)}  ` +
          `${formatAmount(r, p.asset, p.tainted)} in, ${formatAmount(r, q.asset, q.tainted)} out  ${p.tx}`,
      )
      i++
      continue
    }
    out.push(`       ${shortAddress(p.from)} -> ${shortAddress(p.to)}  ${formatAmount(r, p.asset, p.tainted)}  ${p.tx}`)
  }
  return out
}

/** The explanation as text: what ended at the address, then each arrival with its path. */
export function renderExplain(r: TraceResult, x: Explanation): string {
  const out = [`Explain ${x.address} (${r.model}, ${r.direction})`]
  if (!x.node && x.probable) return `${[...out, ...probableExplainLines(r, x.probable)].join('\n')}\n`
  if (!x.node) return `${out[0]}\n  not reached by this trace\n`
  const n = x.node
  const converters = pathIndex(r).converters
  out.push(
    `  category: ${n.category ?? 'none'}${n.label ? ` (${n.label.category}: ${n.label.name})` : ''}, hop ${n.hop}`,
  )
  for (const [asset, v] of Object.entries(n.received)) out.push(`  received tainted: ${formatAmount(r, asset, v)}`)
  for (const [asset, v] of Object.entries(n.final)) out.push(`  ended here: ${formatAmount(r, asset, v)}`)
  x.arrivals.forEach(({ edge, path }, i) => {
    out.push(
      `  ${i + 1}. ${formatAmount(r, edge.asset, edge.tainted)} of ${formatAmount(r, edge.asset, edge.amount)} in ${edge.tx} (block ${edge.block}), hop ${edge.hop}`,
    )
    out.push(...pathLines(r, path, converters))
  })
  return `${out.join('\n')}\n`
}
