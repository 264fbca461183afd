import { DragnetError } from '../../core/errors.ts'
import { chainFamily, validateAddress } from '../../labels/chain-address.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { isLabelCategory, LABEL_CATEGORIES } from '../../labels/label-types.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import type { ChainStore } from '../../store/open-store.ts'
import { loadLabelsFile } from '../../trace/labels-file.ts'
import { renderCsv, renderDot, renderJson } from '../../trace/render/render-formats.ts'
import { renderTable } from '../../trace/render/render-table.ts'
import { parseAmountWithUnit, type UnitLookup } from '../../trace/result/amount-units.ts'
import { renderExplain } from '../../trace/result/explain.ts'
import {
  DEFAULT_MIN_FREEZE_UNITS,
  type ReportOptions,
  type TaintModel,
  type TraceLimits,
  type TraceResult,
} from '../../trace/trace-types.ts'
import { utxoTracer } from '../../trace/utxo/trace-utxo.ts'
import { explainUtxo } from '../../trace/utxo/utxo-explain.ts'
import { utxoResult } from '../../trace/utxo/utxo-result.ts'
import type { UtxoTraceRequest } from '../../trace/utxo/utxo-types.ts'
import type { LabelRegistry } from '../label-registry.ts'

/** The `dragnet trace` flags a UTXO trace reads or refuses. */
export interface BtcTraceFlags {
  chain: string
  seed: string[]
  seeds?: string
  seedLabel?: string
  seedSource?: string
  seedOutflows?: boolean
  fromBlock?: bigint
  toBlock?: bigint
  fromTime?: number
  toTime?: number
  model: TaintModel
  hops: number
  min: string
  minFreeze: string[]
  maxAddresses: number
  direction: string
  asset?: string
  labels?: string
  format: 'table' | 'json' | 'dot' | 'csv'
  json?: boolean
  explain?: string
  usd: string
  crossChain?: boolean
  midgard?: string
  clusters?: boolean
}

/** Transactions read per batch: the tracer keeps only what it needs of each batch. */
const BATCH = 5_000

/** Whether the store's btc tables hold blocks of `chain` (one indexed row read). */
export async function holdsBtc(store: ChainStore, chain: string): Promise<boolean> {
  for await (const batch of store.btc.readBtcBlocks(chain, { batchSize: 1 })) return batch.length > 0
  return false
}

/**
 * `dragnet trace` on a UTXO chain: the chain's transactions in the window stream in batches through the UTXO
 * taint engine (docs/bitcoin.md, "UTXO taint"), labelled from the registry or a labels file, with the stored
 * clusters when asked; rendered as an EVM trace is.
 */
export async function traceBtc(store: ChainStore, registry: LabelRegistry, flags: BtcTraceFlags): Promise<string> {
  refuseEvmOptions(flags)
  const chain = flags.chain
  const seeds = btcSeeds(flags.seed, chain)
  const notes: Record<string, string> = {}
  if (flags.seedLabel !== undefined) await addBtcLabelSeeds(registry, flags, seeds.addresses, notes)
  if (seeds.addresses.length + seeds.txs.length === 0) {
    throw new DragnetError('INVALID_ARGUMENT', 'at least one of --seed or --seed-label is required')
  }
  const explain = flags.explain === undefined ? undefined : btcAddress(flags.explain, chain, '--explain')
  const labels: EndpointLabels =
    flags.labels === undefined
      ? new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), chain)
      : loadLabelsFile(flags.labels, chain)
  const min = await parseAmountWithUnit(flags.min, BTC_UNITS, '--min')
  const request: UtxoTraceRequest = {
    chain,
    model: flags.model,
    seedAddresses: seeds.addresses,
    seedTxs: seeds.txs,
    limits: limitsOf(flags, min.amount),
    report: await reportOf(flags.minFreeze, explain),
  }
  if (Object.keys(notes).length > 0) request.seedNotes = notes
  if (flags.clusters) {
    request.clusters = await storedClusters(store, chain)
    request.labelsFromClusters = true
  }
  const result = await runBtcTrace(store, request, labels)
  const format = flags.json ? 'json' : flags.format
  if (explain !== undefined) {
    const x = explainUtxo(result, explain)
    return format === 'json' ? renderJson(x) : renderExplain(result, x)
  }
  if (format === 'json') return renderJson(result)
  if (format === 'dot') return renderDot(result)
  if (format === 'csv') return renderCsv(result)
  return renderTable(result, 10)
}

/** Streams the window's transactions through the tracer, batch by batch, then builds the result. */
async function runBtcTrace(store: ChainStore, request: UtxoTraceRequest, labels: EndpointLabels): Promise<TraceResult> {
  const started = performance.now()
  const { tracer, context } = utxoTracer(request, labels)
  const window = { batchSize: BATCH, fromBlock: request.limits.fromBlock, toBlock: request.limits.toBlock }
  const read = Object.fromEntries(Object.entries(window).filter(([, v]) => v !== undefined))
  for await (const batch of store.btc.readBtcTransactions(request.chain, read)) tracer.addAll(batch)
  const result = utxoResult(tracer, context, started)
  // Whatever the store calls a UTXO chain here, its coin has 8 decimals and is written BTC.
  const native = result.assets.native
  if (native && native.symbol === null) result.assets.native = { ...native, symbol: 'BTC' }
  return result
}

const BTC_UNITS: UnitLookup = async (unit) =>
  ['btc', 'xbt', 'native'].includes(unit.toLowerCase()) ? [{ asset: 'native', symbol: 'BTC', decimals: 8 }] : []

/** Options of the EVM trace with no meaning on a UTXO chain: each is refused by name. */
function refuseEvmOptions(f: BtcTraceFlags): void {
  const refuse = (option: string, why: string) => {
    throw new DragnetError('INVALID_ARGUMENT', `${option} does not apply to a trace on ${f.chain}: ${why}`, {
      details: { option, chain: f.chain },
    })
  }
  if (f.asset !== undefined && f.asset !== 'native') refuse('--asset', 'the one asset is the native coin')
  if (f.direction !== 'forward') refuse('--direction', 'the UTXO engine traces forward only')
  if (f.usd === 'always') refuse('--usd', 'USD values are priced for EVM assets only')
  if (f.seeds !== undefined) refuse('--seeds', 'seeds files hold EVM seeds; give --seed (repeatable)')
  if (f.seedOutflows) refuse('--seed-outflows', 'an address seed taints what it received')
  if (f.crossChain) refuse('--cross-chain', 'cross-chain traces start on the EVM chain')
  if (f.midgard !== undefined) refuse('--midgard', 'it goes with --cross-chain')
}

/** Seeds as txids (64 hex digits) or Bitcoin addresses; anything else fails INVALID_HASH / INVALID_ADDRESS. */
export function btcSeeds(values: readonly string[], chain: string): { addresses: string[]; txs: string[] } {
  const addresses = new Set<string>()
  const txs = new Set<string>()
  for (const raw of values) {
    const v = raw.trim()
    if (/^[0-9a-fA-F]{64}$/.test(v)) txs.add(v.toLowerCase())
    else if (/^(0x)?[0-9a-fA-F]{36,}$/.test(v)) {
      throw new DragnetError('INVALID_HASH', `seed ${v.slice(0, 80)} is not a 64-hex-digit txid`, {
        details: { field: 'seed', value: v.slice(0, 80) },
      })
    } else addresses.add(btcAddress(v, chain, 'seed'))
  }
  return { addresses: [...addresses], txs: [...txs] }
}

/**
 * A Bitcoin address checked by its checksum and normalised as the store holds it (bech32 lowercase, base58 as
 * written). On a chain named otherwise (a devnet), regtest's bcrt1 addresses are taken as written.
 */
export function btcAddress(value: string, chain: string, field: string): string {
  const a = value.trim()
  if (chainFamily(chain) !== 'bitcoin' && /^bcrt1[02-9ac-hj-np-z]{8,87}$/i.test(a)) return a.toLowerCase()
  try {
    return validateAddress('bitcoin', a)
  } catch (e) {
    if (e instanceof DragnetError) {
      throw new DragnetError('INVALID_ADDRESS', `${field}: ${e.message}`, { details: { ...e.details, field } })
    }
    throw e
  }
}

/** --seed-label on a UTXO chain: every listed Bitcoin address of the category (and source), with a note. */
async function addBtcLabelSeeds(
  registry: LabelRegistry,
  f: BtcTraceFlags,
  into: string[],
  notes: Record<string, string>,
): Promise<void> {
  const category = f.seedLabel as string
  if (!isLabelCategory(category)) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `--seed-label ${category} is not a label category (one of ${LABEL_CATEGORIES.join(', ')})`,
      { details: { category } },
    )
  }
  const family = chainFamily(f.chain)
  let n = 0
  for await (const batch of registry.labels.active(f.seedSource === undefined ? {} : { source: f.seedSource })) {
    for (const l of batch) {
      if (l.category !== category || (l.chain !== f.chain && (family === 'other' || chainFamily(l.chain) !== family)))
        continue
      let a: string
      try {
        a = btcAddress(l.address, f.chain, 'label seed')
      } catch {
        continue // a label of another address family listed under this chain
      }
      if (!into.includes(a)) into.push(a)
      notes[a] ??= `${l.name} (${l.source}${l.sourceDate ? ` ${l.sourceDate}` : ''})`
      n++
    }
  }
  if (n === 0) {
    const from = f.seedSource === undefined ? '' : ` from source ${f.seedSource}`
    throw new DragnetError('INVALID_ARGUMENT', `no ${category} labels${from} on ${f.chain} to seed from`, {
      details: { category, source: f.seedSource ?? null, chain: f.chain },
    })
  }
}

function limitsOf(f: BtcTraceFlags, minAmount: bigint): TraceLimits {
  const limits: TraceLimits = { hops: f.hops, minAmount, maxAddresses: f.maxAddresses }
  if (f.fromBlock !== undefined) limits.fromBlock = f.fromBlock
  if (f.toBlock !== undefined) limits.toBlock = f.toBlock
  if (f.fromTime !== undefined) limits.fromTime = BigInt(f.fromTime)
  if (f.toTime !== undefined) limits.toTime = BigInt(f.toTime)
  if (limits.fromBlock !== undefined && limits.toBlock !== undefined && limits.fromBlock > limits.toBlock) {
    throw new DragnetError('INVALID_RANGE', `from block ${limits.fromBlock} is after to block ${limits.toBlock}`)
  }
  return limits
}

/** --min-freeze in satoshi or BTC (`*` for a bare number), else the policy default; --explain's address. */
async function reportOf(minFreeze: readonly string[], explain: string | undefined): Promise<Partial<ReportOptions>> {
  const report: Partial<ReportOptions> = { minFreeze: {}, minFreezeUnits: DEFAULT_MIN_FREEZE_UNITS }
  if (explain !== undefined) report.explain = explain
  for (const text of minFreeze) {
    const m = await parseAmountWithUnit(text, BTC_UNITS, '--min-freeze')
    ;(report.minFreeze as Record<string, bigint>)[m.asset ?? '*'] = m.amount
  }
  return report
}

/** Every stored address -> cluster of the chain (the links' ends are the clustered addresses). */
async function storedClusters(store: ChainStore, chain: string): Promise<Map<string, string>> {
  const links = await store.btc.clusterLinks(chain)
  const members = [...new Set(links.flatMap((l) => [l.a, l.b]))]
  const clusters = members.length === 0 ? new Map<string, string>() : await store.btc.clustersOf(chain, members)
  if (clusters.size === 0) {
    throw new DragnetError('CLUSTER_NOT_FOUND', `--clusters: no stored ${chain} clusters (run dragnet cluster btc)`, {
      details: { chain },
    })
  }
  return clusters
}
