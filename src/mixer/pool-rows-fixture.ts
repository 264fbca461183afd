import { encodeAbiParameters, encodeEventTopics, type Hex } from 'viem'
import type { Row } from '../store/store.ts'
import { txHash } from './pool-activity-fixture.ts'
import { POOL_EVENTS } from './pool-events.ts'

/**
 * Stored rows of pool activity for tests, in the chain tables' own shapes: transaction n in block b at time
 * 1000 + 12 b, type 2 with fee cap 2 gwei + n (each transaction its own gas fingerprint) unless told otherwise.
 */
export const tx = (n: number, block: number, from: string, to: string, value = 0n): Row => ({
  hash: txHash(n),
  nonce: BigInt(n),
  block_hash: txHash(9000 + block),
  block_number: BigInt(block),
  transaction_index: 0n,
  from_address: from,
  to_address: to,
  value: String(value),
  gas: 100000n,
  gas_price: '1000000000',
  input: '0x',
  block_timestamp: BigInt(1000 + block * 12),
  max_fee_per_gas: String(2_000_000_000 + n),
  max_priority_fee_per_gas: '1000000',
  transaction_type: 2n,
})
export const log = (
  n: number,
  block: number,
  logIndex: number,
  address: string,
  topics: unknown[],
  data: Hex,
): Row => ({
  log_index: BigInt(logIndex),
  transaction_hash: txHash(n),
  transaction_index: 0n,
  block_hash: txHash(9000 + block),
  block_number: BigInt(block),
  address,
  data,
  topics: topics.join(','),
})
export const depositLog = (n: number, block: number, logIndex: number, pool: string, leaf: number) =>
  log(
    n,
    block,
    logIndex,
    pool,
    encodeEventTopics({ abi: POOL_EVENTS, eventName: 'Deposit', args: { commitment: txHash(500 + leaf) as Hex } }),
    encodeAbiParameters([{ type: 'uint32' }, { type: 'uint256' }], [leaf, BigInt(1000 + block * 12)]),
  )
export const transfer = (
  n: number,
  block: number,
  from: string,
  to: string,
  asset: string,
  amount: bigint,
  i = 0,
): Row => ({
  block_number: BigInt(block),
  block_time: BigInt(1000 + block * 12),
  tx_hash: txHash(n),
  tx_index: 0n,
  position: asset === 'native' ? `trace:${i}` : `log:${i}`,
  kind: asset === 'native' ? 'native' : 'erc20',
  from_address: from,
  to_address: to,
  asset,
  amount: String(amount),
})

/** A Withdrawal log: `to` paid, `relayer` (zero address for none) kept `fee`. */
export const withdrawalLog = (
  n: number,
  block: number,
  logIndex: number,
  pool: string,
  to: string,
  nullifier: number,
  relayer: string,
  fee: bigint,
) =>
  log(
    n,
    block,
    logIndex,
    pool,
    encodeEventTopics({ abi: POOL_EVENTS, eventName: 'Withdrawal', args: { relayer: relayer as Hex } }),
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'uint256' }],
      [to as Hex, txHash(nullifier) as Hex, fee],
    ),
  )
