import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { createLogger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import { ENTITIES, type Entity, type IngestSummary, ingestEvm } from '../../ingest/ingest-evm.ts'
import { terminalProgress } from '../../ingest/progress.ts'
import { checkFeeds } from '../../prices/chainlink-reader.ts'
import { DuckDbPriceStore } from '../../prices/duckdb-price-store.ts'
import { feedSummaryLine, feedsFor, ingestPriceFeeds } from '../../prices/ingest-price-feeds.ts'
import { loadPriceFeeds } from '../../prices/price-feeds.ts'
import { EvmFetcher } from '../../sources/evm-rpc/evm-fetcher.ts'
import { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import { readTokenMetadata } from '../../sources/evm-rpc/token-metadata.ts'
import { openStore, requireDuckDbPath } from '../../store/open-store.ts'
import { cliIO } from '../io.ts'
import { choiceOption, intOption, printJson, resolveDbPath } from '../options.ts'

interface IngestEvmFlags {
  memoryLimit?: string
  rpc: string
  from: string
  to: string
  chain: string
  traces: 'auto' | 'debug' | 'parity' | 'none'
  concurrency: number
  batchSize: number
  only?: string
  restart?: boolean
  timeout: number
  retries: number
  wrappedNative: string[]
  priceFeeds?: string
  db?: string
  json?: boolean
}

/** `dragnet ingest evm`: a block range from a node into the store. */
export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('Ingest chain data from a node into the store')
  ingest
    .command('evm')
    .description(
      'Ingest blocks, transactions, receipts, logs, token transfers and traces of an EVM chain over JSON-RPC, ' +
        'and derive exact transfers (native, internal, ERC-20, WETH wrap/unwrap). Resumable, idempotent, reorg-aware.',
    )
    .requiredOption('--rpc <url>', 'JSON-RPC endpoint of the node (credentials in the URL are never printed)')
    .requiredOption('--from <block>', 'first block (decimal or 0x-hex)')
    .requiredOption('--to <block>', 'last block, or "latest"')
    .option('--chain <name>', 'chain name stored with every row', 'ethereum')
    .option(
      '--traces <mode>',
      'internal transfers: auto (callTracer, else trace_block, else none), debug, parity, none',
      choiceOption('--traces', ['auto', 'debug', 'parity', 'none'] as const),
      'auto',
    )
    .option('--concurrency <k>', 'blocks fetched at once', intOption('--concurrency', 1, 64), 4)
    .option('--batch-size <n>', 'blocks per store transaction and checkpoint', intOption('--batch-size', 1, 10_000), 50)
    .option('--only <entities>', `fetch only these, comma-separated: ${ENTITIES.join(', ')}`)
    .option('--restart', 'ignore the checkpoint and fetch the whole range again')
    .option('--timeout <ms>', 'per-request timeout before a retry', intOption('--timeout', 100, 600_000), 30_000)
    .option('--retries <n>', 'retries on timeouts, HTTP 429 and 5xx', intOption('--retries', 0, 20), 5)
    .option(
      '--wrapped-native <address>',
      'a wrapped native token (WETH-like) whose Deposit/Withdrawal become transfers; repeatable',
      (v: string, acc: string[]) => [...acc, parseAddress(v, '--wrapped-native')],
      [] as string[],
    )
    .option(
      '--price-feeds <file>',
      'also read USD prices from these Chainlink feeds over the range (dragnet.price-feeds/1 JSON; docs/prices.md)',
    )
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit, e.g. 4GB (default $DRAGNET_MEMORY_LIMIT or half the machine's memory)",
    )
    .option('--json', 'print the summary as JSON')
    .action(async (flags: IngestEvmFlags) => {
      const logger = createLogger()
      const entities = parseEntities(flags.only)
      const from = parseBlock(flags.from, '--from')
      const client = new JsonRpcClient({ url: flags.rpc, logger, timeoutMs: flags.timeout, retries: flags.retries })
      const feeds = flags.priceFeeds === undefined ? [] : feedsFor(loadPriceFeeds(flags.priceFeeds), flags.chain)
      if (flags.priceFeeds !== undefined && feeds.length === 0) {
        throw new DragnetError('INVALID_ARGUMENT', `${flags.priceFeeds} lists no feed for chain ${flags.chain}`)
      }
      const db = resolveDbPath(flags.db)
      // Prices live in DuckDB only: refused before the node is asked anything.
      if (feeds.length > 0) requireDuckDbPath(db, 'ingest evm --price-feeds')
      await checkFeeds(client, feeds)
      const store = await openStore(db, { memoryLimit: flags.memoryLimit })
      try {
        if (flags.wrappedNative.length > 0) {
          // Read symbol, name and decimals now: a registered token counts as known, so ingest never reads them later.
          const meta = await readTokenMetadata(client, flags.chain, flags.wrappedNative)
          await store.putTokens(meta.map((m) => ({ ...m, decimals: m.decimals ?? 18, wrappedNative: true })))
        }
        const to =
          flags.to === 'latest'
            ? await new EvmFetcher(client, { logger, traces: 'none' }).latestBlock()
            : parseBlock(flags.to, '--to')
        const interactive = cliIO().interactive && !flags.json
        const summary = await ingestEvm({ logger }, store, client, {
          chain: flags.chain,
          from,
          to,
          traces: flags.traces,
          concurrency: flags.concurrency,
          batchSize: flags.batchSize,
          entities,
          restart: flags.restart === true,
          ...(interactive ? { progress: terminalProgress(process.stderr) } : {}),
        })
        const priceFeeds =
          feeds.length === 0 || store.kind !== 'duckdb'
            ? undefined
            : await ingestPriceFeeds(new DuckDbPriceStore(store.connection), client, flags.chain, feeds, { from, to })
        if (flags.json) printJson({ ...summary, ...(priceFeeds ? { priceFeeds } : {}), rpc: redactUrl(flags.rpc) })
        else {
          printSummary(summary)
          for (const f of priceFeeds ?? []) cliIO().out(feedSummaryLine(f))
        }
      } finally {
        await store.close()
      }
    })
}

function parseEntities(only: string | undefined): Set<Entity> {
  if (only === undefined) return new Set(ENTITIES)
  const set = new Set<Entity>()
  for (const part of only.split(',').map((s) => s.trim())) {
    if (!(ENTITIES as readonly string[]).includes(part)) {
      throw new DragnetError('INVALID_ARGUMENT', `--only takes ${ENTITIES.join(', ')}; got ${part}`)
    }
    set.add(part as Entity)
  }
  if (set.has('receipts') && !set.has('blocks')) {
    throw new DragnetError('INVALID_ARGUMENT', '--only receipts needs blocks too (receipts are matched to the block)')
  }
  return set
}

function parseBlock(v: string, name: string): bigint {
  if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(v))
    throw new DragnetError('INVALID_ARGUMENT', `${name} must be a block number, got ${v}`)
  return BigInt(v)
}

function printSummary(s: IngestSummary): void {
  const lines = [
    `ingested ${s.chain} blocks ${s.from}-${s.to}${s.resumedFrom !== null ? ` (resumed at ${s.resumedFrom})` : ''}`,
    `  blocks ${s.blocks}  transactions ${s.transactions}  logs ${s.logs}  token transfers ${s.tokenTransfers}  traces ${s.traces}`,
    `  transfers derived ${s.transfers}`,
    `  receipts from ${s.receiptSource ?? '-'}; traces from ${s.traceSource ?? '-'}`,
    ...s.reorgs.map((r) => `  reorg: chain replaced above block ${r.forkBlock} (depth ${r.depth})`),
    ...s.notes.map((n) => `  note: ${n}`),
  ]
  cliIO().out(`${lines.join('\n')}\n`)
}
