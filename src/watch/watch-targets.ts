import { createHash } from 'node:crypto'
import { DragnetError } from '../core/errors.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'
import type { TraceRequest } from '../trace/trace-types.ts'
import type { WatchTarget } from './taint-watch.ts'

/**
 * An ad-hoc watch of `--seed` values: its id is derived from the chain, seeds, model, direction and first block,
 * so the same command run again (after a restart) raises alerts with the same ids.
 */
export function adHocTarget(request: TraceRequest): WatchTarget {
  const key = JSON.stringify([
    request.chain,
    [...request.seedAddresses].sort(),
    [...request.seedTxs].sort(),
    request.model,
    request.direction,
    request.limits.fromBlock?.toString() ?? null,
    request.asset ?? null,
  ])
  return { incident: `watch-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`, request }
}

/**
 * The block of the earliest seed transaction, from the node: where a watch of transaction seeds starts when no
 * --from-block is given. A hash the node does not know fails with INVALID_HASH.
 */
export async function firstSeedBlock(client: JsonRpcClient, txs: readonly string[]): Promise<bigint | undefined> {
  let first: bigint | undefined
  for (const hash of txs) {
    const tx = await client.request<{ blockNumber: string | null } | null>('eth_getTransactionByHash', [hash])
    if (!tx || tx.blockNumber === null) {
      throw new DragnetError('INVALID_HASH', `seed transaction ${hash} is not on the node's chain (yet)`, {
        details: { tx: hash },
      })
    }
    const n = BigInt(tx.blockNumber)
    if (first === undefined || n < first) first = n
  }
  return first
}
