// A seeded synthetic transfer graph for the trace benchmark, generated inside DuckDB (no row crosses into
// JavaScript) and cached under bench/out/ keyed by its parameters.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'

export interface SyntheticParams {
  transfers: number
  addresses: number
  /** Exchange-like hubs: addresses 1..hubs, each on `hubShare` of the edges' recipients and senders. */
  hubs: number
  hubShare: number
  /** Degree skew: an endpoint is floor(addresses * u^skew) for a uniform u, so low ids have power-law many edges. */
  skew: number
  transfersPerBlock: number
  /** Share of transfers that move the token instead of the native coin. */
  tokenShare: number
  seed: number
}

export const DEFAULT_SYNTHETIC: SyntheticParams = {
  transfers: 10_000_000,
  addresses: 2_000_000,
  hubs: 5,
  hubShare: 0.1,
  skew: 3,
  transfersPerBlock: 100,
  tokenShare: 0.3,
  seed: 42,
}

export const SYNTHETIC_CHAIN = 'synthetic'
export const SYNTHETIC_TOKEN = '0x00000000000000000000000000000000deadbeef'

/** The address string of synthetic id i. */
export const syntheticAddress = (i: number): string => `0x${i.toString(16).padStart(40, '0')}`

function key(p: SyntheticParams): string {
  return [p.transfers, p.addresses, p.hubs, p.hubShare, p.skew, p.transfersPerBlock, p.tokenShare, p.seed].join('-')
}

// A uniform in [0, 1) from a deterministic hash of (k, salt): repeatable across runs and thread counts.
const u = (salt: number, seed: number) => `((hash(k * 7 + ${salt}, ${seed}) % 4294967296)::DOUBLE / 4294967296.0)`

/**
 * Opens the cached synthetic store, generating it first if needed; returns how long generation took (0 if cached).
 * With `copy`, a private copy named after it is opened instead.
 */
export async function syntheticStore(
  p: SyntheticParams = DEFAULT_SYNTHETIC,
  copy?: string,
): Promise<{ store: DuckDbStore; genSeconds: number }> {
  const dir = join('bench', 'out')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `synthetic-${key(p)}.duckdb`)
  if (copy !== undefined) {
    // A private copy: DuckDB lets one process hold a file, and benchmarks may run at the same time.
    const own = join(dir, `synthetic-${key(p)}.${copy}.duckdb`)
    let genSeconds = 0
    if (!existsSync(own)) {
      if (!existsSync(path)) {
        const made = await syntheticStore(p)
        genSeconds = made.genSeconds
        await made.store.close()
      }
      copyFileSync(path, own)
    }
    return { store: await openDuckDbStore(own), genSeconds }
  }
  if (existsSync(path)) return { store: await openDuckDbStore(path), genSeconds: 0 }
  const tmp = `${path}.tmp`
  rmSync(tmp, { force: true })
  rmSync(`${tmp}.wal`, { force: true })
  const t0 = performance.now()
  const store = await openDuckDbStore(tmp)
  const n = p.addresses
  const endpoint = (salt: number) =>
    `CASE WHEN ${u(salt, p.seed)} < ${p.hubShare} THEN 1 + (k % ${p.hubs})
          ELSE ${p.hubs + 1} + floor(${n - p.hubs - 1} * pow(${u(salt + 1, p.seed)}, ${p.skew}))::BIGINT END`
  await store.connection.run(`
    INSERT INTO transfers
    SELECT '${SYNTHETIC_CHAIN}', k // ${p.transfersPerBlock}, 1600000000 + (k // ${p.transfersPerBlock}) * 12,
      printf('0x%064x', k), k % ${p.transfersPerBlock}, 'tx',
      CASE WHEN tok THEN 'erc20' ELSE 'native' END,
      printf('0x%040x', f), printf('0x%040x', CASE WHEN t = f THEN (f % ${n - 1}) + 1 ELSE t END),
      CASE WHEN tok THEN '${SYNTHETIC_TOKEN}' ELSE 'native' END,
      (1 + hash(k, ${p.seed + 1}) % 1000000000000)::VARCHAR || '000000'
    FROM (SELECT k, ${endpoint(1)} AS f, ${endpoint(3)} AS t, ${u(5, p.seed)} < ${p.tokenShare} AS tok
          FROM range(${p.transfers}) r(k))`)
  await store.close()
  renameSync(tmp, path)
  rmSync(`${tmp}.wal`, { force: true })
  const genSeconds = (performance.now() - t0) / 1000
  return { store: await openDuckDbStore(path), genSeconds }
}
