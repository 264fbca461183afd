import assert from 'node:assert/strict'
import { test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { checkAgainstGroundTruth } from '../src/demo/heist-checks.ts'
import { DEMO_CHAIN, heistTraceRequest } from '../src/demo/heist-demo.ts'
import { labelHeistWorld } from '../src/demo/heist-labels.ts'
import { deployWorld, startWorldAnvil } from '../src/devnet/world/deploy-world.ts'
import { playHeist } from '../src/devnet/world/play-heist.ts'
import type { ThorchainLeg } from '../src/devnet/world/play-thorchain.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { DuckDbLabelStore } from '../src/labels/duckdb-label-store.ts'
import { LabelIndex } from '../src/labels/label-index.ts'
import { RegistryEndpointLabels } from '../src/labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { CrossChainEndpoint } from '../src/trace/cross-chain/cross-chain-types.ts'
import { runCrossChainTrace } from '../src/trace/cross-chain/run-cross-chain-trace.ts'
import { TAINT_MODELS } from '../src/trace/trace-types.ts'

const BTC = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'
const E18 = 10n ** 18n

test('the heist with a THORChain swap: every model agrees with the ground truth, the router is a crossing', async (t) => {
  const anvil = await startWorldAnvil()
  const store = await openDuckDbStore(':memory:')
  t.after(async () => {
    await store.close()
    await anvil.stop()
  })
  const world = await deployWorld(anvil.rpcUrl)
  let leg: ThorchainLeg | undefined
  const manifest = await playHeist(world, { thorchain: { btcDestination: BTC, played: (l) => (leg = l) } })
  assert.ok(leg)
  assert.equal(leg.memo, `=:b:${BTC}`)
  // WETH is known before the ingest, as in the demo, so its Deposit/Withdrawal events become transfers.
  const weth = manifest.entities.find((e) => e.label?.category === 'wrapped-native')?.address as string
  await store.putTokens([
    { chain: DEMO_CHAIN, address: weth, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, wrappedNative: true },
  ])
  await ingestEvm({ logger: silentLogger() }, store, new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() }), {
    chain: DEMO_CHAIN,
    from: 0n,
    to: manifest.heistBlocks.to,
    traces: 'debug',
    concurrency: 2,
    batchSize: 100,
    entities: new Set(['blocks', 'receipts', 'traces']),
  })
  const labelStore = new DuckDbLabelStore(store.connection)
  await labelHeistWorld(labelStore, manifest, DEMO_CHAIN)
  const labels = new RegistryEndpointLabels(await LabelIndex.fromStore(labelStore), DEMO_CHAIN)
  for (const model of TAINT_MODELS) {
    const r = await runCrossChainTrace({ evm: store, labels }, heistTraceRequest(manifest, model))
    const failed = checkAgainstGroundTruth(r.legs[0] as never, manifest).filter((c) => !c.ok)
    assert.deepEqual(failed, [], model)
    // Split wallet 5 only ever held stolen ETH: all 40 ETH of the swap are tainted in every model.
    assert.equal(r.crossings.length, 1, model)
    const [c] = r.crossings
    assert.deepEqual(
      [c?.link.inboundTx, c?.link.inboundAmount, c?.taintedIn, c?.link.destination, c?.outbound],
      [leg.deposit, 40n * E18, 40n * E18, BTC, null],
    )
    const router = r.legs[0]?.endpoints.find((e) => e.address === leg?.router) as CrossChainEndpoint
    assert.deepEqual([router.category, router.name, router.destination?.chain], ['bridge', 'THORChain', 'bitcoin'])
  }
})
