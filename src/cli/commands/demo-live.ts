import { createLogger } from '../../core/logger.ts'
import { DEMO_CHAIN } from '../../demo/heist-demo.ts'
import { playHeistLive } from '../../demo/live-demo.ts'
import type { DuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { freezeWindowLines } from '../../trace/render/freeze-window-lines.ts'
import type { TaintModel } from '../../trace/trace-types.ts'
import { alertLine } from '../../watch/alert-line.ts'
import { cliIO } from '../io.ts'
import { printJson } from '../options.ts'

/**
 * `dragnet demo --live`: the heist played block by block while a watch follows it; each alert printed as it
 * fires (a JSON line each with --json), the freeze windows at the end.
 */
export async function runLiveDemo(store: DuckDbStore, dbPath: string, model: TaintModel, json: boolean): Promise<void> {
  const io = cliIO()
  const started = performance.now()
  let alerts = 0
  if (!json) {
    io.out(
      [
        `A local node plays the heist block by block; a watch follows it into ${dbPath} (chain "${DEMO_CHAIN}")`,
        `and prints each alert the moment the block that raised it is stored (model ${model}).`,
        '',
      ].join('\n'),
    )
  }
  const run = await playHeistLive({ logger: createLogger() }, store, model, (e) => {
    if (e.kind !== 'alerts') return
    alerts += e.alerts.length
    for (const a of e.alerts) io.out(`${json ? JSON.stringify(a) : alertLine(a)}\n`)
  })
  if (json) {
    printJson({
      event: 'done',
      incident: run.incident,
      alerts,
      freezeWindows: run.result.freezeWindows,
      freezeTotals: run.result.freezeTotals,
    })
    return
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  io.out(
    `\n${alerts} alerts over blocks ${run.manifest.heistBlocks.from}-${run.manifest.heistBlocks.to} in ${seconds} s.\n`,
  )
  io.out(`${freezeWindowLines(run.result, 20).join('\n')}\n`)
}
