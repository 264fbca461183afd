import { formatAmount, shortAddress } from './asset-format.ts'
import { explainBackward } from './money-direction.ts'
import { edgesByRecipient, heaviestPath } from './trace-paths.ts'
import type { TraceEdgeRef, TraceNode, TraceResult } from './trace-types.ts'

export interface Explanation {
  address: string
  node: TraceNode | null
  /** Every tainted transfer into the address, heaviest first, each with the heaviest path that fed it. */
  arrivals: { edge: TraceEdgeRef; path: TraceEdgeRef[] }[]
}

/** The paths and transactions that carried taint to an address, from a result (no store needed). */
export function explainAddress(r: TraceResult, address: string): Explanation {
  if (r.direction === 'backward') return explainBackward(r, address, explainAddress)
  const a = address.toLowerCase()
  const byRecipient = edgesByRecipient(r.edges)
  const seeds = new Set([...r.seeds.addresses, ...r.seeds.txs])
  const arrivals = (byRecipient.get(a) ?? []).map((edge) => {
    const before =
      seeds.has(edge.from) || seeds.has(edge.tx) ? [] : heaviestPath(byRecipient, seeds, edge.from, edge.asset)
    return { edge, path: [...before.filter((p) => p.block <= edge.block), edge] }
  })
  return { address: a, node: r.nodes.find((n) => n.address === a) ?? null, arrivals }
}

/** The explanation as text: what ended at the address, then each arrival with its path. */
export function renderExplain(r: TraceResult, x: Explanation): string {
  const out = [`Explain ${x.address} (${r.model}, ${r.direction})`]
  if (!x.node) return `${out[0]}\n  not reached by this trace\n`
  const n = x.node
  out.push(
    `  category: ${n.category ?? 'none'}${n.label ? ` (${n.label.category}: ${n.label.name})` : ''}, hop ${n.hop}`,
  )
  for (const [asset, v] of Object.entries(n.received)) out.push(`  received tainted: ${formatAmount(r, asset, v)}`)
  for (const [asset, v] of Object.entries(n.final)) out.push(`  ended here: ${formatAmount(r, asset, v)}`)
  x.arrivals.forEach(({ edge, path }, i) => {
    out.push(
      `  ${i + 1}. ${formatAmount(r, edge.asset, edge.tainted)} of ${formatAmount(r, edge.asset, edge.amount)} in ${edge.tx} (block ${edge.block})`,
    )
    for (const p of path) {
      out.push(
        `       ${shortAddress(p.from)} -> ${shortAddress(p.to)}  ${formatAmount(r, p.asset, p.tainted)}  ${p.tx}`,
      )
    }
  })
  return `${out.join('\n')}\n`
}
