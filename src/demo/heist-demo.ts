import type { Context } from '../core/context.ts'
import { deployWorld, startWorldAnvil } from '../devnet/world/deploy-world.ts'
import type { HeistManifest } from '../devnet/world/manifest.ts'
import { playHeist } from '../devnet/world/play-heist.ts'
import type { ThorchainLeg } from '../devnet/world/play-thorchain.ts'
import { type IngestSummary, ingestEvm } from '../ingest/ingest-evm.ts'
import type { Progress } from '../ingest/progress.ts'
import { DuckDbLabelStore } from '../labels/duckdb-label-store.ts'
import { LabelIndex } from '../labels/label-index.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { BtcStore } from '../store/btc-store.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import type { Store } from '../store/store.ts'
import { runTrace } from '../trace/run-trace.ts'
import { traceRequest } from '../trace/trace-request.ts'
import type { TaintModel, TraceRequest, TraceResult } from '../trace/trace-types.ts'
import { type BitcoinDemoLeg, demoBitcoinChain, playAndIngestBitcoinLeg } from './bitcoin-leg-demo.ts'
import { labelHeistWorld } from './heist-labels.ts'

/** The chain name the demo's rows carry, so they never mix with a real chain's in the same store. */
export const DEMO_CHAIN = 'demo'

/**
 * Where the demo keeps its world unless told otherwise: its own store file beside the default one, so that the
 * demo's chain and labels never change what the user's store (./dragnet-data/dragnet.duckdb, $DRAGNET_DB) answers.
 */
export const DEMO_DB_PATH = './dragnet-data/demo.duckdb'

/**
 * The `dragnet trace` command that reproduces the demo's trace from the store at `dbPath`: the same chain, every
 * seed transaction, the same window and model (and `--explain ADDRESS` when given).
 */
export function traceCommand(manifest: HeistManifest, model: TaintModel, dbPath: string, explain?: string): string {
  const request = heistTraceRequest(manifest, model)
  const parts = ['npx dragnet trace', `--db ${shellWord(dbPath)}`, `--chain ${request.chain}`]
  for (const tx of request.seedTxs) parts.push(`--seed ${tx}`)
  for (const a of request.seedAddresses) parts.push(`--seed ${a}`)
  if (request.limits.fromBlock !== undefined) parts.push(`--from-block ${request.limits.fromBlock}`)
  if (request.limits.toBlock !== undefined) parts.push(`--to-block ${request.limits.toBlock}`)
  parts.push(`--model ${model}`)
  if (explain !== undefined) parts.push(`--explain ${explain}`)
  return parts.join(' ')
}

/** A path as one shell word: quoted when it holds anything but safe characters. */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`
}

export interface HeistDemoRun {
  manifest: HeistManifest
  ingest: IngestSummary
  /** With `crossChain`: the THORChain swap's Bitcoin leg, played on the Bitcoin devnet and ingested over its RPC. */
  bitcoin?: BitcoinDemoLeg
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
  return await runTrace(store, heistTraceRequest(manifest, model), await heistEndpointLabels(store, manifest))
}

/** Labels the world in the store's registry and reads the labels back as a trace reads them. */
export async function heistEndpointLabels(
  store: DuckDbStore,
  manifest: HeistManifest,
): Promise<RegistryEndpointLabels> {
  const labelStore = new DuckDbLabelStore(store.connection)
  await labelHeistWorld(labelStore, manifest, DEMO_CHAIN)
  return new RegistryEndpointLabels(await LabelIndex.fromStore(labelStore), DEMO_CHAIN)
}

/**
 * Plays the heist on a fresh local node and ingests the whole chain through JSON-RPC into `store`, as an
 * investigator would from their own node. The node is stopped before this returns.
 */
export async function playAndIngestHeist(
  ctx: Context,
  store: Store & { btc?: BtcStore },
  progress?: Progress,
  options: { crossChain?: boolean; mixers?: boolean } = {},
): Promise<HeistDemoRun> {
  const anvil = await startWorldAnvil()
  try {
    const world = await deployWorld(anvil.rpcUrl)
    const btc = options.crossChain ? demoBitcoinChain() : null
    let leg: ThorchainLeg | undefined
    const thorchain = btc ? { btcDestination: btc.receive, played: (l: ThorchainLeg) => (leg = l) } : undefined
    // The mixer leg comes last, after the swap: every earlier block stays as it is without it.
    const manifest = await playHeist(world, {
      ...(thorchain ? { thorchain } : {}),
      ...(options.mixers ? { mixers: true as const } : {}),
    })
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
    if (!btc || !leg || !store.btc) return { manifest, ingest }
    return { manifest, ingest, bitcoin: await playAndIngestBitcoinLeg(ctx, store.btc, btc.chain, leg) }
  } finally {
    await anvil.stop()
  }
}
