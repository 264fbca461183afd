import { type Address, getAddress, type Hash } from 'viem'
import { DragnetError } from '../core/errors.ts'
import type { Artifact } from './artifact.ts'
import { confirm, type DevnetClient, type TxFees } from './devnet-client.ts'

/** Where a contract landed and the transaction that created it. */
export interface Deployed {
  address: Address
  hash: Hash
  blockNumber: bigint
}

/**
 * Deploys `artifact` with constructor `args` from the client's account and waits until it is mined.
 * @example const token = await deployContract(client, loadArtifact('TestToken'), ['Test', 'TST', 18])
 */
export async function deployContract(
  client: DevnetClient,
  artifact: Artifact,
  args: readonly unknown[] = [],
  fees?: TxFees,
): Promise<Deployed> {
  const hash = await client.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
    ...(fees ?? {}),
  })
  const receipt = await confirm(client, hash, `deployment of ${artifact.contractName}`)
  if (!receipt.contractAddress) {
    throw new DragnetError('RPC_INVALID_DATA', `deployment of ${artifact.contractName} has no contract address`, {
      details: { hash },
    })
  }
  return { address: getAddress(receipt.contractAddress), hash, blockNumber: receipt.blockNumber }
}
