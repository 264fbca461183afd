import { decodeEventLog, type Hex, parseAbi, toEventSelector } from 'viem'
import { topicsOf } from '../bridge/thorchain/decode-router-logs.ts'
import { ZERO_ADDRESS } from '../core/hex.ts'
import type { Row } from '../store/store.ts'

/** Tornado Cash's pool events, as its ETHTornado and ERC20Tornado contracts (and Dragnet's devnet Mixer) emit them. */
export const POOL_EVENTS = parseAbi([
  'event Deposit(bytes32 indexed commitment, uint32 leafIndex, uint256 timestamp)',
  'event Withdrawal(address to, bytes32 nullifierHash, address indexed relayer, uint256 fee)',
])

/** keccak256("Deposit(bytes32,uint32,uint256)"): not WETH's Deposit(address,uint256). */
export const POOL_DEPOSIT_TOPIC = toEventSelector('Deposit(bytes32,uint32,uint256)')
/** keccak256("Withdrawal(address,bytes32,address,uint256)"). */
export const POOL_WITHDRAWAL_TOPIC = toEventSelector('Withdrawal(address,bytes32,address,uint256)')

/** A pool Deposit log as stored, before its transaction is joined. */
export interface DepositLog {
  contract: string
  tx: string
  logIndex: number
  block: bigint
  commitment: string
  leafIndex: number
  /** The event's own `timestamp` (block.timestamp when deposited). */
  timestamp: bigint
}

/** A pool Withdrawal log as stored, before its transaction is joined. */
export interface WithdrawalLog {
  contract: string
  tx: string
  logIndex: number
  block: bigint
  to: string
  nullifierHash: string
  relayer: string | null
  fee: bigint
}

/** The pool Deposit in a stored log row, or null for any other log. */
export function decodeDepositLog(row: Row): DepositLog | null {
  const topics = topicsOf(row)
  if (topics[0] !== POOL_DEPOSIT_TOPIC || topics.length !== 2) return null
  const ev = decodeOrNull(() =>
    decodeEventLog({
      abi: POOL_EVENTS,
      eventName: 'Deposit',
      topics: topics as [Hex, ...Hex[]],
      data: row.data as Hex,
    }),
  )
  if (ev === null) return null
  return {
    ...place(row),
    commitment: ev.args.commitment.toLowerCase(),
    leafIndex: ev.args.leafIndex,
    timestamp: ev.args.timestamp,
  }
}

/** The pool Withdrawal in a stored log row, or null for any other log. */
export function decodeWithdrawalLog(row: Row): WithdrawalLog | null {
  const topics = topicsOf(row)
  if (topics[0] !== POOL_WITHDRAWAL_TOPIC || topics.length !== 2) return null
  const ev = decodeOrNull(() =>
    decodeEventLog({
      abi: POOL_EVENTS,
      eventName: 'Withdrawal',
      topics: topics as [Hex, ...Hex[]],
      data: row.data as Hex,
    }),
  )
  if (ev === null) return null
  const relayer = ev.args.relayer.toLowerCase()
  return {
    ...place(row),
    to: ev.args.to.toLowerCase(),
    nullifierHash: ev.args.nullifierHash.toLowerCase(),
    relayer: relayer === ZERO_ADDRESS ? null : relayer,
    fee: ev.args.fee,
  }
}

function place(row: Row): { contract: string; tx: string; logIndex: number; block: bigint } {
  return {
    contract: String(row.address).toLowerCase(),
    tx: String(row.transaction_hash).toLowerCase(),
    logIndex: Number(row.log_index),
    block: BigInt(row.block_number as bigint),
  }
}

/** A log with the topic but data of another shape is some other contract's event: skipped, not fatal. */
function decodeOrNull<T>(decode: () => T): T | null {
  try {
    return decode()
  } catch {
    return null
  }
}
