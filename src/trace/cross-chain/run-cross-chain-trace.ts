import type { BridgeDecoder } from '../../bridge/bridge-decoder.ts'
import type { CrossChainLink } from '../../bridge/cross-chain-link.ts'
import { readBridgeLogs } from '../../bridge/read-bridge-logs.ts'
import { CHAIN_NAMES, chainNameOf } from '../../bridge/thorchain/asset-notation.ts'
import { thorchainDecoder } from '../../bridge/thorchain/thorchain-decoder.ts'
import type { BtcTransaction } from '../../core/btc-types.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { TraceStore } from '../../store/edges/trace-index.ts'
import type { Store } from '../../store/store.ts'
import { runTrace } from '../run-trace.ts'
import type { TraceLimits, TraceRequest, TraceResult } from '../trace-types.ts'
import { traceUtxo } from '../utxo/trace-utxo.ts'
import type { UtxoLabels } from '../utxo/utxo-types.ts'
import { type BridgeStop, bridgeStops, taintByTx } from './bridge-endpoints.ts'
import type { CrossChainResult, Crossing } from './cross-chain-types.ts'
import { withDestinations } from './endpoint-destinations.ts'
import { mergeMidgard } from './merge-midgard.ts'
import { outboundSeeds, taintedShare } from './outbound-seeds.ts'

export interface CrossChainSources {
  /** The seed chain's store: its trace index, tokens and logs. */
  evm: Pick<TraceStore, 'traceIndex' | 'getTokens'> & Pick<Store, 'read'>
  labels: EndpointLabels
  /** Bitcoin transactions in (block, index) order, when a UTXO chain is ingested. */
  btc?: { readBtcTransactions(chain: string): AsyncIterable<BtcTransaction[]> }
  /** Labels of the UTXO chain's addresses (exchanges to stop at); the seed chain's labels when absent. */
  utxoLabels?: UtxoLabels
  /** Links read from an indexer's export (Midgard): they supply outbounds the chains' data lacks. */
  indexed?: readonly CrossChainLink[]
}

export interface CrossChainOptions {
  /** THORChain chain codes to store chain names (BTC -> the Bitcoin store chain's name). */
  chainNames?: Readonly<Record<string, string>>
  decoders?: readonly BridgeDecoder[]
  /** Limits of the legs on other chains; block windows never carry over (other chains count other blocks). */
  utxoLimits?: Partial<TraceLimits>
}

/**
 * Traces a request on its EVM chain, then across every bridge it reached whose deposits a decoder reads:
 * each tainted deposit's link, its outbound's outputs seeded with the deposit's tainted share and traced on
 * the other chain when it is ingested, and a refund traced on from its payout on the seed chain.
 */
export async function runCrossChainTrace(
  sources: CrossChainSources,
  request: TraceRequest,
  options: CrossChainOptions = {},
): Promise<CrossChainResult> {
  const names = options.chainNames ?? CHAIN_NAMES
  const decoders = options.decoders ?? [thorchainDecoder(names)]
  const first = await runTrace(sources.evm, request, sources.labels)
  const result: CrossChainResult = { format: 'dragnet.crosschain/1', legs: [first], crossings: [], notes: [] }
  const stops = bridgeStops(first, decoders)
  if (stops.length === 0) return result
  const btcChain = chainNameOf('BTC', names)
  const btcTxs = sources.btc ? await readAll(sources.btc.readBtcTransactions(btcChain)) : []
  for (const stop of stops) {
    const links = await linksOf(sources, request.chain, stop, btcTxs, btcChain)
    result.crossings.push(...crossingsOf(first, stop, links, result.notes))
  }
  await continueUtxo(result, sources, request, btcChain, btcTxs, options.utxoLimits)
  await continueRefunds(result, sources, request)
  result.legs[0] = withDestinations(first, result.crossings)
  return result
}

async function linksOf(
  sources: CrossChainSources,
  chain: string,
  stop: BridgeStop,
  btcTxs: readonly BtcTransaction[],
  btcChain: string,
): Promise<CrossChainLink[]> {
  const contracts = new Set(stop.endpoints.map((e) => e.address))
  const from = stop.endpoints.reduce<bigint | undefined>((m, e) => {
    const b = e.firstArrival?.block
    return b === undefined || (m !== undefined && m <= b) ? m : b
  }, undefined)
  const logs = await readBridgeLogs(
    sources.evm,
    chain,
    contracts,
    stop.decoder,
    from === undefined ? {} : { fromBlock: from },
  )
  const utxo = new Map([[btcChain, btcTxs]])
  const links = stop.decoder.link(logs.deposits, { utxo, evmLogs: logs.rows })
  return sources.indexed ? mergeMidgard(links, sources.indexed, btcTxs) : links
}

function crossingsOf(
  first: TraceResult,
  stop: BridgeStop,
  links: readonly CrossChainLink[],
  notes: string[],
): Crossing[] {
  const byTx = new Map(links.map((l) => [l.inboundTx, l]))
  const out: Crossing[] = []
  for (const endpoint of stop.endpoints) {
    for (const [tx, taintedIn] of taintByTx(first, endpoint)) {
      const link = byTx.get(tx)
      if (!link) {
        notes.push(`${stop.decoder.protocol}: no deposit event of ${tx} at ${endpoint.address}`)
        continue
      }
      if (link.inboundAsset !== endpoint.asset) continue
      const taintedOut = link.outboundAmount === null ? null : sumShares(link, taintedIn)
      out.push({ link, taintedIn, taintedOut, outbound: null, leg: null })
    }
  }
  return out
}

/** The outbound's tainted share: per output for a UTXO payout (what is seeded), else of its whole amount. */
function sumShares(link: CrossChainLink, taintedIn: bigint): bigint {
  if (link.outboundOutputs.length === 0) return taintedShare(link.outboundAmount ?? 0n, taintedIn, link.inboundAmount)
  return link.outboundOutputs.reduce((s, o) => s + taintedShare(o.value, taintedIn, link.inboundAmount), 0n)
}

async function continueUtxo(
  result: CrossChainResult,
  sources: CrossChainSources,
  request: TraceRequest,
  btcChain: string,
  btcTxs: readonly BtcTransaction[],
  limits: Partial<TraceLimits> = {},
): Promise<void> {
  const known = new Set(btcTxs.map((t) => t.hash))
  const crossing = result.crossings.filter(
    (c) => c.link.toChain === btcChain && c.link.outboundTx !== null && known.has(c.link.outboundTx),
  )
  for (const c of crossing) {
    c.outbound = { chain: btcChain, tx: c.link.outboundTx as string, seeds: outboundSeeds(c.link, c.taintedIn) }
  }
  const seeds = crossing.flatMap((c) => c.outbound?.seeds ?? [])
  if (seeds.length === 0) return
  const utxoLimits: TraceLimits = {
    hops: request.limits.hops,
    minAmount: 0n,
    maxAddresses: request.limits.maxAddresses,
    ...limits,
  }
  const leg = traceUtxo(
    btcTxs,
    { chain: btcChain, model: request.model, seedAddresses: [], seedTxs: [], seedOutpoints: seeds, limits: utxoLimits },
    sources.utxoLabels ?? sources.labels,
  )
  // THORChain's BTC chain is Bitcoin whatever the store calls it: its native coin is BTC.
  const native = leg.assets.native
  if (native && native.symbol === null) leg.assets.native = { ...native, symbol: 'BTC' }
  result.legs.push(leg)
  for (const c of crossing) c.leg = result.legs.length - 1
}

/**
 * A refund paid back on the seed chain continues from its payout transaction. The seed chain's engine seeds
 * a transaction whole, so this leg counts the whole refund as taint; the crossing's taintedOut states the
 * tainted share of it.
 */
async function continueRefunds(
  result: CrossChainResult,
  sources: CrossChainSources,
  request: TraceRequest,
): Promise<void> {
  for (const c of result.crossings) {
    if (c.link.kind !== 'refund' || c.link.outboundTx === null || c.link.toChain !== request.chain) continue
    const leg = await runTrace(
      sources.evm,
      { ...request, seedAddresses: [], seedTxs: [c.link.outboundTx], seedOutflows: false },
      sources.labels,
    )
    c.outbound = { chain: request.chain, tx: c.link.outboundTx, seeds: [] }
    result.legs.push(leg)
    c.leg = result.legs.length - 1
  }
}

async function readAll<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = []
  for await (const b of batches) all.push(...b)
  return all
}
