import {
  type Account,
  type Chain,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  publicActions,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from 'viem'
import { DragnetError } from '../core/errors.ts'

/** A wallet client bound to one account on a local node, with the public actions too. */
export type DevnetClient = ReturnType<typeof createDevnetClient>

/** Explicit EIP-1559 fees; the demo world uses zero fees so balances stay round. */
export interface TxFees {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** The chain description viem needs for a local node. */
export function devnetChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `devnet-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
}

/** Creates a client that signs locally with `account` and talks to the node at `rpcUrl`. */
export function createDevnetClient(rpcUrl: string, account: Account, chain: Chain) {
  return createWalletClient({ account, chain, transport: http(rpcUrl, { retryCount: 0 }) }).extend(publicActions)
}

/**
 * Waits for the receipt of a transaction on a node that mines on demand, and fails if it reverted.
 * Polls directly: viem's block watcher waits a whole polling interval even when the block is already there.
 */
export async function confirm(client: DevnetClient, hash: Hash, what: string): Promise<TransactionReceipt> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const receipt = await client.getTransactionReceipt({ hash })
      if (receipt.status !== 'success') {
        throw new DragnetError('RPC_ERROR', `${what} reverted`, { details: { hash } })
      }
      return receipt
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error
    }
    if (Date.now() > deadline) throw new DragnetError('RPC_TIMEOUT', `${what} was not mined`, { details: { hash } })
    await new Promise((r) => setTimeout(r, 5))
  }
}
