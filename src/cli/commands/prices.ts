import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { type Hex, hexToBigInt } from 'viem'
import { parseUnits } from '../../core/amount.ts'
import { DragnetError } from '../../core/errors.ts'
import { parseAddress } from '../../core/hex.ts'
import { createLogger } from '../../core/logger.ts'
import { redactUrl } from '../../core/redact.ts'
import { checkFeeds } from '../../prices/chainlink-reader.ts'
import { DuckDbPriceStore } from '../../prices/duckdb-price-store.ts'
import { duckDbSymbolResolver, importPriceCsv } from '../../prices/import-prices.ts'
import { feedSummaryLine, feedsFor, ingestPriceFeeds } from '../../prices/ingest-price-feeds.ts'
import { nowSeconds, parseDuration, parseWhen } from '../../prices/parse-when.ts'
import { loadPriceFeeds } from '../../prices/price-feeds.ts'
import { DEFAULT_MAX_AGE_SECONDS, isoTime, type PricePoint } from '../../prices/price-types.ts'
import { decimalToString, USD_ROUNDING } from '../../prices/usd.ts'
import { missingText, priceUsed, valueAt } from '../../prices/valuation.ts'
import { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import { type DuckDbStore, openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { cliIO } from '../io.ts'
import { blockOption, intOption, printJson, resolveDuckDbPath } from '../options.ts'

interface Common {
  db?: string
  json?: boolean
}

async function withStore<T>(
  db: string | undefined,
  fn: (s: DuckDbStore, p: DuckDbPriceStore) => Promise<T>,
  options: { mustExist?: boolean } = {},
) {
  const path = resolveDuckDbPath(db, 'prices')
  if (options.mustExist && path !== ':memory:' && !existsSync(path)) {
    throw new DragnetError('FILE_NOT_FOUND', `no store at ${path}: import prices first, or pass --db`, {
      details: { path },
    })
  }
  const store = await openDuckDbStore(path)
  try {
    return await fn(store, new DuckDbPriceStore(store.connection))
  } finally {
    await store.close()
  }
}

const assetArg = (v: string) => (v === 'native' ? v : parseAddress(v, '--asset'))
const day = (t: bigint) => isoTime(t)

function registerImport(prices: Command): void {
  prices
    .command('import')
    .description(
      'Import USD prices from a CSV with columns date,chain,asset,price_usd (docs/prices.md). The whole file is ' +
        'checked before anything is stored; a bad row fails with PRICES_MALFORMED naming its line. Rows replace ' +
        'the same source, asset and date.',
    )
    .argument('<file>', 'the price CSV')
    .option('--source <name>', 'source name the prices are stored under, as csv:<name> (default: file name)')
    .option('--db <path>', 'store file (default: $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: Common & { source?: string }) => {
      const r = await withStore(o.db, (s, p) =>
        importPriceCsv(p, duckDbSymbolResolver(s.connection), file, o.source ? { source: o.source } : {}),
      )
      if (o.json) return printJson(r)
      const io = cliIO()
      io.out(`${r.source}: ${r.rows} price rows from ${r.file}\n`)
      for (const a of r.assets) {
        io.out(
          `  ${a.chain} ${a.asset}${a.symbol ? ` (${a.symbol})` : ''}: ${a.points} rows, ${day(a.first)} .. ${day(a.last)}\n`,
        )
      }
    })
}

function registerShow(prices: Command): void {
  prices
    .command('show')
    .description('List the stored price series (chain, asset, source, span), or with --asset every price of one asset.')
    .option('--chain <name>', 'chain (with --asset)', 'ethereum')
    .option('--asset <asset>', "'native' or a token address: list its prices", assetArg)
    .option('--from <time>', 'with --asset: from this time (unix, YYYY-MM-DD or ISO UTC)')
    .option('--to <time>', 'with --asset: up to this time')
    .option('--db <path>', 'store file')
    .option('--json', 'print as JSON')
    .action(async (o: Common & { chain: string; asset?: string; from?: string; to?: string }) => {
      const io = cliIO()
      if (o.asset === undefined) {
        const list = await withStore(o.db, (_s, p) => p.summary(), { mustExist: true })
        if (o.json) return printJson({ series: list })
        if (list.length === 0)
          return io.out('no prices in the store: dragnet prices import FILE, or ingest --price-feeds\n')
        for (const s of list) {
          io.out(
            `${s.chain}\t${s.asset}${s.symbol ? ` (${s.symbol})` : ''}\t${s.source}\t${s.points} prices\t${day(s.first)} .. ${day(s.last)}\n`,
          )
        }
        return
      }
      const range = {
        ...(o.from === undefined ? {} : { from: parseWhen(o.from, '--from') }),
        ...(o.to === undefined ? {} : { to: parseWhen(o.to, '--to') }),
      }
      const asset = o.asset
      const points = await withStore(o.db, (_s, p) => p.points(o.chain, asset, range), { mustExist: true })
      if (o.json) return printJson({ chain: o.chain, asset, prices: points.map(priceUsed) })
      if (points.length === 0) return io.out(`no prices for ${asset} on ${o.chain}\n`)
      for (const p of points) io.out(pointLine(p))
    })
}

function pointLine(p: PricePoint): string {
  const extra = [p.roundId ? `round ${p.roundId}` : '', p.block !== null ? `block ${p.block}` : ''].filter(Boolean)
  return `${isoTime(p.time)}\t${decimalToString(p.price)} USD\t${p.source}${extra.length ? `\t${extra.join(', ')}` : ''}\n`
}

interface ValueFlags extends Common {
  chain: string
  asset: string
  amount: string
  baseUnits?: boolean
  decimals?: string
  at?: string
  block?: string
  maxAge: string
}

function registerValue(prices: Command): void {
  prices
    .command('value')
    .description(
      'The USD value of an amount of an asset at a time (the latest price at or before it, within --max-age), ' +
        `exact, and for people ${USD_ROUNDING}.`,
    )
    .requiredOption('--asset <asset>', "'native' or a token address", assetArg)
    .requiredOption('--amount <amount>', 'amount in whole units (1.5), or base units with --base-units')
    .option('--chain <name>', 'chain', 'ethereum')
    .option('--base-units', '--amount is in base units (wei)')
    .option('--decimals <n>', "the asset's decimals (default: 18 for native, else the stored token's)")
    .option('--at <time>', 'unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: now)')
    .option('--block <n>', 'at the time of this stored block')
    .option(
      '--max-age <duration>',
      'a price older than this is no price (e.g. 36h, 2d)',
      `${DEFAULT_MAX_AGE_SECONDS / 86_400}d`,
    )
    .option('--db <path>', 'store file')
    .option('--json', 'print as JSON')
    .action(async (o: ValueFlags) => {
      const maxAge = parseDuration(o.maxAge, '--max-age')
      // Checked before the store is opened, so a typo costs nothing.
      if (o.at !== undefined && o.block !== undefined) {
        throw new DragnetError('INVALID_ARGUMENT', 'give --at or --block, not both')
      }
      const result = await withStore(
        o.db,
        async (s, p) => {
          const decimals = await decimalsOf(s, o)
          const amount = o.baseUnits ? parseBase(o.amount) : parseUnits(o.amount, decimals)
          const time =
            o.block !== undefined ? await blockTime(s, o.chain, o.block) : o.at ? parseWhen(o.at, '--at') : nowSeconds()
          const v = valueAt(amount, decimals, await p.priceAt(o.chain, o.asset, time, maxAge))
          return {
            chain: o.chain,
            asset: o.asset,
            amount,
            decimals,
            time,
            date: isoTime(time),
            maxAgeSeconds: maxAge,
            ...v.figure,
            rounding: USD_ROUNDING,
          }
        },
        { mustExist: true },
      )
      if (o.json) return printJson(result)
      const io = cliIO()
      if (result.usd === null) return io.out(`${result.date}: ${missingText(result)}\n`)
      io.out(
        `${result.display} (exact ${result.usd} USD) at ${result.date}; price ${result.price.usdPerUnit} USD from ${result.price.source} at ${result.price.date}\n`,
      )
    })
}

function parseBase(v: string): bigint {
  if (!/^\d+$/.test(v))
    throw new DragnetError('INVALID_ARGUMENT', `--amount in base units must be an integer, got ${v}`)
  return BigInt(v)
}

async function decimalsOf(s: DuckDbStore, o: ValueFlags): Promise<number> {
  if (o.decimals !== undefined) {
    if (!/^\d{1,2}$/.test(o.decimals))
      throw new DragnetError('INVALID_ARGUMENT', `--decimals must be 0-99, got ${o.decimals}`)
    return Number(o.decimals)
  }
  if (o.asset === 'native') return 18
  const d = (await s.getTokens(o.chain, [o.asset])).get(o.asset)?.decimals
  if (d === null || d === undefined) {
    throw new DragnetError('INVALID_ARGUMENT', `the store does not know the decimals of ${o.asset}: pass --decimals`)
  }
  return d
}

async function blockTime(s: DuckDbStore, chain: string, block: string): Promise<bigint> {
  if (!/^\d+$/.test(block)) throw new DragnetError('INVALID_ARGUMENT', `--block must be a block number, got ${block}`)
  const r = await s.connection.runAndReadAll('SELECT timestamp FROM blocks WHERE chain = $1 AND number = $2', [
    chain,
    BigInt(block),
  ])
  const t = r.getRows()[0]?.[0]
  if (t === undefined || t === null) {
    throw new DragnetError('INVALID_ARGUMENT', `block ${block} of ${chain} is not in the store`, {
      details: { chain, block },
    })
  }
  return BigInt(t as bigint)
}

interface FeedsFlags extends Common {
  rpc: string
  feeds: string
  chain: string
  from: string
  to: string
  timeout: number
}

function registerFeeds(prices: Command): void {
  prices
    .command('feeds')
    .description(
      'Read USD prices from Chainlink feeds over a block range through a node, without ingesting blocks (for a ' +
        'store filled by import etl); ingest evm --price-feeds does the same during an ingest.',
    )
    .requiredOption('--rpc <url>', 'JSON-RPC endpoint of the node (credentials in the URL are never printed)')
    .requiredOption('--feeds <file>', 'the feed list (dragnet.price-feeds/1 JSON; docs/prices.md)')
    .requiredOption('--from <block>', 'first block (decimal or 0x-hex)', blockOption('--from'))
    .requiredOption('--to <block>', 'last block, or "latest"')
    .option('--chain <name>', 'chain the prices are stored for', 'ethereum')
    .option('--timeout <ms>', 'per-request timeout', intOption('--timeout', 100, 600_000), 30_000)
    .option('--db <path>', 'store file')
    .option('--json', 'print as JSON')
    .action(async (o: Omit<FeedsFlags, 'from'> & { from: bigint }) => {
      const client = new JsonRpcClient({ url: o.rpc, logger: createLogger(), timeoutMs: o.timeout })
      const feeds = feedsFor(loadPriceFeeds(o.feeds), o.chain)
      if (feeds.length === 0) {
        throw new DragnetError('INVALID_ARGUMENT', `${o.feeds} lists no feed for chain ${o.chain}`)
      }
      await checkFeeds(client, feeds)
      const to =
        o.to === 'latest' ? hexToBigInt(await client.request<Hex>('eth_blockNumber')) : blockOption('--to')(o.to)
      if (o.from > to) throw new DragnetError('INVALID_RANGE', `--from ${o.from} is after --to ${to}`)
      const summary = await withStore(o.db, (_s, p) =>
        ingestPriceFeeds(p, client, o.chain, feeds, { from: o.from, to }),
      )
      if (o.json) return printJson({ chain: o.chain, from: o.from, to, rpc: redactUrl(o.rpc), priceFeeds: summary })
      for (const f of summary) cliIO().out(feedSummaryLine(f))
    })
}

/** `dragnet prices ...`: USD prices from CSV files and Chainlink feeds, and values at a time (docs/prices.md). */
export function registerPrices(program: Command): void {
  const prices = program
    .command('prices')
    .description('USD prices: import a CSV, show what is stored, value an amount at a time (docs/prices.md).')
  registerImport(prices)
  registerShow(prices)
  registerValue(prices)
  registerFeeds(prices)
}
