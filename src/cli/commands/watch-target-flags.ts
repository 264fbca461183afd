import { DragnetError } from '../../core/errors.ts'
import { watchedIncidents } from '../../server/db/incident-watches.ts'
import { migrateServerDb } from '../../server/db/server-migrations.ts'
import { serverDbTarget } from '../../server/serve.ts'
import type { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import { openSqlClient } from '../../store/postgres/open-sql-client.ts'
import { parseSeeds, traceRequest } from '../../trace/trace-request.ts'
import type { WatchTarget } from '../../watch/taint-watch.ts'
import { adHocTarget, firstSeedBlock } from '../../watch/watch-targets.ts'
import { resolveServerDb } from './serve.ts'
import type { WatchFlags } from './watch.ts'

/**
 * What `dragnet watch` follows: an ad-hoc target from --seed, and the incidents marked for watching in the server
 * state (--server-db, or only those --incident names). `fromBlock`: where storing starts on a store that has no
 * block yet: the earliest target's first block, else the node's head.
 */
export async function watchTargetsOf(
  flags: WatchFlags,
  client: JsonRpcClient,
  head: bigint,
): Promise<{ targets: WatchTarget[]; fromBlock: bigint }> {
  const targets: WatchTarget[] = []
  if (flags.seed.length > 0) {
    const seeds = parseSeeds(flags.seed)
    const from = flags.fromBlock ?? (await firstSeedBlock(client, seeds.txs))
    const request = traceRequest(flags.chain, seeds, {
      model: flags.model,
      limits: { hops: flags.hops, ...(from === undefined ? { fromBlock: head } : { fromBlock: from }) },
    })
    targets.push(adHocTarget(request))
  }
  if (flags.serverDb !== undefined) {
    const db = await openSqlClient(serverDbTarget(resolveServerDb(flags.serverDb)))
    try {
      // As `serve` does: a state written by an older version is brought up to date first.
      await migrateServerDb(db)
      const watched = await watchedIncidents(db, flags.incident)
      const other = watched.filter((w) => w.target.request.chain !== flags.chain)
      if (other.length > 0) {
        throw new DragnetError(
          'INVALID_ARGUMENT',
          `incident ${other[0]?.target.incident} is on chain ${other[0]?.target.request.chain}, not ${flags.chain}: pass --chain`,
          {
            details: { incidents: other.map((w) => w.target.incident) },
          },
        )
      }
      targets.push(...watched.map((w) => w.target))
    } finally {
      await db.close()
    }
  }
  if (targets.length === 0) {
    throw new DragnetError(
      'WATCH_UNKNOWN_INCIDENT',
      'the server state marks no open incident with seeds for watching',
      {
        details: { serverDb: flags.serverDb ?? null },
      },
    )
  }
  let fromBlock = targets[0]?.request.limits.fromBlock ?? 0n
  for (const t of targets) {
    const first = t.request.limits.fromBlock ?? 0n
    if (first < fromBlock) fromBlock = first
  }
  return { targets, fromBlock }
}
