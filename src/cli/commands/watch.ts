import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { createLogger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { RegistryEndpointLabels } from '../../labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import { openStore } from '../../store/open-store.ts'
import { loadLabelsFile } from '../../trace/labels-file.ts'
import { MAX_HOPS } from '../../trace/trace-request.ts'
import { TAINT_MODELS, type TaintModel } from '../../trace/trace-types.ts'
import { loadAlertPolicy } from '../../watch/alert-policy.ts'
import { checkNode } from '../../watch/check-node.ts'
import { openTaintWatch } from '../../watch/open-taint-watch.ts'
import type { TaintWatch } from '../../watch/taint-watch.ts'
import { watchTip } from '../../watch/watch-runner.ts'
import { cliIO } from '../io.ts'
import { type LabelRegistry, openLabelRegistry } from '../label-registry.ts'
import { blockOption, choiceOption, intOption, resolveDbPath } from '../options.ts'
import { printWatchEvents } from './watch-output.ts'
import { watchTargetsOf } from './watch-target-flags.ts'

export interface WatchFlags {
  rpc: string
  wsUrl?: string
  heads: 'auto' | 'ws' | 'poll'
  pollInterval: number
  seed: string[]
  fromBlock?: bigint
  model: TaintModel
  hops: number
  incident: string[]
  serverDb?: string
  labels?: string
  policy?: string
  chain: string
  traces: 'auto' | 'debug' | 'parity' | 'none'
  untilBlock?: bigint
  db?: string
  memoryLimit?: string
  json?: boolean
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)]

/** `dragnet watch`: follows the chain head, carries the taint of every watched incident forward, prints alerts. */
export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(
      'Follow a node: store every new block (as `ingest evm` does, through reorgs and the node going away), carry ' +
        'the taint of the watched seeds or incidents forward block by block, and print an alert the moment tainted ' +
        'funds move, reach an exchange or a freezable token balance, a bridge, a mixer or a swap, with a filled-in ' +
        'freeze request. Stops on SIGINT/SIGTERM. See docs/watch.md.',
    )
    .requiredOption('--rpc <url>', 'JSON-RPC endpoint of the node (credentials in the URL are never printed)')
    .option('--ws-url <url>', 'WebSocket endpoint for newHeads (default: the --rpc URL with ws:)')
    .option(
      '--heads <mode>',
      'how new blocks are learnt: auto (newHeads over WebSocket, else polling), ws, poll',
      choiceOption('--heads', ['auto', 'ws', 'poll'] as const),
      'auto',
    )
    .option('--poll-interval <ms>', 'milliseconds between head polls', intOption('--poll-interval', 50, 600_000), 1000)
    .option('--seed <addr|txhash...>', 'seed address or transaction hash (repeatable, or comma-separated)', collect, [])
    .option(
      '--from-block <n>',
      'first block of an ad-hoc watch (default: the earliest seed transaction, else the head)',
      blockOption('--from-block'),
    )
    .option('--model <model>', 'taint model: poison, haircut or fifo', choiceOption('--model', TAINT_MODELS), 'haircut')
    .option('--hops <n>', `transfers to follow from a seed (1-${MAX_HOPS})`, intOption('--hops', 1, MAX_HOPS), 10)
    .option(
      '--incident <id...>',
      'watch this incident of the server state (repeatable; default: every one marked for watching)',
      collect,
      [],
    )
    .option('--server-db <url|dir>', 'server state holding the incidents marked for watching (as `serve --db`)')
    .option('--labels <file>', 'labels file instead of the label registry (as `trace --labels`)')
    .option('--policy <file>', 'alert policy JSON (dragnet.alert-policy/1; default: the shipped policy)')
    .option('--chain <name>', 'chain name in the store', 'ethereum')
    .option(
      '--traces <mode>',
      'internal transfers: auto (callTracer, else trace_block, else none), debug, parity, none',
      choiceOption('--traces', ['auto', 'debug', 'parity', 'none'] as const),
      'auto',
    )
    .option('--until-block <n>', 'stop once this block is stored and watched', blockOption('--until-block'))
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option('--memory-limit <size>', "DuckDB's memory limit, e.g. 4GB")
    .option('--json', 'one JSON alert (dragnet.alert/1) per line on stdout')
    .action(async (flags: WatchFlags) => {
      if (flags.seed.length === 0 && flags.serverDb === undefined && flags.incident.length === 0) {
        throw new DragnetError('INVALID_ARGUMENT', 'watch what? give --seed, or --server-db (and --incident)')
      }
      if (flags.incident.length > 0 && flags.serverDb === undefined) {
        throw new DragnetError('INVALID_ARGUMENT', '--incident needs --server-db: incidents live in the server state')
      }
      const policy = flags.policy === undefined ? loadAlertPolicy() : loadAlertPolicy(flags.policy)
      const logger = createLogger()
      const client = new JsonRpcClient({ url: flags.rpc, logger, retries: 2, timeoutMs: 10_000 })
      const node = await checkNode(client)
      const store = await openStore(resolveDbPath(flags.db), { memoryLimit: flags.memoryLimit })
      let registry: LabelRegistry | undefined
      const ac = new AbortController()
      const stop = () => ac.abort()
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      try {
        const { targets, fromBlock } = await watchTargetsOf(flags, client, node.head)
        registry = await openLabelRegistry(store, { pack: flags.labels === undefined })
        const labels =
          flags.labels === undefined
            ? new RegistryEndpointLabels(await LabelIndex.fromStore(registry.labels), flags.chain)
            : loadLabelsFile(flags.labels, flags.chain)
        // Blocks stored by an earlier run were watched then: a watch starts at the stored tip.
        const tip = await watchTip(store, flags.chain, fromBlock)
        const watches: TaintWatch[] = []
        for (const t of targets) watches.push(await openTaintWatch(store, t, labels, policy, { tip }))
        cliIO().err(
          `dragnet: watching ${targets.map((t) => t.incident).join(', ')} on ${redactUrl(flags.rpc)} (chain id ${node.chainId}, head ${node.head}) from block ${fromBlock}\n`,
        )
        await printWatchEvents(logger, store, client, watches, flags, fromBlock, ac.signal)
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        ac.abort()
        await registry?.close()
        await store.close()
      }
    })
}
