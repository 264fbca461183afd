import { type EndpointLabel, MapEndpointLabels } from '../../labels/endpoint-labels.ts'
import type {
  GasFingerprint,
  LinkOptions,
  MixerLink,
  MixerRule,
  PoolActivity,
  PoolDeposit,
  PoolWithdrawal,
} from '../../mixer/mixer-types.ts'
import type { DuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { runTrace } from '../run-trace.ts'
import { type FixtureTransfer, storeWith, txHash } from '../trace-fixture.ts'
import { traceRequest } from '../trace-request.ts'
import type { TaintModel, TraceRequest, TraceResult } from '../trace-types.ts'
import { addProbableLayer, type ThroughMixersOptions } from './add-probable-layer.ts'
import type { MixerDeps } from './mixer-deps.ts'

const NO_GAS: GasFingerprint = { type: 2, gasPrice: null, maxFeePerGas: 7n, maxPriorityFeePerGas: 1n }

/** A Deposit event of a hand-built pool, in the transaction of block `block` (index 0). */
export function depositAt(pool: string, block: number, depositor: string, leafIndex: number): PoolDeposit {
  return {
    pool,
    tx: txHash(block),
    logIndex: 0,
    block: BigInt(block),
    time: BigInt(1000 + block),
    depositor,
    commitment: `0x${leafIndex.toString(16).padStart(64, 'c')}`,
    leafIndex,
    gas: NO_GAS,
  }
}

/** A Withdrawal event in the transaction of block `block`. */
export function withdrawalAt(
  pool: string,
  block: number,
  recipient: string,
  relayer: string | null,
  fee: bigint,
): PoolWithdrawal {
  return {
    pool,
    tx: txHash(block),
    logIndex: 0,
    block: BigInt(block),
    time: BigInt(1000 + block),
    recipient,
    relayer,
    fee,
    sender: relayer ?? recipient,
    nullifierHash: `0x${block.toString(16).padStart(64, 'n')}`,
    gas: NO_GAS,
  }
}

/** A link as the linker reports it, voted by the given rules (each at the link's confidence). */
export function linkOf(d: PoolDeposit, w: PoolWithdrawal, confidence: number, rules: MixerRule[]): MixerLink {
  return {
    id: `${d.tx}:${d.logIndex}>${w.tx}:${w.logIndex}`,
    pool: d.pool,
    deposit: d,
    withdrawal: w,
    rules: rules.map((rule) => ({ rule, confidence, evidence: `${rule} joins them`, facts: { rule } })),
    confidence,
    anonymitySet: { before: 2, after: 1 },
  }
}

/**
 * A stand-in for the mixer module over hand-built events: the links given, each kept with the rules switched on
 * and dropped below the minimum confidence, as the linker does; the options it was called with are recorded.
 */
export function fixedMixer(activity: PoolActivity, links: MixerLink[]): MixerDeps & { calls: Partial<LinkOptions>[] } {
  const calls: Partial<LinkOptions>[] = []
  return {
    calls,
    readPoolActivity: async () => activity,
    linkWithdrawals: (_a, options = {}) => {
      calls.push(options)
      const on = options.rules
      return links
        .map((l) => ({ ...l, rules: l.rules.filter((r) => on === undefined || on.has(r.rule)) }))
        .filter((l) => l.rules.length > 0 && l.confidence >= (options.minConfidence ?? 0))
    },
  }
}

export interface LayerRun {
  exact: TraceResult
  /** The exact result's JSON before the layer was added. */
  exactJson: string
  out: TraceResult
}

/** Traces hand-written transfers from seed transactions, then adds the probable layer with a stand-in mixer. */
export async function traceThroughMixers(
  transfers: readonly FixtureTransfer[],
  seedTxs: string[],
  labels: [string, EndpointLabel][],
  model: TaintModel,
  mixer: MixerDeps,
  options: ThroughMixersOptions,
  render: (r: unknown) => string,
  prepare?: (request: TraceRequest) => void,
): Promise<LayerRun> {
  const store: DuckDbStore = await storeWith(transfers)
  try {
    const request = traceRequest('ethereum', { addresses: [], txs: seedTxs }, { model })
    request.report = { arrivalsOf: ['mixer'] }
    prepare?.(request)
    const map = new MapEndpointLabels(labels)
    const exact = await runTrace(store, request, map)
    const exactJson = render(exact)
    const out = await addProbableLayer(store, request, map, exact, options, mixer)
    return { exact, exactJson, out }
  } finally {
    await store.close()
  }
}
