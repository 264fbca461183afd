import { type Abi, encodeFunctionData, getAddress, type TransactionReceipt } from 'viem'
import type { HDAccount } from 'viem/accounts'
import type { Address, Hex } from '../../core/hex.ts'
import { confirm, type DevnetClient } from '../devnet-client.ts'
import type { ActorKey } from './actors.ts'
import type { ManifestTx } from './manifest.ts'

/** Zero fees: with a zero base fee nothing is spent on gas, so every balance in the story stays round. */
export const ZERO_FEES = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } as const

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
  accounts: Record<ActorKey, HDAccount>
  clients: Record<ActorKey, DevnetClient>
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
export function addressOf(world: World, actor: ActorKey): Address {
  return lower(world.accounts[actor].address)
}

/** Sends a transaction from `actor`, waits for it, fails on revert, and logs it. */
export async function sendTx(
  world: World,
  actor: ActorKey,
  request: { to: Address; value?: bigint; data?: Hex },
  log: TxLog,
): Promise<TransactionReceipt> {
  const client = world.clients[actor]
  const hash = await client.sendTransaction({ ...request, ...ZERO_FEES })
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
  actor: ActorKey,
  contract: ContractKey,
  functionName: string,
  args: readonly unknown[],
  log: TxLog,
  value?: bigint,
): Promise<TransactionReceipt> {
  const { address, abi } = world.contracts[contract]
  const data = encodeFunctionData({ abi, functionName, args })
  return await sendTx(world, actor, value === undefined ? { to: address, data } : { to: address, data, value }, log)
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
