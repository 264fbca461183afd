import { formatUnits } from '../../core/amount.ts'
import type { TraceResult } from '../trace-types.ts'
import type { CrossChainResult, Crossing } from './cross-chain-types.ts'

/** How a leg is drawn as a table (the EVM renderer, or a UTXO chain's). */
export type LegRenderer = (leg: TraceResult, index: number) => string

/** A cross-chain result as text: each leg's table under a heading, then one line per crossing and the notes. */
export function renderCrossChainTable(r: CrossChainResult, renderLeg: LegRenderer): string {
  const out: string[] = []
  r.legs.forEach((leg, i) => {
    out.push(`== Leg ${i + 1} of ${r.legs.length}: ${leg.chain}${i === 0 ? ' (seeds)' : ` (from ${fromOf(r, i)})`}`)
    out.push(renderLeg(leg, i).trimEnd(), '')
  })
  out.push(`== Crossings (${r.crossings.length})`)
  if (r.crossings.length === 0) out.push('  none: the trace reached no bridge whose deposits Dragnet reads')
  for (const c of r.crossings) out.push(...crossingLines(c))
  if (r.notes.length > 0) out.push('', 'Notes:', ...r.notes.map((n) => `  ${n}`))
  return `${out.join('\n')}\n`
}

function fromOf(r: CrossChainResult, leg: number): string {
  const c = r.crossings.find((x) => x.leg === leg)
  return c ? `${c.link.protocol} ${c.link.kind} of ${c.link.inboundTx}` : 'a crossing'
}

function crossingLines(c: Crossing): string[] {
  const l = c.link
  const inUnits =
    l.inboundAsset === 'native'
      ? `${formatUnits(c.taintedIn, 18)} of ${formatUnits(l.inboundAmount, 18)} ETH`
      : `${c.taintedIn} of ${l.inboundAmount} ${l.inboundAsset}`
  const lines = [
    `  ${l.protocol} ${l.kind} ${l.fromChain} -> ${l.toChain}  deposit ${l.inboundTx}`,
    `    memo ${JSON.stringify(l.memo)}  destination ${l.destination || '(sender)'}  source ${l.source}`,
    `    tainted in: ${inUnits}`,
  ]
  if (c.outbound === null || l.outboundTx === null) {
    lines.push(`    outbound: ${l.outboundTx === null ? 'not in the data' : `${l.outboundTx} (not ingested)`}`)
    if (c.taintedOut !== null) lines.push(`    tainted out: ${outAmount(c)}`)
    return lines
  }
  lines.push(`    outbound ${c.outbound.tx} on ${c.outbound.chain}, tainted out: ${outAmount(c)}`)
  for (const s of c.outbound.seeds) lines.push(`      seeds ${s.txid}:${s.vout}  ${s.tainted} sat`)
  if (c.leg !== null) lines.push(`    traced on in leg ${c.leg + 1}`)
  return lines
}

function outAmount(c: Crossing): string {
  const v = c.taintedOut ?? 0n
  if (c.link.outboundOutputs.length > 0) return `${formatUnits(v, 8)} BTC (${v} sat)`
  return c.link.inboundAsset === 'native' ? `${formatUnits(v, 18)} ETH` : `${v} base units`
}
