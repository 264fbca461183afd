import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { listValue } from '@duckdb/node-api'
import { DragnetError } from '../core/errors.ts'
import { comparePoints, lookupPrice } from './price-lookup.ts'
import type { PriceSeriesInfo, PriceStore } from './price-store.ts'
import type { PriceLookup, PricePoint } from './price-types.ts'

const COLUMNS = 'chain, asset, time, price, decimals, source, kind, symbol, round_id, block_number'
/** At one time, Chainlink before CSV, then by source name: the order comparePoints gives. */
const PREFERENCE = "(kind = 'chainlink') DESC, source"

/** The price store in the DuckDB store's `prices` table (migration 5). */
export class DuckDbPriceStore implements PriceStore {
  constructor(private readonly c: DuckDBConnection) {}

  async put(points: readonly PricePoint[]): Promise<void> {
    if (points.length === 0) return
    await this.c.run(`CREATE OR REPLACE TEMP TABLE stage_prices (chain VARCHAR, asset VARCHAR, time BIGINT,
      price VARCHAR, decimals INTEGER, source VARCHAR, kind VARCHAR, symbol VARCHAR, round_id VARCHAR,
      block_number BIGINT)`)
    const app = await this.c.createAppender('stage_prices', 'main', 'temp')
    try {
      for (const p of lastOfEachKey(points)) {
        app.appendVarchar(p.chain)
        app.appendVarchar(p.asset)
        app.appendBigInt(p.time)
        app.appendVarchar(p.price.units.toString())
        app.appendInteger(p.price.scale)
        app.appendVarchar(p.source)
        app.appendVarchar(p.kind)
        if (p.symbol === null) app.appendNull()
        else app.appendVarchar(p.symbol)
        if (p.roundId === null) app.appendNull()
        else app.appendVarchar(p.roundId)
        if (p.block === null) app.appendNull()
        else app.appendBigInt(p.block)
        app.endRow()
      }
      app.flushSync()
    } finally {
      app.closeSync()
    }
    await this.c.run('BEGIN TRANSACTION')
    try {
      await this.c.run(
        `DELETE FROM prices USING stage_prices s WHERE prices.chain = s.chain AND prices.asset = s.asset
           AND prices.source = s.source AND prices.time = s.time`,
      )
      await this.c.run(`INSERT INTO prices SELECT ${COLUMNS}, $1 FROM stage_prices`, [new Date().toISOString()])
      await this.c.run('COMMIT')
    } catch (error) {
      await this.c.run('ROLLBACK')
      throw new DragnetError('STORE_ERROR', `price write failed: ${(error as Error).message}`, { cause: error })
    }
  }

  async priceAt(chain: string, asset: string, time: bigint, maxAgeSeconds: bigint): Promise<PriceLookup> {
    const r = await this.c.runAndReadAll(
      `SELECT ${COLUMNS} FROM prices WHERE chain = $1 AND asset = $2 AND time <= $3
       ORDER BY time DESC, ${PREFERENCE} LIMIT 1`,
      [chain, asset, time],
    )
    const row = r.getRows()[0]
    return lookupPrice(row ? [toPoint(row)] : [], time, maxAgeSeconds)
  }

  async series(chain: string, assets: readonly string[]): Promise<Map<string, PricePoint[]>> {
    const out = new Map<string, PricePoint[]>()
    if (assets.length === 0) return out
    const r = await this.c.runAndReadAll(
      `SELECT ${COLUMNS} FROM prices WHERE chain = $1 AND asset IN (SELECT unnest($2::VARCHAR[]))`,
      [chain, listValue([...assets])],
    )
    for (const row of r.getRows()) {
      const p = toPoint(row)
      const list = out.get(p.asset) ?? []
      list.push(p)
      out.set(p.asset, list)
    }
    for (const list of out.values()) list.sort(comparePoints)
    return out
  }

  async points(chain: string, asset: string, range: { from?: bigint; to?: bigint } = {}): Promise<PricePoint[]> {
    const params: DuckDBValue[] = [chain, asset]
    let where = 'chain = $1 AND asset = $2'
    if (range.from !== undefined) {
      params.push(range.from)
      where += ` AND time >= $${params.length}`
    }
    if (range.to !== undefined) {
      params.push(range.to)
      where += ` AND time <= $${params.length}`
    }
    const r = await this.c.runAndReadAll(
      `SELECT ${COLUMNS} FROM prices WHERE ${where} ORDER BY time, ${PREFERENCE}`,
      params,
    )
    return r.getRows().map(toPoint)
  }

  async summary(): Promise<PriceSeriesInfo[]> {
    const r = await this.c.runAndReadAll(
      `SELECT chain, asset, max(symbol), source, min(kind), count(*), min(time), max(time) FROM prices
       GROUP BY chain, asset, source ORDER BY chain, asset, source`,
    )
    return r.getRows().map(([chain, asset, symbol, source, kind, n, first, last]) => ({
      chain: chain as string,
      asset: asset as string,
      symbol: (symbol as string | null) ?? null,
      source: source as string,
      kind: kind as PricePoint['kind'],
      points: Number(n),
      first: first as bigint,
      last: last as bigint,
    }))
  }

  async count(): Promise<number> {
    const r = await this.c.runAndReadAll('SELECT count(*) FROM prices')
    return Number(r.getRows()[0]?.[0] ?? 0)
  }
}

/** Points with the same chain, asset, source and time: the last one given wins, as it would stored one by one. */
function lastOfEachKey(points: readonly PricePoint[]): PricePoint[] {
  const byKey = new Map<string, PricePoint>()
  for (const p of points) byKey.set(`${p.chain}\u0000${p.asset}\u0000${p.source}\u0000${p.time}`, p)
  return [...byKey.values()]
}

function toPoint(row: DuckDBValue[]): PricePoint {
  const [chain, asset, time, price, decimals, source, kind, symbol, roundId, block] = row
  return {
    chain: chain as string,
    asset: asset as string,
    time: time as bigint,
    price: { units: BigInt(price as string), scale: Number(decimals) },
    source: source as string,
    kind: kind as PricePoint['kind'],
    symbol: (symbol as string | null) ?? null,
    roundId: (roundId as string | null) ?? null,
    block: (block as bigint | null) ?? null,
  }
}
