import { CHAIN_NAMES } from '../bridge/thorchain/asset-notation.ts'
import type { BtcTransaction } from '../core/btc-types.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { CrossChainResult } from '../trace/cross-chain/cross-chain-types.ts'
import { runCrossChainTrace } from '../trace/cross-chain/run-cross-chain-trace.ts'
import type { TaintModel } from '../trace/trace-types.ts'
import { depositTruth } from './bitcoin-deposit-truth.ts'
import { type BitcoinDemoLeg, DEMO_BTC_CHAIN } from './bitcoin-leg-demo.ts'
import type { GroundTruthCheck } from './heist-checks.ts'
import { DEMO_CHAIN, heistTraceRequest } from './heist-demo.ts'
import { labelHeistWorld } from './heist-labels.ts'

/** The heist traced across THORChain onto the demo's Bitcoin chain, with `model`. */
export async function traceHeistCrossChain(
  store: DuckDbStore,
  manifest: HeistManifest,
  bitcoin: BitcoinDemoLeg,
  model: TaintModel,
): Promise<CrossChainResult> {
  const labelStore = new DuckDbLabelStore(store.connection)
  await labelHeistWorld(labelStore, manifest, DEMO_CHAIN)
  await labelBitcoinLeg(labelStore, bitcoin, manifest.genesisTime)
  const index = await LabelIndex.fromStore(labelStore)
  const labels = new RegistryEndpointLabels(index, DEMO_CHAIN)
  const utxoLabels = new RegistryEndpointLabels(index, DEMO_BTC_CHAIN)
  return await runCrossChainTrace(
    { evm: store, labels, btc: store.btc, utxoLabels },
    heistTraceRequest(manifest, model),
    { chainNames: { ...CHAIN_NAMES, ETH: DEMO_CHAIN, BTC: DEMO_BTC_CHAIN } },
  )
}

/** The source of the demo's Bitcoin labels in the registry, apart from the Ethereum world's. */
export const DEMO_BTC_LABEL_SOURCE = 'demo-world-bitcoin'

/**
 * Puts the Bitcoin leg's labels (the exchange's hot wallet and the deposit address it disclosed) in the registry,
 * so that `dragnet trace --cross-chain` on the demo's store sees what the demo saw.
 */
async function labelBitcoinLeg(labels: DuckDbLabelStore, bitcoin: BitcoinDemoLeg, genesis: bigint): Promise<void> {
  const list: Label[] = [...bitcoin.labels].flatMap(([address, ls]) =>
    ls.map((l) => ({
      chain: DEMO_BTC_CHAIN,
      address,
      category: l.category,
      name: l.name,
      source: DEMO_BTC_LABEL_SOURCE,
      sourceDate: null,
      confidence: 100,
      programmes: [],
      asset: null,
      notes: l.category === 'exchange-deposit' ? 'deposit address disclosed by the exchange' : null,
    })),
  )
  const date = new Date(Number(genesis) * 1000).toISOString().slice(0, 10)
  await labels.replaceSource(
    { source: DEMO_BTC_LABEL_SOURCE, format: 'demo', sourceDate: date, origin: 'demo Bitcoin leg' },
    list,
    date,
  )
}

/**
 * The crossing and the Bitcoin exchange deposit against the played ground truth: the swap's 40 ETH all
 * tainted (split wallet 5 held only stolen ETH), THORChain's whole payout tainted, and what the report's model must
 * find at the exchange's deposit address, worked out from the stored leg (depositTruth).
 */
export function checkCrossChain(
  result: CrossChainResult,
  manifest: HeistManifest,
  bitcoin: BitcoinDemoLeg,
  model: TaintModel,
  txs: readonly BtcTransaction[],
): GroundTruthCheck[] {
  const router = manifest.expected.endpoints.find((e) => e.name === 'THORChain router')
  const c = result.crossings[0]
  const deposit = bitcoin.truth.exchange.depositAddress
  const leg = result.legs[c?.leg ?? -1]
  const at = leg?.endpoints.find((e) => e.address === deposit && e.category === 'exchange')
  const check = (subject: string, asset: string, expected: bigint | undefined, traced: bigint | null | undefined) => {
    const e = String(expected ?? 0n)
    const t = String(traced ?? 'none')
    return { kind: 'endpoint' as const, subject, asset, expected: e, traced: t, ok: e === t }
  }
  return [
    check(`crossing THORChain ${c?.link.inboundTx ?? '(none)'} tainted in`, 'native', router?.amount, c?.taintedIn),
    check(
      `crossing THORChain payout ${c?.link.outboundTx ?? '(none)'} tainted out (sat)`,
      'sat',
      bitcoin.truth.swapSats,
      c?.taintedOut,
    ),
    check(
      `exchange ${bitcoin.truth.exchange.name} deposit ${deposit} (sat)`,
      'sat',
      depositTruth(model, bitcoin.truth, txs),
      at?.amount,
    ),
  ]
}
