import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../core/errors.ts'
import { type PriceCsvRow, parsePriceCsv } from './price-csv.ts'
import type { PriceStore } from './price-store.ts'
import type { PricePoint } from './price-types.ts'

/** Finds the token addresses with a symbol on a chain (case-insensitive), from the store's tokens table. */
export type SymbolResolver = (chain: string, symbol: string) => Promise<string[]>

/** A resolver over the DuckDB store's tokens table (token metadata read at ingest). */
export function duckDbSymbolResolver(c: DuckDBConnection): SymbolResolver {
  return async (chain, symbol) => {
    const r = await c.runAndReadAll(
      'SELECT address FROM tokens WHERE chain = $1 AND lower(symbol) = lower($2) ORDER BY address',
      [chain, symbol],
    )
    return r.getRows().map((row) => row[0] as string)
  }
}

export interface ImportPricesResult {
  file: string
  source: string
  rows: number
  /** Per chain and asset: the points and their first and last dates. */
  assets: { chain: string; asset: string; symbol: string | null; points: number; first: bigint; last: bigint }[]
}

/**
 * Imports a price CSV: every row is validated and every symbol resolved before anything is stored, then all rows
 * are stored in one transaction under `csv:<source>` (default: the file's name without extension).
 */
export async function importPriceCsv(
  store: PriceStore,
  resolve: SymbolResolver,
  file: string,
  options: { source?: string } = {},
): Promise<ImportPricesResult> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read price file ${file}: ${(cause as Error).message}`, {
      details: { file },
      cause,
    })
  }
  const rows = parsePriceCsv(text, file)
  const name = options.source ?? basename(file).replace(/\.[^.]*$/, '')
  const source = `csv:${name}`
  const points: PricePoint[] = []
  const cache = new Map<string, string[]>()
  for (const row of rows) {
    const asset = await assetAddress(row, resolve, cache, file)
    points.push({
      chain: row.chain,
      asset,
      time: row.time,
      price: row.price,
      source,
      kind: 'csv',
      symbol: row.asset.kind === 'symbol' ? row.asset.symbol : null,
      roundId: null,
      block: null,
    })
  }
  await store.put(points)
  return { file, source, rows: rows.length, assets: assetSummary(points) }
}

async function assetAddress(
  row: PriceCsvRow,
  resolve: SymbolResolver,
  cache: Map<string, string[]>,
  file: string,
): Promise<string> {
  if (row.asset.kind === 'native') return 'native'
  if (row.asset.kind === 'address') return row.asset.address
  const { symbol } = row.asset
  const key = `${row.chain}\u0000${symbol.toLowerCase()}`
  let found = cache.get(key)
  if (!found) {
    found = await resolve(row.chain, symbol)
    cache.set(key, found)
  }
  if (found.length === 1) return found[0] as string
  const details = { file, line: row.line, chain: row.chain, symbol, candidates: found }
  if (found.length === 0) {
    throw new DragnetError(
      'PRICES_UNKNOWN_ASSET',
      `${file} line ${row.line}: no token with symbol ${symbol} on ${row.chain} in the store; give its address, ` +
        `or 'native' for the chain's own coin`,
      { details },
    )
  }
  throw new DragnetError(
    'PRICES_UNKNOWN_ASSET',
    `${file} line ${row.line}: ${found.length} tokens on ${row.chain} have symbol ${symbol} (${found.join(', ')}); ` +
      'give the address of the one the price is for',
    { details },
  )
}

function assetSummary(points: readonly PricePoint[]): ImportPricesResult['assets'] {
  const by = new Map<string, ImportPricesResult['assets'][number]>()
  for (const p of points) {
    const key = `${p.chain}\u0000${p.asset}`
    const s = by.get(key)
    if (!s) {
      by.set(key, { chain: p.chain, asset: p.asset, symbol: p.symbol, points: 1, first: p.time, last: p.time })
      continue
    }
    s.points++
    if (p.time < s.first) s.first = p.time
    if (p.time > s.last) s.last = p.time
  }
  return [...by.values()].sort((a, b) => a.chain.localeCompare(b.chain) || a.asset.localeCompare(b.asset))
}
