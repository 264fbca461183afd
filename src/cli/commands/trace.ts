import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { chainFamily } from '../../labels/chain-address.ts'
import { assertKnownChain } from '../../labels/known-chains.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import { DEFAULT_MIN_CONFIDENCE, MIXER_RULES, type MixerRule } from '../../mixer/mixer-types.ts'
import { parseDuration, parseWhen } from '../../prices/parse-when.ts'
import { type TraceUsdOptions, traceUsdFor, usdCsvColumns, usdTableParts } from '../../prices/trace-usd.ts'
import type { TraceUsd } from '../../prices/value-trace.ts'
import { type ChainStore, openStore } from '../../store/open-store.ts'
import { loadLabelsFile } from '../../trace/labels-file.ts'
import { renderCsv, renderDot, renderJson } from '../../trace/render/render-formats.ts'
import { renderTable } from '../../trace/render/render-table.ts'
import { parseAmountWithUnit, storeUnits, type UnitLookup } from '../../trace/result/amount-units.ts'
import { explainAddress, renderExplain } from '../../trace/result/explain.ts'
import { runTrace } from '../../trace/run-trace.ts'
import { addProbableLayer, type ThroughMixersOptions } from '../../trace/through-mixers/add-probable-layer.ts'
import { MAX_ADDRESSES, MAX_HOPS, parseSeeds, traceRequest } from '../../trace/trace-request.ts'
import {
  DEFAULT_MIN_FREEZE_UNITS,
  type ReportOptions,
  TAINT_MODELS,
  type TaintModel,
  type TraceDirection,
  type TraceLimits,
  type TraceResult,
} from '../../trace/trace-types.ts'
import { cliIO } from '../io.ts'
import { type LabelRegistry, openLabelRegistry } from '../label-registry.ts'
import { blockOption, choiceOption, intOption, resolveDbPath } from '../options.ts'
import { holdsBtc, traceBtc } from './trace-btc.ts'
import { traceCrossChain } from './trace-cross-chain.ts'
import { addLabelSeeds, type GatheredSeeds, loadSeedsFile } from './trace-seeds.ts'

type Format = 'table' | 'json' | 'dot' | 'csv'

interface TraceFlags {
  memoryLimit?: string
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
  direction: TraceDirection
  asset?: string
  labels?: string
  format: Format
  json?: boolean
  explain?: string
  chain: string
  db?: string
  reindex?: boolean
  usd: 'auto' | 'always' | 'never'
  now?: string
  maxAge: string
  crossChain?: boolean
  btcChain: string
  midgard?: string
  clusters?: boolean
  throughMixers?: boolean
  minConfidence?: number
  mixerRuleOff?: MixerRule[]
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)]

const collectRules = (value: string, previous: MixerRule[] = []) => [
  ...previous,
  ...value
    .split(',')
    .filter(Boolean)
    .map((rule) => choiceOption('--mixer-rule-off', MIXER_RULES)(rule)),
]

/** A confidence in (0, 1], as --min-confidence takes it. */
function confidenceOption(value: string): number {
  const n = Number(value.trim())
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(n > 0 && n <= 1)) {
    throw new DragnetError('INVALID_ARGUMENT', `--min-confidence must be a number in (0, 1], got ${value}`, {
      details: { option: '--min-confidence', value },
    })
  }
  return n
}

/** `dragnet trace`: where the seeds' funds went (or came from), by a stated taint model, with what to freeze where. */
export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(
      'Trace funds from seed addresses and/or transactions through the stored transfers, hop by hop, under a taint ' +
        'model (poison, haircut, FIFO), to where they are now: held, at exchanges (freezable), in issuer-freezable ' +
        'tokens, bridged, mixed, swapped or dark. Reports totals per category and asset, endpoints with paths, and ' +
        'where and why the trace stopped. See docs/trace-format.md and docs/decisions/0003-taint-semantics.md.',
    )
    .option('--seed <addr|txhash...>', 'seed address or transaction hash (repeatable, or comma-separated)', collect, [])
    .option('--seeds <file>', 'seeds from a file: CSV with header seed,note, or a JSON array of {seed, note}')
    .option('--seed-label <category>', 'seed every address the label registry lists under this category')
    .option('--seed-source <source>', 'with --seed-label: only labels of this source (e.g. fbi-psa250226)')
    .option(
      '--seed-outflows',
      'seed addresses by what they sent in the window (the default only for a seed that received nothing)',
    )
    .option('--from-block <n>', 'start block: transfers before it are not read', blockOption('--from-block'))
    .option('--to-block <n>', 'end block: transfers after it are not read', blockOption('--to-block'))
    .option('--from-time <unix>', 'read transfers at or after this unix time', intOption('--from-time'))
    .option('--to-time <unix>', 'read transfers at or before this unix time', intOption('--to-time'))
    .option('--model <model>', 'taint model: poison, haircut or fifo', choiceOption('--model', TAINT_MODELS), 'haircut')
    .option('--hops <n>', `transfers to follow from a seed (1-${MAX_HOPS})`, intOption('--hops', 1, MAX_HOPS), 10)
    .option(
      '--min <amount>',
      'do not follow transfers below this amount: base units of every asset (12345), or of one asset (0.1ETH, 1000USDC)',
      '0',
    )
    .option(
      '--min-freeze <amount...>',
      `leave shares below this amount out of the freeze list and endpoints (0.1ETH, 1000USDC, or base units of every ` +
        `asset; repeatable; default ${DEFAULT_MIN_FREEZE_UNITS} of a whole unit of each asset, 0 for none)`,
      collect,
      [],
    )
    .option(
      '--max-addresses <n>',
      `follow at most this many addresses (1-${MAX_ADDRESSES})`,
      intOption('--max-addresses', 1, MAX_ADDRESSES),
      100_000,
    )
    .option(
      '--direction <dir>',
      'forward (where it went) or backward (where it came from)',
      choiceOption('--direction', ['forward', 'backward'] as const),
      'forward',
    )
    .option('--asset <asset>', "seed only this asset: 'native' or a token address")
    .option(
      '--labels <file>',
      'labels file instead of the label registry: CSV with a header as `labels import --format csv` reads ' +
        '(address,label,category,source,...; or address,category,name), or a JSON array of the same fields',
    )
    .option(
      '--format <format>',
      'table, json, dot or csv',
      choiceOption('--format', ['table', 'json', 'dot', 'csv'] as const),
      'table',
    )
    .option('--json', 'same as --format json')
    .option('--explain <addr>', 'explain the paths and transactions that carried taint to this address')
    .option('--chain <name>', 'chain name in the store', 'ethereum')
    .option('--reindex', 'rebuild the trace index even if it looks current')
    .option(
      '--usd <when>',
      'USD values from the stored prices: auto (when the store has prices for the traced assets), always, never',
      choiceOption('--usd', ['auto', 'always', 'never'] as const),
      'auto',
    )
    .option('--now <time>', 'the time USD values "now" are taken at (unix, YYYY-MM-DD or ISO UTC; default: now)')
    .option('--max-age <duration>', 'for USD values, a price older than this is no price (36h, 2d)', '2d')
    .option(
      '--cross-chain',
      'follow THORChain swaps from the bridge endpoints onto the other chain (docs/bitcoin.md): a leg per chain, ' +
        'and each crossing with its tainted share (table or json)',
    )
    .option('--btc-chain <name>', "with --cross-chain: Bitcoin's chain name in the store", 'bitcoin')
    .option('--midgard <file>', 'with --cross-chain: a Midgard /v2/actions export naming outbounds the data lacks')
    .option(
      '--clusters',
      'on a UTXO chain (bitcoin): endpoints per stored cluster (dragnet cluster btc); an unlabelled address takes ' +
        "its cluster's labels",
    )
    .option(
      '--through-mixers',
      'past Tornado-style mixer pools, follow the probable deposit -> withdrawal links (docs/trace-format.md, ' +
        '"Past mixers") as a separate probable layer whose amounts never enter the totals or the freeze list; ' +
        'forward EVM traces only: refused with --cross-chain, --direction backward and on a UTXO chain',
    )
    .option(
      '--min-confidence <x>',
      `with --through-mixers: follow links of at least this confidence, in (0, 1] (default ${DEFAULT_MIN_CONFIDENCE})`,
      confidenceOption,
    )
    .option(
      '--mixer-rule-off <rule...>',
      `with --through-mixers: switch a linking rule off (${MIXER_RULES.join(', ')}; repeatable)`,
      collectRules,
    )
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit, e.g. 4GB (default $DRAGNET_MEMORY_LIMIT or half the machine's memory)",
    )
    .action(async (flags: TraceFlags) => {
      const mixers = throughMixersOf(flags)
      if (await traceUtxoChain(flags)) return
      const usdOpts = usdOptions(flags)
      if (flags.seed.length === 0 && flags.seeds === undefined && flags.seedLabel === undefined) {
        throw new DragnetError('INVALID_ARGUMENT', 'at least one of --seed, --seeds or --seed-label is required')
      }
      if (flags.seedSource !== undefined && flags.seedLabel === undefined) {
        throw new DragnetError('INVALID_ARGUMENT', '--seed-source needs --seed-label')
      }
      const seeds = flags.seed.length > 0 ? parseSeeds(flags.seed) : { addresses: [], txs: [] }
      const gathered: GatheredSeeds = { ...seeds, notes: {} }
      if (flags.seeds !== undefined) loadSeedsFile(flags.seeds, gathered)
      const explain = flags.explain === undefined ? undefined : parseAddress(flags.explain, '--explain')
      const asset =
        flags.asset === undefined || flags.asset === 'native' ? flags.asset : parseAddress(flags.asset, '--asset')
      const limits: Partial<TraceLimits> = { hops: flags.hops, maxAddresses: flags.maxAddresses }
      if (flags.fromBlock !== undefined) limits.fromBlock = flags.fromBlock
      if (flags.toBlock !== undefined) limits.toBlock = flags.toBlock
      if (flags.fromTime !== undefined) limits.fromTime = BigInt(flags.fromTime)
      if (flags.toTime !== undefined) limits.toTime = BigInt(flags.toTime)
      const options = {
        model: flags.model,
        direction: flags.direction,
        limits,
        ...(asset === undefined ? {} : { asset }),
      }
      const store = await openStore(resolveDbPath(flags.db), { mustExist: true, memoryLimit: flags.memoryLimit })
      let registry: LabelRegistry | undefined
      try {
        if (flags.usd === 'always' && store.kind !== 'duckdb') {
          throw new DragnetError('STORE_KIND_UNSUPPORTED', '--usd always: prices live in a DuckDB store only', {
            details: { store: store.kind },
          })
        }
        // The shipped pack is loaded only when the registry is read: a --labels file alone leaves the store as it is.
        registry = await openLabelRegistry(store, { pack: flags.labels === undefined || flags.seedLabel !== undefined })
        assertKnownChain(flags.chain, await registry.knownChains())
        const units = storeUnits(store, flags.chain)
        const labels =
          flags.labels === undefined
            ? new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), flags.chain)
            : loadLabelsFile(flags.labels, flags.chain)
        if (flags.seedLabel !== undefined) {
          await addLabelSeeds(registry.labels, flags.chain, flags.seedLabel, flags.seedSource, gathered)
        }
        const request = traceRequest(flags.chain, gathered, options)
        if (Object.keys(gathered.notes).length > 0) request.seedNotes = gathered.notes
        if (flags.seedOutflows) request.seedOutflows = true
        if (flags.reindex) request.reindex = true
        const min = await parseAmountWithUnit(flags.min, units, '--min')
        request.limits.minAmount = min.amount
        if (min.asset !== null) request.limits.minAsset = min.asset
        request.report = await reportOptions(flags.minFreeze, units, explain)
        if (mixers) request.report.arrivalsOf = ['mixer']
        const format: Format = flags.json ? 'json' : flags.format
        const io = cliIO()
        if (flags.crossChain) {
          if (format !== 'table' && format !== 'json') {
            throw new DragnetError('INVALID_ARGUMENT', '--cross-chain renders as table or json')
          }
          // The Bitcoin leg reads the labels of the Bitcoin chain, from the same registry or file.
          const btcLabels =
            flags.labels === undefined
              ? new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), flags.btcChain)
              : loadLabelsFile(flags.labels, flags.btcChain)
          io.out(await traceCrossChain(store, request, labels, flags, format, btcLabels))
          return
        }
        const exact = await runTrace(store, request, labels)
        const result = mixers ? await addProbableLayer(store, request, labels, exact, mixers) : exact
        if (explain !== undefined) {
          const x = explainAddress(result, explain)
          io.out(format === 'json' ? renderJson(x) : renderExplain(result, x))
          return
        }
        const usd = format === 'dot' ? undefined : await usdOf(store, result, usdOpts)
        if (format === 'json') io.out(renderJson(usd ? { ...result, usd } : result))
        else if (format === 'dot') io.out(renderDot(result))
        else if (format === 'csv') io.out(renderCsv(result, usd && usdCsvColumns(usd), { layers: mixers !== null }))
        else io.out(renderTable(result, 10, usd && usdTableParts(result, usd)))
      } finally {
        await registry?.close()
        await store.close()
      }
    })
}

/**
 * A chain whose data is in the btc tables (bitcoin, or any name they hold) is traced by the UTXO engine
 * (trace-btc.ts); an EVM chain name is not looked up. Returns whether it ran.
 */
async function traceUtxoChain(flags: TraceFlags): Promise<boolean> {
  if (chainFamily(flags.chain) === 'evm') return false
  const refuse = () => {
    if (flags.throughMixers) {
      throw new DragnetError(
        'INVALID_ARGUMENT',
        `--through-mixers: ${flags.chain} is a UTXO chain; mixer pools are on EVM chains`,
      )
    }
  }
  const store = await openStore(resolveDbPath(flags.db), { mustExist: true, memoryLimit: flags.memoryLimit })
  let registry: LabelRegistry | undefined
  try {
    const held = await holdsBtc(store, flags.chain)
    if (!held && chainFamily(flags.chain) !== 'bitcoin') return false
    refuse()
    registry = await openLabelRegistry(store, { pack: flags.labels === undefined || flags.seedLabel !== undefined })
    if (!held) assertKnownChain(flags.chain, await registry.knownChains())
    cliIO().out(await traceBtc(store, registry, flags))
    return true
  } finally {
    await registry?.close()
    await store.close()
  }
}

/**
 * --through-mixers and its options as the probable layer's, or null without it. Its options alone, or with a trace
 * it cannot apply to (across chains, backward), are refused.
 */
function throughMixersOf(flags: TraceFlags): ThroughMixersOptions | null {
  if (!flags.throughMixers) {
    if (flags.minConfidence !== undefined || flags.mixerRuleOff !== undefined) {
      throw new DragnetError('INVALID_ARGUMENT', '--min-confidence and --mixer-rule-off need --through-mixers')
    }
    return null
  }
  if (flags.crossChain) {
    throw new DragnetError('INVALID_ARGUMENT', '--through-mixers cannot be combined with --cross-chain')
  }
  if (flags.direction !== 'forward') {
    throw new DragnetError('INVALID_ARGUMENT', '--through-mixers follows mixers forward only, not --direction backward')
  }
  const off = new Set(flags.mixerRuleOff ?? [])
  return {
    minConfidence: flags.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
    rules: new Set(MIXER_RULES.filter((r) => !off.has(r))),
  }
}

/** The report's minimum shares: each --min-freeze by its asset (`*` for base units), else the policy default. */
async function reportOptions(
  minFreeze: readonly string[],
  units: UnitLookup,
  explain: string | undefined,
): Promise<Partial<ReportOptions>> {
  const report: Partial<ReportOptions> = { minFreeze: {}, minFreezeUnits: DEFAULT_MIN_FREEZE_UNITS }
  if (explain !== undefined) report.explain = explain
  for (const text of minFreeze) {
    const m = await parseAmountWithUnit(text, units, '--min-freeze')
    ;(report.minFreeze as Record<string, bigint>)[m.asset ?? '*'] = m.amount
  }
  return report
}

/** --usd, --now and --max-age as the USD valuation's options. */
function usdOptions(flags: TraceFlags): TraceUsdOptions {
  return {
    ...(flags.usd === 'auto' ? {} : { usd: flags.usd === 'always' }),
    ...(flags.now === undefined ? {} : { now: parseWhen(flags.now, '--now') }),
    maxAgeSeconds: parseDuration(flags.maxAge, '--max-age'),
  }
}

/** USD values from the store's prices: DuckDB holds them; a PostgreSQL store has none (--usd always is refused). */
async function usdOf(store: ChainStore, result: TraceResult, options: TraceUsdOptions): Promise<TraceUsd | undefined> {
  return store.kind === 'duckdb' ? await traceUsdFor(store.connection, result, options) : undefined
}
