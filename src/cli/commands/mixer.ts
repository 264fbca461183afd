import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { assertKnownChain } from '../../labels/known-chains.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import { linkWithdrawals } from '../../mixer/link-withdrawals.ts'
import {
  DEFAULT_MIN_CONFIDENCE,
  type LinkOptions,
  MIXER_RULES,
  type MixerRule,
  type PoolActivity,
} from '../../mixer/mixer-types.ts'
import { type AssetUnits, summarisePools } from '../../mixer/pool-summary.ts'
import { readPoolActivity } from '../../mixer/read-pool-activity.ts'
import { renderLink, renderPools } from '../../mixer/render-mixer.ts'
import { type ChainStore, openStore } from '../../store/open-store.ts'
import { cliIO } from '../io.ts'
import { openLabelRegistry } from '../label-registry.ts'
import { blockOption, intOption, printJson, resolveDbPath } from '../options.ts'

interface MixerFlags {
  chain: string
  db?: string
  json?: boolean
  fromBlock?: bigint
  toBlock?: bigint
}

interface LinkFlags extends MixerFlags {
  pool?: string
  minConfidence: number
  off: MixerRule[]
  timingWindow?: number
  multiWindow?: number
}

/** `dragnet mixer pools` lists the fixed-denomination pools; `dragnet mixer links` their probable links. */
export function registerMixer(program: Command): void {
  const mixer = program
    .command('mixer')
    .description(
      'Tornado-style mixer pools and the probable links between their deposits and withdrawals (docs/mixers.md)',
    )
  common(mixer.command('pools'))
    .description('The pools recognised in the store: denomination, deposits, withdrawals, current anonymity set')
    .action(async (flags: MixerFlags) => {
      await withActivity(flags, async (activity, units) => {
        const pools = summarisePools(activity, units)
        if (flags.json) printJson({ chain: flags.chain, pools })
        else cliIO().out(renderPools(flags.chain, pools))
      })
    })
  common(mixer.command('links'))
    .description('Probable deposit → withdrawal links, each with its rules, evidence, confidence and anonymity set')
    .option('--pool <address>', 'only links out of this pool', (v: string) => parseAddress(v, '--pool'))
    .option(
      '--min-confidence <x>',
      `links at this confidence or more, in (0, 1] (default ${DEFAULT_MIN_CONFIDENCE})`,
      confidenceOption,
      DEFAULT_MIN_CONFIDENCE,
    )
    .option(
      '--off <rule>',
      `switch a rule off (repeatable or comma-separated): ${MIXER_RULES.join(', ')}`,
      ruleList,
      [],
    )
    .option(
      '--timing-window <seconds>',
      'timing rule: withdrawals this soon after a deposit (default 600)',
      intOption('--timing-window'),
    )
    .option(
      '--multi-window <seconds>',
      'multi-denomination rule: withdrawals this soon after the last deposit (default 86400)',
      intOption('--multi-window'),
    )
    .action((flags: LinkFlags) => withActivity(flags, (activity, units) => printLinks(flags, activity, units)))
}

/** Links the activity with the flags' options and prints them, one write per link. */
async function printLinks(flags: LinkFlags, activity: PoolActivity, units: Map<string, AssetUnits>): Promise<void> {
  if (flags.pool !== undefined && !activity.pools.some((p) => p.address === flags.pool)) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `--pool ${flags.pool} is not a mixer pool recognised on ${flags.chain}`,
      {
        details: { pool: flags.pool, pools: activity.pools.map((p) => p.address) },
      },
    )
  }
  const rules = MIXER_RULES.filter((r) => !flags.off.includes(r))
  const options: Partial<LinkOptions> = { minConfidence: flags.minConfidence, rules: new Set(rules) }
  if (flags.timingWindow !== undefined) options.timingWindowSeconds = flags.timingWindow
  if (flags.multiWindow !== undefined) options.multiDenominationWindowSeconds = flags.multiWindow
  // Every pool is linked (multi-denomination spans pools); --pool only narrows what is shown.
  const links = linkWithdrawals(activity, options).filter((l) => flags.pool === undefined || l.pool === flags.pool)
  if (flags.json) {
    printJson({ chain: flags.chain, minConfidence: flags.minConfidence, rules, links })
    return
  }
  const io = cliIO()
  const pools = new Map(activity.pools.map((p) => [p.address, p]))
  io.out(`${links.length} link${links.length === 1 ? '' : 's'} at confidence ${flags.minConfidence} or more\n`)
  // One write per link: a reader that closes early (| head) stops the output there.
  for (const link of links) io.out(renderLink(link, pools, units))
}

function common(c: Command): Command {
  return c
    .option('--chain <name>', 'chain name in the store', 'ethereum')
    .option(
      '--from-block <n>',
      'read pool events from this block (anonymity sets count only what is read)',
      blockOption('--from-block'),
    )
    .option('--to-block <n>', 'read pool events up to this block', blockOption('--to-block'))
    .option('--db <file|url>', 'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB)')
    .option('--json', 'print as JSON')
}

/** Opens the store and the label registry, reads the chain's pool activity, and hands it on with asset units. */
async function withActivity(
  flags: MixerFlags,
  use: (activity: PoolActivity, units: Map<string, AssetUnits>) => Promise<void>,
): Promise<void> {
  const store = await openStore(resolveDbPath(flags.db), { mustExist: true })
  try {
    const registry = await openLabelRegistry(store)
    try {
      assertKnownChain(flags.chain, await registry.knownChains())
      const labels = new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), flags.chain)
      const window: { fromBlock?: bigint; toBlock?: bigint } = {}
      if (flags.fromBlock !== undefined) window.fromBlock = flags.fromBlock
      if (flags.toBlock !== undefined) window.toBlock = flags.toBlock
      const activity = await readPoolActivity(store, flags.chain, labels, window)
      await use(activity, await assetUnits(store, flags.chain, activity))
    } finally {
      await registry.close()
    }
  } finally {
    await store.close()
  }
}

async function assetUnits(store: ChainStore, chain: string, activity: PoolActivity): Promise<Map<string, AssetUnits>> {
  const units = new Map<string, AssetUnits>([['native', { symbol: 'ETH', decimals: 18 }]])
  const tokens = [...new Set(activity.pools.map((p) => p.asset).filter((a) => a !== 'native'))]
  for (const [address, meta] of await store.getTokens(chain, tokens)) {
    units.set(address.toLowerCase(), { symbol: meta.symbol, decimals: meta.decimals })
  }
  return units
}

/** A confidence in (0, 1], written as a decimal ("0.7", "1"); anything else is INVALID_ARGUMENT. */
function confidenceOption(value: string): number {
  const n = /^(0|1)?(\.\d+)?$/.test(value.trim()) && value.trim() !== '' ? Number(value) : Number.NaN
  if (!(n > 0 && n <= 1)) {
    throw new DragnetError('INVALID_ARGUMENT', `--min-confidence must be a number in (0, 1], got ${value}`, {
      details: { option: '--min-confidence', value },
    })
  }
  return n
}

function ruleList(value: string, previous: MixerRule[]): MixerRule[] {
  const out = [...previous]
  for (const name of value.split(',').filter(Boolean)) {
    if (!(MIXER_RULES as readonly string[]).includes(name)) {
      throw new DragnetError('INVALID_ARGUMENT', `--off: unknown rule ${name}; rules: ${MIXER_RULES.join(', ')}`, {
        details: { option: '--off', value: name, allowed: [...MIXER_RULES] },
      })
    }
    out.push(name as MixerRule)
  }
  return out
}
