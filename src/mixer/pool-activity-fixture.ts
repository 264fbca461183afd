import type { GasFingerprint, MixerPool, PoolActivity, PoolDeposit, PoolWithdrawal } from './mixer-types.ts'
import { pairKey } from './pool-order.ts'

/**
 * Hand-built pool histories for tests: pools of native ETH, one event per block unless a log index is given,
 * each block 12 seconds after the last unless a time is given.
 */
export const ETH = 10n ** 18n

/** A 0x-address from a short name, padded: addr('a1') → 0x00…00a1. */
export function addr(name: string): string {
  return `0x${name.padStart(40, '0')}`
}

/** A 32-byte transaction hash from a number. */
export function txHash(n: number | string): string {
  return `0x${String(n).padStart(64, '0')}`
}

export function pool(address: string, denomination: bigint, asset = 'native'): MixerPool {
  return { chain: 'devnet', address, asset, denomination, name: null, recognisedBy: 'events' }
}

export const legacyGas = (gasPrice: bigint): GasFingerprint => ({
  type: 0,
  gasPrice,
  maxFeePerGas: null,
  maxPriorityFeePerGas: null,
})
export const pairGas = (maxFeePerGas: bigint, maxPriorityFeePerGas: bigint): GasFingerprint => ({
  type: 2,
  gasPrice: null,
  maxFeePerGas,
  maxPriorityFeePerGas,
})
/** The wallet default every careful user shares. */
export const DEFAULT_GAS = pairGas(30_000_000_000n, 1_000_000_000n)

export interface EventSpec {
  pool: string
  block: number
  /** Unix seconds; default 12 × block. */
  time?: number
  logIndex?: number
  gas?: GasFingerprint
  tx?: string
}

/** Deposit transactions 0xd…, withdrawal transactions 0xe…, numbered by block and log index. */
function eventTx(kind: 'd' | 'e', spec: EventSpec): string {
  return `0x${kind}${String(spec.block * 100 + (spec.logIndex ?? 0)).padStart(63, '0')}`
}

export function deposit(spec: EventSpec & { depositor: string }): PoolDeposit {
  return {
    pool: spec.pool,
    tx: spec.tx ?? eventTx('d', spec),
    logIndex: spec.logIndex ?? 0,
    block: BigInt(spec.block),
    time: BigInt(spec.time ?? spec.block * 12),
    depositor: spec.depositor,
    commitment: txHash(spec.block * 1000 + (spec.logIndex ?? 0)),
    leafIndex: 0,
    gas: spec.gas ?? DEFAULT_GAS,
  }
}

export function withdrawal(
  spec: EventSpec & { recipient: string; relayer?: string | null; fee?: bigint; sender?: string },
): PoolWithdrawal {
  return {
    pool: spec.pool,
    tx: spec.tx ?? eventTx('e', spec),
    logIndex: spec.logIndex ?? 0,
    block: BigInt(spec.block),
    time: BigInt(spec.time ?? spec.block * 12),
    recipient: spec.recipient,
    relayer: spec.relayer ?? null,
    fee: spec.fee ?? 0n,
    sender: spec.sender ?? spec.relayer ?? spec.recipient,
    nullifierHash: txHash(spec.block * 1000 + 7),
    gas: spec.gas ?? DEFAULT_GAS,
  }
}

/** An activity from its parts; interactions as [a, b, tx] triples. */
export function activity(parts: {
  pools: MixerPool[]
  deposits: PoolDeposit[]
  withdrawals: PoolWithdrawal[]
  interactions?: [string, string, string][]
  clusters?: [string, string][]
  services?: [string, string][]
}): PoolActivity {
  return {
    pools: parts.pools,
    deposits: parts.deposits,
    withdrawals: parts.withdrawals,
    interactions: new Map((parts.interactions ?? []).map(([a, b, tx]) => [pairKey(a, b), { tx, block: 1n }])),
    clusters: new Map(parts.clusters ?? []),
    services: new Map(parts.services ?? []),
  }
}
