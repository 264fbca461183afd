import { type Abi, encodeFunctionData, getAddress, type TransactionReceipt } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { DragnetError } from '../../core/errors.ts'
import type { Address, Hex } from '../../core/hex.ts'
import { confirm, type DevnetClient, type TxFees } from '../devnet-client.ts'
import type { ActorKey } from './actors.ts'
import type { ManifestTx } from './manifest.ts'
import type { MixerActorKey } from './mixer-actors.ts'

/** Zero fees: with a zero base fee nothing is spent on gas, so every balance in the story stays round. */
export const ZERO_FEES: TxFees = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }

/** Every key-holding participant: the world's actors, and the mixer leg's once it is played. */
export type WorldActorKey = ActorKey | MixerActorKey

export type ContractKey = 'usdx' | 'weth' | 'pair' | 'router' | 'bridge' | 'mixer' | 'forwarder'

export interface WorldContract {
  address: Address
  abi: Abi
}

/** The running world: its accounts, clients, contracts and the log of every transaction sent. */
export interface World {
  rpcUrl: string
  chainId: number
  genesisTime: bigint
  accounts: Record<ActorKey, HDAccount> & Partial<Record<MixerActorKey, HDAccount>>
  clients: Record<ActorKey, DevnetClient> & Partial<Record<MixerActorKey, DevnetClient>>
  contracts: Record<ContractKey, WorldContract>
  transactions: ManifestTx[]
}

/** Which part of the story a transaction belongs to, for the manifest. */
export interface TxLog {
  phase: ManifestTx['phase']
  step: string
  note: string
}

/** A lowercase address, the form Dragnet stores and compares. */
export function lower(address: string): Address {
  return getAddress(address).toLowerCase() as Address
}

/** The actor's address in lowercase. */
export function addressOf(world: World, actor: WorldActorKey): Address {
  const account = world.accounts[actor]
  if (!account) throw new DragnetError('INTERNAL', `the world has no account ${actor} (its leg was not played)`)
  return lower(account.address)
}

/**
 * Sends a transaction from `actor`, waits for it, fails on revert, and logs it. `fees` defaults to zero; a
 * non-zero fee cap with a zero tip still pays nothing at a zero base fee, but the sender must hold gas × cap.
 */
export async function sendTx(
  world: World,
  actor: WorldActorKey,
  request: { to: Address; value?: bigint; data?: Hex },
  log: TxLog,
  fees: TxFees = ZERO_FEES,
): Promise<TransactionReceipt> {
  const client = world.clients[actor]
  if (!client) throw new DragnetError('INTERNAL', `the world has no client for ${actor} (its leg was not played)`)
  const hash = await client.sendTransaction({ ...request, ...fees })
  const receipt = await confirm(client, hash, `${log.step}: ${log.note}`)
  world.transactions.push({
    phase: log.phase,
    step: log.step,
    hash,
    blockNumber: receipt.blockNumber,
    from: addressOf(world, actor),
    to: request.to,
    note: log.note,
  })
  return receipt
}

/** Calls `functionName` on a world contract from `actor` as a transaction. */
export async function callContract(
  world: World,
  actor: WorldActorKey,
  contract: ContractKey,
  functionName: string,
  args: readonly unknown[],
  log: TxLog,
  value?: bigint,
  fees: TxFees = ZERO_FEES,
): Promise<TransactionReceipt> {
  const { address, abi } = world.contracts[contract]
  const data = encodeFunctionData({ abi, functionName, args })
  const request = value === undefined ? { to: address, data } : { to: address, data, value }
  return await sendTx(world, actor, request, log, fees)
}

/** Reads a view function of a world contract, at the latest block or at `blockNumber`. */
export async function readContract(
  world: World,
  contract: ContractKey,
  functionName: string,
  args: readonly unknown[],
  blockNumber?: bigint,
): Promise<unknown> {
  const { address, abi } = world.contracts[contract]
  return await world.clients.deployer.readContract({
    address,
    abi,
    functionName,
    args,
    ...(blockNumber === undefined ? {} : { blockNumber }),
  })
}
