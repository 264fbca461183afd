import type { CrossChainLink } from '../../bridge/cross-chain-link.ts'
import type { BtcTransaction } from '../../core/btc-types.ts'

/**
 * Completes chain-read links with an indexer's: where the chains' data has the deposit but not its outbound
 * (the outbound chain is not ingested, or not that far), the indexer's outbound is taken, its output indexes
 * found in the Bitcoin data when that has the transaction. The chain's link wins wherever it has an outbound.
 */
export function mergeMidgard(
  links: readonly CrossChainLink[],
  indexed: readonly CrossChainLink[],
  btcTxs: readonly BtcTransaction[],
): CrossChainLink[] {
  const byTx = new Map(indexed.map((l) => [l.inboundTx, l]))
  return links.map((l) => {
    const m = byTx.get(l.inboundTx)
    if (l.outboundTx !== null || !m || m.outboundTx === null) return l
    const tx = btcTxs.find((t) => t.hash === m.outboundTx)
    const outputs = m.outboundOutputs.map((o) => {
      if (o.vout !== null || !tx) return o
      const out = tx.outputs.find((x) => x.value === o.value && x.addresses.includes(o.address))
      return { ...o, vout: out?.index ?? null }
    })
    return {
      ...l,
      toChain: m.toChain,
      destination: m.destination,
      outboundTx: m.outboundTx,
      outboundOutputs: outputs,
      outboundAmount: m.outboundAmount,
      kind: m.kind,
      source: 'midgard' as const,
    }
  })
}
