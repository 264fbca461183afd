import type { Command } from 'commander'
import { CHANGE_RULES } from '../../cluster/change-rules.ts'
import { AddressClusterer, type ClusterResult, type ClusterRuleName } from '../../cluster/cluster-addresses.ts'
import { clusterLabels } from '../../cluster/cluster-labels.ts'
import { DragnetError } from '../../core/errors.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import { openStore } from '../../store/open-store.ts'
import { cliIO } from '../io.ts'
import { openLabelRegistry } from '../label-registry.ts'
import { printJson, resolveDbPath } from '../options.ts'

export const CLUSTER_RULES: readonly ClusterRuleName[] = ['multi-input', ...CHANGE_RULES.map((r) => r.name)]

interface ClusterFlags {
  chain: string
  off: string[]
  db?: string
  json?: boolean
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)]

/** `dragnet cluster btc` builds and stores address clusters; `dragnet cluster show` tells one address's. */
export function registerCluster(program: Command): void {
  const cluster = program
    .command('cluster')
    .description('Bitcoin address clusters: who owns which addresses, by named rules that skip CoinJoins')
  cluster
    .command('btc')
    .description(
      'Cluster the stored Bitcoin transactions (multi-input and change rules, CoinJoins skipped) and store the ' +
        'clusters with the links each rule made, replacing those stored before (docs/bitcoin.md)',
    )
    .option('--chain <name>', 'the UTXO chain in the store', 'bitcoin')
    .option(
      `--off <rule>`,
      `switch a rule off (repeatable or comma-separated): ${CLUSTER_RULES.join(', ')}`,
      collect,
      [],
    )
    .option('--db <file|url>', 'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: ClusterFlags) => {
      const rules = ruleSwitches(flags.off)
      const store = await openStore(resolveDbPath(flags.db))
      try {
        const c = new AddressClusterer({ chain: flags.chain, rules })
        let txs = 0
        for await (const batch of store.btc.readBtcTransactions(flags.chain, { batchSize: 5_000 })) {
          for (const tx of batch) c.add(tx)
          txs += batch.length
        }
        if (txs === 0) throw new DragnetError('CHAIN_UNKNOWN', `the store holds no ${flags.chain} transactions`)
        const result = c.result()
        await store.btc.replaceClusters(flags.chain, result.links, result.assignments)
        const summary = clusterSummary(flags.chain, txs, result, rules)
        if (flags.json) printJson(summary)
        else cliIO().out(renderSummary(summary))
      } finally {
        await store.close()
      }
    })
  cluster
    .command('show <address>')
    .description("An address's cluster: its members with their labels, and every link with its rule and transaction")
    .option('--chain <name>', 'the UTXO chain in the store', 'bitcoin')
    .option('--db <file|url>', 'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB)')
    .option('--json', 'print as JSON')
    .action(async (address: string, flags: Omit<ClusterFlags, 'off'>) => {
      const store = await openStore(resolveDbPath(flags.db))
      const registry = await openLabelRegistry(store)
      try {
        const of = await store.btc.clustersOf(flags.chain, [address])
        const id = of.get(address)
        if (id === undefined) {
          throw new DragnetError(
            'CLUSTER_NOT_FOUND',
            `${address} is in no stored ${flags.chain} cluster (run dragnet cluster btc)`,
          )
        }
        const links = await clusterMembersLinks(store.btc, flags.chain, address)
        const members = [...new Set(links.flatMap((l) => [l.a, l.b]))].sort()
        const labels = new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), flags.chain)
        const named = clusterLabels(new Map(members.map((m) => [m, id])), (a) => labels.get(a))
        const view = {
          chain: flags.chain,
          address,
          cluster: id,
          name: named.nameOf(id),
          members: members.map((m) => ({ address: m, labels: labels.get(m) })),
          links,
        }
        if (flags.json) printJson(view)
        else cliIO().out(renderShow(view))
      } finally {
        await registry.close()
        await store.close()
      }
    })
}

function ruleSwitches(off: readonly string[]): Partial<Record<ClusterRuleName, boolean>> {
  const rules: Partial<Record<ClusterRuleName, boolean>> = {}
  for (const name of off) {
    if (!(CLUSTER_RULES as readonly string[]).includes(name)) {
      throw new DragnetError('INVALID_ARGUMENT', `--off: unknown rule ${name}; rules: ${CLUSTER_RULES.join(', ')}`)
    }
    rules[name as ClusterRuleName] = false
  }
  return rules
}

/** Every link of the address's cluster: links are followed from the address until no new member appears. */
async function clusterMembersLinks(
  btc: Awaited<ReturnType<typeof openStore>>['btc'],
  chain: string,
  address: string,
): Promise<Awaited<ReturnType<typeof btc.clusterLinks>>> {
  const seen = new Set([address])
  const byKey = new Map<string, Awaited<ReturnType<typeof btc.clusterLinks>>[number]>()
  let frontier = [address]
  while (frontier.length > 0) {
    const links = await btc.clusterLinks(chain, frontier)
    frontier = []
    for (const l of links) {
      byKey.set(`${l.a}|${l.b}|${l.rule}|${l.tx}`, l)
      for (const m of [l.a, l.b]) {
        if (seen.has(m)) continue
        seen.add(m)
        frontier.push(m)
      }
    }
  }
  return [...byKey.values()].sort((x, y) => (x.a + x.b + x.rule).localeCompare(y.a + y.b + y.rule))
}

interface ClusterSummary {
  chain: string
  transactions: number
  addressesClustered: number
  clusters: number
  largest: { cluster: string; members: number } | null
  linksByRule: Record<string, number>
  rulesOff: string[]
  coinjoins: Record<string, number>
}

function clusterSummary(
  chain: string,
  transactions: number,
  r: ClusterResult,
  rules: Partial<Record<ClusterRuleName, boolean>>,
): ClusterSummary {
  const sizes = new Map<string, number>()
  for (const a of r.assignments) sizes.set(a.cluster, (sizes.get(a.cluster) ?? 0) + 1)
  let largest: ClusterSummary['largest'] = null
  for (const [cluster, members] of sizes) {
    if (largest === null || members > largest.members) largest = { cluster, members }
  }
  const linksByRule: Record<string, number> = {}
  for (const name of CLUSTER_RULES) if (rules[name] !== false) linksByRule[name] = 0
  for (const l of r.links) linksByRule[l.rule] = (linksByRule[l.rule] ?? 0) + 1
  const coinjoins: Record<string, number> = {}
  for (const c of r.coinjoins) coinjoins[c.shape] = (coinjoins[c.shape] ?? 0) + 1
  return {
    chain,
    transactions,
    addressesClustered: r.assignments.length,
    clusters: sizes.size,
    largest,
    linksByRule,
    rulesOff: Object.keys(rules),
    coinjoins,
  }
}

function renderSummary(s: ClusterSummary): string {
  const lines = [
    `clustered ${s.chain}: ${s.transactions} transactions, ${s.addressesClustered} addresses in ${s.clusters} cluster${s.clusters === 1 ? '' : 's'}`,
  ]
  if (s.largest) lines.push(`  largest cluster ${s.largest.cluster} with ${s.largest.members} addresses`)
  lines.push(
    `  links by rule: ${Object.entries(s.linksByRule)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  )
  if (s.rulesOff.length > 0) lines.push(`  rules off: ${s.rulesOff.join(', ')}`)
  const cj = Object.entries(s.coinjoins)
  lines.push(`  CoinJoins skipped: ${cj.length === 0 ? 'none' : cj.map(([k, v]) => `${k} ${v}`).join(', ')}`)
  return `${lines.join('\n')}\n`
}

function renderShow(v: {
  address: string
  cluster: string
  name: string | null
  members: { address: string; labels: readonly { category: string; name: string }[] }[]
  links: { a: string; b: string; rule: string; confidence: number; tx: string }[]
}): string {
  const lines = [
    `${v.address} is in cluster ${v.cluster}${v.name ? ` (${v.name})` : ''}, ${v.members.length} addresses`,
  ]
  for (const m of v.members) {
    const l = m.labels.map((x) => `${x.category}: ${x.name}`).join('; ')
    lines.push(`  ${m.address}${l ? `  [${l}]` : ''}`)
  }
  lines.push('links (rule, confidence, transaction):')
  for (const l of v.links) lines.push(`  ${l.a} - ${l.b}  ${l.rule} ${l.confidence}  ${l.tx}`)
  return `${lines.join('\n')}\n`
}
