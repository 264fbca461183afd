import type { Context } from '../core/context.ts'
import { listEntities } from '../devnet/world/build-manifest.ts'
import { deployWorld, startWorldAnvil } from '../devnet/world/deploy-world.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { playHeist } from '../devnet/world/play-heist.ts'
import { ENTITIES, ingestEvm } from '../ingest/ingest-evm.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TaintModel, TraceResult } from '../trace/trace-types.ts'
import { loadAlertPolicy } from '../watch/alert-policy.ts'
import { openTaintWatch } from '../watch/open-taint-watch.ts'
import type { TaintWatch } from '../watch/taint-watch.ts'
import { runWatch, type WatchEvent, watchTip } from '../watch/watch-runner.ts'
import { DEMO_CHAIN } from './heist-demo.ts'
import { labelHeistWorld } from './heist-labels.ts'

export interface LiveDemoRun {
  manifest: HeistManifest
  /** The watch's trace after the last block of the heist: the one a full trace gives. */
  result: TraceResult
  /** The demo incident's id in the alerts. */
  incident: string
}

export const LIVE_INCIDENT = 'demo-heist'

/**
 * Plays the heist on a fresh local node while a watch follows it: the world's setup is ingested and labelled
 * first; once the theft is mined the watch starts from its transactions, and every alert reaches `onEvent` as
 * the block that raised it is stored. Returns when the watch has carried the taint through the heist's last block.
 */
export async function playHeistLive(
  ctx: Context,
  store: DuckDbStore,
  model: TaintModel,
  onEvent: (e: WatchEvent) => void,
): Promise<LiveDemoRun> {
  const anvil = await startWorldAnvil()
  const ac = new AbortController()
  let running: Promise<void> | undefined
  let watch: TaintWatch | undefined
  try {
    const world = await deployWorld(anvil.rpcUrl)
    const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: ctx.logger })
    await registerWeth(store, world)
    const head = BigInt(await client.request<string>('eth_blockNumber'))
    const ingest = { chain: DEMO_CHAIN, traces: 'debug' as const, concurrency: 4, batchSize: 100 }
    await ingestEvm(ctx, store, client, { ...ingest, from: 0n, to: head, entities: new Set(ENTITIES), restart: true })
    const labelStore = new DuckDbLabelStore(store.connection)
    await labelHeistWorld(labelStore, { entities: listEntities(world), genesisTime: world.genesisTime }, DEMO_CHAIN)
    const labels = new RegistryEndpointLabels(await LabelIndex.fromStore(labelStore), DEMO_CHAIN)
    const policy = loadAlertPolicy()
    let reached = -1n
    let failed: unknown
    let wake: () => void = () => {}
    const manifest = await playHeist(world, {
      afterDrain: async (seedTxs, block) => {
        // The same trace as the demo's report (heistTraceRequest): the theft's transactions, from the theft's block.
        const request = traceRequest(
          DEMO_CHAIN,
          { addresses: [], txs: [...seedTxs] },
          { model, limits: { fromBlock: block } },
        )
        const tip = await watchTip(store, DEMO_CHAIN, block)
        const w = await openTaintWatch(store, { incident: LIVE_INCIDENT, request }, labels, policy, { tip })
        watch = w
        const follow = { mode: 'ws' as const, pollIntervalMs: 200 }
        const events = runWatch(ctx, store, client, async () => [w], { ...ingest, fromBlock: block, follow }, ac.signal)
        running = (async () => {
          for await (const e of events) {
            onEvent(e)
            if (e.kind === 'alerts') {
              reached = e.to
              wake()
            }
          }
        })().catch((error: unknown) => {
          failed = error
          wake()
        })
      },
    })
    // The watch catches up with the last block of the heist, then stops.
    while (reached < manifest.heistBlocks.to && failed === undefined) await new Promise<void>((r) => (wake = r))
    if (failed !== undefined) throw failed
    ac.abort()
    await running
    if (!watch) throw new Error('the heist played no theft')
    return { manifest, result: await (watch as TaintWatch).result(), incident: LIVE_INCIDENT }
  } finally {
    ac.abort()
    await running?.catch(() => undefined)
    await anvil.stop()
  }
}

async function registerWeth(store: DuckDbStore, world: Awaited<ReturnType<typeof deployWorld>>): Promise<void> {
  await store.putTokens([
    {
      chain: DEMO_CHAIN,
      address: world.contracts.weth.address.toLowerCase(),
      symbol: 'WETH',
      name: 'Wrapped Ether',
      decimals: 18,
      wrappedNative: true,
    },
  ])
}
