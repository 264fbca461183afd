import type { Explanation } from '../result/explain.ts'
import { pathIndex, pathThrough } from '../result/trace-paths.ts'
import type { TraceResult } from '../trace-types.ts'

/**
 * The tainted outputs an address received in a UTXO result, heaviest first, each with the path that fed it
 * (render with renderExplain). Addresses are matched as spelled: base58 addresses are case-sensitive.
 */
export function explainUtxo(r: TraceResult, address: string): Explanation {
  const ix = pathIndex(r)
  const arrivals = (ix.byRecipient.get(address) ?? []).map((edge) => ({ edge, path: pathThrough(ix, edge) }))
  return { address, node: r.nodes.find((n) => n.address === address) ?? null, arrivals }
}
