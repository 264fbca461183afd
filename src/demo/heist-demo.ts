import type { Context } from '../core/context.ts'
import { deployWorld, startWorldAnvil } from '../devnet/world/deploy-world.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { playHeist } from '../devnet/world/play-heist.ts'
import { type IngestSummary, ingestEvm } from '../ingest/ingest-evm.ts'
import type { Progress } from '../ingest/progress.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { Store } from '../store/store.ts'
import { runTrace } from '../trace/run-trace.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TaintModel, TraceRequest, TraceResult } from '../trace/trace-types.ts'
import { labelHeistWorld } from './heist-labels.ts'

/** The chain name the demo's rows carry, so they never mix with a real chain's in the same store. */
export const DEMO_CHAIN = 'demo'

export interface HeistDemoRun {
  manifest: HeistManifest
  ingest: IngestSummary
}

/** The trace an investigator runs on the heist: forward from the drain transactions, from the heist's first block. */
export function heistTraceRequest(manifest: HeistManifest, model: TaintModel): TraceRequest {
  return traceRequest(
    DEMO_CHAIN,
    { addresses: [], txs: manifest.seeds.transactions },
    {
      model,
      limits: { fromBlock: manifest.heistBlocks.from },
    },
  )
}

/** Labels the world in the registry and traces the heist with `model`, labels from the registry. */
export async function traceHeist(store: DuckDbStore, manifest: HeistManifest, model: TaintModel): Promise<TraceResult> {
  const labelStore = new DuckDbLabelStore(store.connection)
  await labelHeistWorld(labelStore, manifest, DEMO_CHAIN)
  const index = await LabelIndex.fromStore(labelStore)
  return await runTrace(store, heistTraceRequest(manifest, model), new RegistryEndpointLabels(index, DEMO_CHAIN))
}

/**
 * Plays the heist on a fresh local node and ingests the whole chain through JSON-RPC into `store`, as an
 * investigator would from their own node. The node is stopped before this returns.
 */
export async function playAndIngestHeist(ctx: Context, store: Store, progress?: Progress): Promise<HeistDemoRun> {
  const anvil = await startWorldAnvil()
  try {
    const world = await deployWorld(anvil.rpcUrl)
    const manifest = await playHeist(world)
    const weth = manifest.entities.find((e) => e.label?.category === 'wrapped-native')
    if (weth) {
      await store.putTokens([
        {
          chain: DEMO_CHAIN,
          address: weth.address,
          symbol: 'WETH',
          name: 'Wrapped Ether',
          decimals: 18,
          wrappedNative: true,
        },
      ])
    }
    const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: ctx.logger })
    const ingest = await ingestEvm(ctx, store, client, {
      chain: DEMO_CHAIN,
      from: 0n,
      to: manifest.heistBlocks.to,
      traces: 'debug',
      concurrency: 4,
      batchSize: 100,
      entities: new Set(['blocks', 'receipts', 'traces']),
      restart: true,
      ...(progress ? { progress } : {}),
    })
    return { manifest, ingest }
  } finally {
    await anvil.stop()
  }
}
