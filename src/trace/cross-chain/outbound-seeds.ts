import type { CrossChainLink } from '../../bridge/cross-chain-link.ts'
import type { OutpointSeed } from './cross-chain-types.ts'

/**
 * The tainted share of an outbound output: floor(outputSats * taintedIn / inboundAmount), exact in bigint.
 * The swap converts the whole deposit, so each output carries the deposit's tainted fraction; flooring per
 * output keeps the total at or below the exact share (the few satoshi lost are stated, never invented).
 * @example taintedShare(7_452_189n, 1n * 10n ** 18n, 135n * 10n ** 16n) // 5_520_140n
 */
export function taintedShare(outputSats: bigint, taintedIn: bigint, inboundAmount: bigint): bigint {
  if (inboundAmount <= 0n || taintedIn <= 0n) return 0n
  const tainted = taintedIn > inboundAmount ? inboundAmount : taintedIn
  return (outputSats * tainted) / inboundAmount
}

/** The seeds of a link's outbound outputs (those whose index is known), each with its tainted share. */
export function outboundSeeds(link: CrossChainLink, taintedIn: bigint): OutpointSeed[] {
  return link.outboundOutputs.flatMap((o) =>
    o.vout === null
      ? []
      : [{ txid: o.txid, vout: o.vout, tainted: taintedShare(o.value, taintedIn, link.inboundAmount) }],
  )
}
