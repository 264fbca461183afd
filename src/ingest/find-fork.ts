import type { Context } from '../core/context.ts'
import { DragnetError } from '../core/errors.ts'

/** How the fork search reads a block's hash: from the store, and from the node. */
export interface ForkHashes {
  stored(block: bigint): Promise<string | undefined>
  node(block: bigint): Promise<string | undefined>
}

/**
 * Where the node's chain left the stored one, when the first fetched block's parent is not the stored block
 * below it: the highest block both agree on (or the lowest stored one), with the depth walked; -1 when the reorg
 * reaches genesis; undefined when there is no reorg. Every chain's ingest shares it.
 */
export async function findFork(
  ctx: Context,
  chain: string,
  first: { number: bigint; parentHash: string | null } | null | undefined,
  hashes: ForkHashes,
  maxDepth: number,
): Promise<{ block: bigint; depth: number } | undefined> {
  if (!first || first.number === 0n) return undefined
  const below = first.number - 1n
  const stored = await hashes.stored(below)
  if (stored === undefined || stored === first.parentHash) return undefined
  let depth = 1
  for (let n = below - 1n; n >= 0n; n--, depth++) {
    if (depth > maxDepth) {
      throw new DragnetError(
        'CHAIN_REORG_TOO_DEEP',
        `reorg deeper than ${maxDepth} blocks below block ${first.number}`,
        {
          details: { block: first.number.toString(), maxDepth },
        },
      )
    }
    const mine = await hashes.stored(n)
    if (mine === undefined) return { block: n, depth }
    if ((await hashes.node(n)) === mine) return { block: n, depth }
  }
  ctx.logger.warn({ chain }, 'reorg reaches genesis')
  return { block: -1n, depth }
}
