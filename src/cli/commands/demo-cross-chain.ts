import { formatUnits } from '../../core/amount.ts'
import type { BtcTransaction } from '../../core/btc-types.ts'
import { type BitcoinDemoLeg, DEMO_BTC_CHAIN } from '../../demo/bitcoin-leg-demo.ts'
import { checkCrossChain, traceHeistCrossChain } from '../../demo/cross-chain-demo.ts'
import type { GroundTruthCheck } from '../../demo/heist-checks.ts'
import { renderGroundTruth } from '../../demo/heist-report.ts'
import type { HeistManifest } from '../../devnet/world/manifest.ts'
import type { DuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import type { CrossChainResult } from '../../trace/cross-chain/cross-chain-types.ts'
import { renderCrossChainTable } from '../../trace/cross-chain/render-cross-chain.ts'
import { renderTable } from '../../trace/render/render-table.ts'
import type { TaintModel } from '../../trace/trace-types.ts'

/** `dragnet demo --cross-chain`: the trace across THORChain, the Bitcoin exchange deposit to freeze, and its checks. */
export async function crossChainReport(
  store: DuckDbStore,
  manifest: HeistManifest,
  bitcoin: BitcoinDemoLeg,
  model: TaintModel,
): Promise<{ result: CrossChainResult; checks: GroundTruthCheck[]; text: string }> {
  const result = await traceHeistCrossChain(store, manifest, bitcoin, model)
  const txs: BtcTransaction[] = []
  for await (const batch of store.btc.readBtcTransactions(DEMO_BTC_CHAIN)) txs.push(...batch)
  const checks = checkCrossChain(result, manifest, bitcoin, model, txs)
  const { exchange } = bitcoin.truth
  const btcLeg = result.legs[result.crossings[0]?.leg ?? -1]
  const at = btcLeg?.endpoints.find((e) => e.address === exchange.depositAddress)
  const lines = [
    `Across THORChain to Bitcoin (${bitcoin.ingest.blocks} Bitcoin blocks, ${bitcoin.ingest.transactions} transactions ingested over the devnet's Bitcoin Core RPC):`,
    // Leg 1 is the Ethereum trace printed above; the section shows the Bitcoin leg and the crossing.
    renderCrossChainTable(result, (leg, i) =>
      i === 0 ? '  (the Ethereum trace above)' : renderTable(leg, 10),
    ).trimEnd(),
    '',
    at
      ? `Freeze on Bitcoin (${model}): ${exchange.name} deposit address ${exchange.depositAddress}: ${formatUnits(at.amount, 8)} BTC (${at.amount} sat).`
      : `Freeze on Bitcoin (${model}): the trace did not reach ${exchange.name}'s deposit address ${exchange.depositAddress}.`,
    '',
    renderGroundTruth(checks, manifest, model).trimEnd(),
    '',
  ]
  return { result, checks, text: lines.join('\n') }
}
