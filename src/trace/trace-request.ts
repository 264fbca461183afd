import { DragnetError } from '../core/errors.ts'
import { parseAddress, parseHash } from '../core/hex.ts'
import {
  DEFAULT_LIMITS,
  type TaintModel,
  type TraceDirection,
  type TraceLimits,
  type TraceRequest,
} from './trace-types.ts'

export const MAX_HOPS = 1000
export const MAX_ADDRESSES = 50_000_000

/** Splits seeds into addresses and transaction hashes by length; anything else fails with its code. */
export function parseSeeds(seeds: readonly string[]): { addresses: string[]; txs: string[] } {
  if (seeds.length === 0) throw new DragnetError('INVALID_ARGUMENT', 'at least one --seed is required')
  const addresses: string[] = []
  const txs: string[] = []
  for (const s of seeds) {
    if (/^0x[0-9a-fA-F]{64}$/.test(s) || s.length > 50) txs.push(parseHash(s, 'seed'))
    else addresses.push(parseAddress(s, 'seed'))
  }
  return { addresses: [...new Set(addresses)], txs: [...new Set(txs)] }
}

/** Checks a request's limits and seeds; throws INVALID_ARGUMENT / INVALID_RANGE / INVALID_ADDRESS / INVALID_HASH. */
export function validateRequest(r: TraceRequest): void {
  const l = r.limits
  if (!Number.isInteger(l.hops) || l.hops < 1 || l.hops > MAX_HOPS) {
    throw new DragnetError('INVALID_ARGUMENT', `hops must be between 1 and ${MAX_HOPS}, got ${l.hops}`)
  }
  if (!Number.isInteger(l.maxAddresses) || l.maxAddresses < 1 || l.maxAddresses > MAX_ADDRESSES) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `max addresses must be between 1 and ${MAX_ADDRESSES}, got ${l.maxAddresses}`,
    )
  }
  if (l.minAmount < 0n) throw new DragnetError('INVALID_ARGUMENT', 'minimum amount must not be negative')
  if (l.minAsset !== undefined && l.minAsset !== 'native') parseAddress(l.minAsset, 'minimum asset')
  if (l.fromBlock !== undefined && l.toBlock !== undefined && l.fromBlock > l.toBlock) {
    throw new DragnetError('INVALID_RANGE', `from block ${l.fromBlock} is after to block ${l.toBlock}`)
  }
  if (l.fromTime !== undefined && l.toTime !== undefined && l.fromTime > l.toTime) {
    throw new DragnetError('INVALID_RANGE', `from time ${l.fromTime} is after to time ${l.toTime}`)
  }
  if (r.seedAddresses.length + r.seedTxs.length === 0) {
    throw new DragnetError('INVALID_ARGUMENT', 'at least one seed address or transaction is required')
  }
  if (r.seedOutflows === true && r.direction === 'backward') {
    throw new DragnetError('INVALID_ARGUMENT', 'seeding by outflows applies to forward traces only')
  }
  for (const a of r.seedAddresses) parseAddress(a, 'seed')
  for (const h of r.seedTxs) parseHash(h, 'seed')
  if (r.asset !== undefined && r.asset !== 'native') parseAddress(r.asset, 'asset')
  const share = r.seedShare
  if (share !== undefined) {
    parseAddress(share.from, 'seed share sender')
    if (share.of <= 0n || share.tainted < 0n || share.tainted > share.of) {
      throw new DragnetError('INVALID_ARGUMENT', `seed share ${share.tainted}/${share.of} is not a fraction in [0, 1]`)
    }
  }
}

/** A request with defaults filled in. */
export function traceRequest(
  chain: string,
  seeds: { addresses: string[]; txs: string[] },
  options: { model?: TaintModel; direction?: TraceDirection; limits?: Partial<TraceLimits>; asset?: string } = {},
): TraceRequest {
  const limits: TraceLimits = { ...DEFAULT_LIMITS }
  for (const [k, v] of Object.entries(options.limits ?? {})) if (v !== undefined) Object.assign(limits, { [k]: v })
  const r: TraceRequest = {
    chain,
    seedAddresses: seeds.addresses.map((a) => a.toLowerCase()),
    seedTxs: seeds.txs.map((h) => h.toLowerCase()),
    model: options.model ?? 'haircut',
    direction: options.direction ?? 'forward',
    limits,
  }
  if (options.asset !== undefined) r.asset = options.asset.toLowerCase()
  return r
}
