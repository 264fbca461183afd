import type { Logger } from '../../core/logger.ts'
import type { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import type { Store } from '../../store/store.ts'
import { alertLine } from '../../watch/alert-line.ts'
import type { TaintWatch } from '../../watch/taint-watch.ts'
import { runWatch } from '../../watch/watch-runner.ts'
import { cliIO } from '../io.ts'
import type { WatchFlags } from './watch.ts'

/**
 * Runs the watch and prints as it goes: each alert on stdout (a JSON line with --json, else a readable line), the
 * node going away and coming back on stderr. Returns when `signal` aborts or --until-block is watched.
 */
export async function printWatchEvents(
  logger: Logger,
  store: Store,
  client: JsonRpcClient,
  watches: readonly TaintWatch[],
  flags: WatchFlags,
  fromBlock: bigint,
  signal: AbortSignal,
): Promise<void> {
  const io = cliIO()
  const ac = new AbortController()
  const onAbort = () => ac.abort()
  signal.addEventListener('abort', onAbort)
  const note = (event: string, text: string, extra: Record<string, unknown> = {}) =>
    io.err(flags.json ? `${JSON.stringify({ event, ...extra })}\n` : `dragnet: ${text}\n`)
  try {
    const events = runWatch(
      { logger },
      store,
      client,
      async () => watches,
      {
        chain: flags.chain,
        fromBlock,
        traces: flags.traces,
        concurrency: 4,
        batchSize: 50,
        follow: {
          mode: flags.heads,
          pollIntervalMs: flags.pollInterval,
          ...(flags.wsUrl === undefined ? {} : { wsUrl: flags.wsUrl }),
        },
      },
      ac.signal,
    )
    for await (const e of events) {
      if (e.kind === 'node-away')
        note('node-away', `node away (${e.error.code}: ${e.error.message}); waiting for it to come back`, {
          error: e.error.toJSON(),
        })
      else if (e.kind === 'node-back')
        note('node-back', `node back (${e.via}); catching up from the last stored block`, { via: e.via })
      else {
        if (e.alerts.length > 0)
          io.out(e.alerts.map((a) => `${flags.json ? JSON.stringify(a) : alertLine(a)}\n`).join(''))
        if (flags.untilBlock !== undefined && e.to >= flags.untilBlock) ac.abort()
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
