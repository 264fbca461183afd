import type { TraceEdgeRef, TraceNode, TraceResult } from '../trace-types.ts'
import { formatAmount, shortAddress } from './asset-format.ts'
import { explainBackward } from './money-direction.ts'
import { pathIndex, pathThrough } from './trace-paths.ts'

export interface Explanation {
  address: string
  node: TraceNode | null
  /**
   * Every tainted transfer into the address, heaviest first, each with the path that fed it (seed side first,
   * the arrival last; at most `edge.hop` transfers).
   */
  arrivals: { edge: TraceEdgeRef; path: TraceEdgeRef[] }[]
}

/** The paths and transactions that carried taint to an address, from a result (no store needed). */
export function explainAddress(r: TraceResult, address: string): Explanation {
  if (r.direction === 'backward') return explainBackward(r, address, explainAddress)
  const a = address.toLowerCase()
  const ix = pathIndex(r)
  const arrivals = (ix.byRecipient.get(a) ?? []).map((edge) => ({ edge, path: pathThrough(ix, edge) }))
  return { address: a, node: r.nodes.find((n) => n.address === a) ?? null, arrivals }
}

/** One step of a path per line; a routed swap (into one converter, out of another, one transaction) is one step. */
function pathLines(r: TraceResult, path: TraceEdgeRef[], converters: ReadonlySet<string>): string[] {
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
