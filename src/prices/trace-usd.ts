import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../core/errors.ts'
import type { TraceResult } from '../trace/trace-types.ts'
import { DuckDbPriceStore } from './duckdb-price-store.ts'
import { nowSeconds } from './parse-when.ts'
import { endpointUsdNote, usdTotalsLines } from './render-usd.ts'
import { hasPrices, type TraceUsd, valueTrace } from './value-trace.ts'

export interface TraceUsdOptions {
  /** undefined: when the store has prices for the result's assets; true: always (none is an error); false: never. */
  usd?: boolean
  /** "Now" in unix seconds (default: the current time). */
  now?: bigint
  maxAgeSeconds?: bigint
}

/** The USD block for a trace result from the store's prices, or undefined when none is wanted or there are none. */
export async function traceUsdFor(
  connection: DuckDBConnection,
  result: TraceResult,
  options: TraceUsdOptions,
): Promise<TraceUsd | undefined> {
  if (options.usd === false || result.empty !== null) return undefined
  const prices = new DuckDbPriceStore(connection)
  if (!(await hasPrices(prices, result))) {
    if (options.usd !== true) return undefined
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `--usd always: the store has no prices for the traced assets on ${result.chain}: dragnet prices import FILE, or ingest with --price-feeds`,
      { details: { chain: result.chain, assets: Object.keys(result.totals) } },
    )
  }
  return await valueTrace(prices, result, {
    now: options.now ?? nowSeconds(),
    ...(options.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: options.maxAgeSeconds }),
  })
}

/** What the table report adds for USD: a section after the totals and a note under each listed endpoint. */
export function usdTableParts(result: TraceResult, usd: TraceUsd) {
  return {
    afterTotals: usdTotalsLines(result, usd),
    endpointNote: (index: number) => {
      const e = usd.endpoints[index]
      return e === undefined ? undefined : endpointUsdNote(result, e)
    },
  }
}

/** Columns the edge CSV adds for USD: each transfer's tainted amount at its time, and the price used. */
export function usdCsvColumns(usd: TraceUsd) {
  return {
    header: ['tainted_usd', 'usd_per_unit', 'price_source', 'price_time'],
    row: (index: number): string[] => {
      const f = usd.edges[index]?.tainted
      if (f === undefined || f.usd === null) return ['', '', '', '']
      return [f.usd, f.price.usdPerUnit, f.price.source, f.price.time.toString()]
    },
  }
}
