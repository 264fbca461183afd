import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { createLogger } from '../../core/logger.ts'
import { type IngestBtcSummary, ingestBtc } from '../../ingest/btc/ingest-btc.ts'
import { terminalProgress } from '../../ingest/progress.ts'
import { BitcoinRpcClient } from '../../sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { BtcFetcher } from '../../sources/bitcoin-rpc/btc-fetcher.ts'
import { openStore } from '../../store/open-store.ts'
import { cliIO } from '../io.ts'
import { blockOption, choiceOption, intOption, printJson, resolveDbPath } from '../options.ts'

interface IngestBtcFlags {
  rpc: string
  rpcUser?: string
  rpcPassword?: string
  rpcCookie?: string
  from: bigint
  to: string
  chain: string
  batch: number
  enrich: 'rpc' | 'store'
  restart?: boolean
  timeout: number
  retries: number
  db?: string
  memoryLimit?: string
  json?: boolean
}

/** `dragnet ingest btc`: a block range of a Bitcoin-like chain from Bitcoin Core, in bitcoin-etl's schema. */
export function registerIngestBtc(program: Command): void {
  const ingest = program.commands.find((c) => c.name() === 'ingest')
  if (!ingest) throw new Error('ingest btc registers under `ingest`: register ingest evm first')
  ingest
    .command('btc')
    .description(
      "Ingest blocks and transactions of Bitcoin (or a fork) from Bitcoin Core's JSON-RPC in bitcoin-etl's schema, " +
        'inputs enriched with the value and address of the outputs they spend. Resumable, idempotent, reorg-aware.',
    )
    .requiredOption('--rpc <url>', 'Bitcoin Core RPC endpoint, e.g. http://127.0.0.1:8332 (credentials never printed)')
    .option('--rpc-user <user>', 'RPC user, when the URL carries none')
    .option('--rpc-password <password>', 'RPC password (prefer --rpc-cookie: a command line is visible to others)')
    .option('--rpc-cookie <path>', "the node's .cookie file (datadir/.cookie), read at start")
    .requiredOption('--from <block>', 'first block height', blockOption('--from'))
    .requiredOption('--to <block>', 'last block height, or "latest"')
    .option('--chain <name>', 'chain name stored with every row', 'bitcoin')
    .option('--batch <n>', 'blocks per store transaction and checkpoint', intOption('--batch', 1, 10_000), 20)
    .option(
      '--enrich <source>',
      'where spent outputs are looked up after the store: rpc (getrawtransaction; needs -txindex for old ones) or store',
      choiceOption('--enrich', ['rpc', 'store'] as const),
      'rpc',
    )
    .option('--restart', 'ignore the checkpoint and fetch the whole range again')
    .option('--timeout <ms>', 'per-request timeout before a retry', intOption('--timeout', 100, 600_000), 60_000)
    .option('--retries <n>', 'retries on timeouts, HTTP 5xx and a node warming up', intOption('--retries', 0, 20), 5)
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit, e.g. 4GB (default $DRAGNET_MEMORY_LIMIT or half the machine's memory)",
    )
    .option('--json', 'print the summary as JSON')
    .action(async (flags: IngestBtcFlags) => {
      const logger = createLogger()
      const client = new BitcoinRpcClient({
        url: flags.rpc,
        user: flags.rpcUser,
        password: flags.rpcPassword,
        cookieFile: flags.rpcCookie,
        logger,
        timeoutMs: flags.timeout,
        retries: flags.retries,
      })
      const fetcher = new BtcFetcher(client)
      const to = flags.to === 'latest' ? await fetcher.blockCount() : parseHeight(flags.to)
      const store = await openStore(resolveDbPath(flags.db), { memoryLimit: flags.memoryLimit })
      try {
        const interactive = cliIO().interactive && !flags.json
        const summary = await ingestBtc({ logger }, store.btc, fetcher, {
          chain: flags.chain,
          from: flags.from,
          to,
          batchSize: flags.batch,
          enrich: flags.enrich,
          restart: flags.restart === true,
          ...(interactive ? { progress: terminalProgress(process.stderr, 'tx') } : {}),
        })
        if (flags.json) printJson({ ...summary, rpc: client.safeUrl })
        else printSummary(summary)
      } finally {
        await store.close()
      }
    })
}

function parseHeight(v: string): bigint {
  if (!/^\d+$/.test(v)) throw new DragnetError('INVALID_ARGUMENT', `--to must be a block height or latest, got ${v}`)
  return BigInt(v)
}

function printSummary(s: IngestBtcSummary): void {
  const e = s.spentOutputs
  const lines = [
    `ingested ${s.chain} blocks ${s.from}-${s.to}${s.resumedFrom !== null ? ` (resumed at ${s.resumedFrom})` : ''}`,
    `  blocks ${s.blocks}  transactions ${s.transactions}  inputs ${s.inputs}  outputs ${s.outputs}`,
    `  spent outputs found: in the batch ${e.fromBatch}, in the store ${e.fromStore}, over RPC ${e.fromRpc}; unknown ${e.unknown}`,
    ...s.reorgs.map((r) => `  reorg: chain replaced above block ${r.forkBlock} (depth ${r.depth})`),
  ]
  if (e.unknown > 0) lines.push('  note: inputs whose spent output is unknown keep a null value, and their fee is null')
  cliIO().out(`${lines.join('\n')}\n`)
}
