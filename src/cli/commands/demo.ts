import type { Command } from 'commander'
import { formatUnits } from '../../core/amount.ts'
import { createLogger } from '../../core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist, traceHeist } from '../../demo/heist-demo.ts'
import { checkAgainstGroundTruth, renderGroundTruth } from '../../demo/heist-report.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { renderTable } from '../../trace/render-table.ts'
import { TAINT_MODELS, type TaintModel } from '../../trace/trace-types.ts'
import { cliIO } from '../io.ts'
import { choiceOption, printJson, resolveDbPath } from '../options.ts'

/** `dragnet demo`: the heist on a local node, ingested, labelled and traced, checked against its ground truth. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Play a theft and its laundering on a local anvil node (fixed keys, deterministic), ingest it over JSON-RPC ' +
        'into the store (chain "demo"), label the world\'s services, trace the stolen funds, and report what to ' +
        'freeze where, checked against the ground truth of the played heist.',
    )
    .option('--model <model>', 'taint model of the report', choiceOption('--model', TAINT_MODELS), 'haircut')
    .option('--db <file>', 'store file (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)')
    .option('--json', 'print the trace result (dragnet.trace/1) and the ground-truth check as JSON')
    .action(async (flags: { model: TaintModel; db?: string; json?: boolean }) => {
      const io = cliIO()
      const dbPath = resolveDbPath(flags.db)
      const store = await openDuckDbStore(dbPath)
      try {
        const { manifest, ingest } = await playAndIngestHeist({ logger: createLogger() }, store)
        const result = await traceHeist(store, manifest, flags.model)
        const checks = checkAgainstGroundTruth(result, manifest)
        if (flags.json) {
          printJson({ trace: result, groundTruth: checks })
          return
        }
        const asset = (a: string) => manifest.assets.find((x) => x.asset === a)
        const stolen = manifest.stolen
          .map((s) => `${formatUnits(s.amount, asset(s.asset)?.decimals ?? 18)} ${asset(s.asset)?.symbol ?? s.asset}`)
          .join(' and ')
        io.out(
          [
            `The heist: ${stolen} drained from the victim in blocks ${manifest.heistBlocks.from}-${manifest.heistBlocks.to} of a local node,`,
            `then split, peeled, swapped, bridged, mixed and deposited at an exchange (${manifest.transactions.filter((t) => t.phase === 'heist').length} transactions).`,
            `Ingested over JSON-RPC into ${dbPath} (chain "${DEMO_CHAIN}"): ${ingest.blocks} blocks, ${ingest.transactions} transactions, ${ingest.transfers} transfers, internal ones from ${ingest.traceSource} traces.`,
            '',
          ].join('\n'),
        )
        io.out(renderTable(result))
        io.out(`\n${renderGroundTruth(checks, manifest)}`)
        io.out(
          `\nNext: npx dragnet trace --chain ${DEMO_CHAIN} --seed ${manifest.seeds.transactions[0]} --from-block ${manifest.heistBlocks.from} --explain ADDRESS\n`,
        )
      } finally {
        await store.close()
      }
    })
}
