import { decodeEventLog, type Hex } from 'viem'
import type { Row } from '../../store/store.ts'
import type { BridgeDeposit } from '../bridge-decoder.ts'
import { ROUTER_DEPOSIT_TOPIC, ROUTER_EVENTS, ROUTER_TRANSFER_OUT_TOPIC } from './router-events.ts'

/** A THORChain router Deposit: the bridge deposit plus the vault it was paid to. */
export interface ThorchainDeposit extends BridgeDeposit {
  protocol: 'thorchain'
  /** The Asgard vault the router forwarded to (the event's `to`; not the user). */
  vault: string
}

/** A router TransferOut: a vault paying an outbound or a refund on the same chain. */
export interface ThorchainTransferOut {
  chain: string
  tx: string
  logIndex: number
  block: bigint
  contract: string
  vault: string
  to: string
  asset: string
  amount: bigint
  memo: string
}

const ZERO = '0x0000000000000000000000000000000000000000'

/** The topics of a stored log row (ethereum-etl's comma-separated text, or an array). */
export function topicsOf(row: Row): Hex[] {
  const t = row.topics
  if (typeof t !== 'string' || t === '') return []
  const text = t.startsWith('[') ? (JSON.parse(t) as string[]).join(',') : t
  return text.split(',').map((x) => x.trim().toLowerCase() as Hex)
}

/** The router Deposit in a stored log row, or null for any other log (WETH's Deposit has another topic). */
export function decodeDepositLog(row: Row, chain: string): ThorchainDeposit | null {
  const topics = topicsOf(row)
  if (topics[0] !== ROUTER_DEPOSIT_TOPIC || topics.length !== 3) return null
  const ev = decodeOrNull(() =>
    decodeEventLog({
      abi: ROUTER_EVENTS,
      eventName: 'Deposit',
      topics: topics as [Hex, ...Hex[]],
      data: row.data as Hex,
    }),
  )
  if (ev === null) return null
  const asset = ev.args.asset.toLowerCase()
  return {
    protocol: 'thorchain',
    chain,
    tx: String(row.transaction_hash).toLowerCase(),
    logIndex: Number(row.log_index),
    block: BigInt(row.block_number as bigint),
    contract: String(row.address).toLowerCase(),
    vault: ev.args.to.toLowerCase(),
    asset: asset === ZERO ? 'native' : asset,
    amount: ev.args.amount,
    memo: ev.args.memo,
    sender: null,
  }
}

/** The router TransferOut in a stored log row, or null. */
export function decodeTransferOutLog(row: Row, chain: string): ThorchainTransferOut | null {
  const topics = topicsOf(row)
  if (topics[0] !== ROUTER_TRANSFER_OUT_TOPIC || topics.length !== 3) return null
  const ev = decodeOrNull(() =>
    decodeEventLog({
      abi: ROUTER_EVENTS,
      eventName: 'TransferOut',
      topics: topics as [Hex, ...Hex[]],
      data: row.data as Hex,
    }),
  )
  if (ev === null) return null
  const asset = ev.args.asset.toLowerCase()
  return {
    chain,
    tx: String(row.transaction_hash).toLowerCase(),
    logIndex: Number(row.log_index),
    block: BigInt(row.block_number as bigint),
    contract: String(row.address).toLowerCase(),
    vault: ev.args.vault.toLowerCase(),
    to: ev.args.to.toLowerCase(),
    asset: asset === ZERO ? 'native' : asset,
    amount: ev.args.amount,
    memo: ev.args.memo,
  }
}

/**
 * Any contract can emit a log with the router's topic; one whose data does not decode as the router's event is
 * not a deposit (nothing was bridged), so it is skipped rather than failing the whole read.
 */
function decodeOrNull<T>(decode: () => T): T | null {
  try {
    return decode()
  } catch {
    return null
  }
}
