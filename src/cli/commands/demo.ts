import type { Command } from 'commander'
import { formatUnits } from '../../core/amount.ts'
import { createLogger } from '../../core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist } from '../../demo/heist-demo.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { cliIO } from '../io.ts'
import { printJson, resolveDbPath } from '../options.ts'

/** `dragnet demo`: the heist on a local node, ingested and traced. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Play a theft and its laundering on a local anvil node (fixed keys, deterministic), ingest it over JSON-RPC ' +
        'into the store (chain "demo"), and report where the stolen funds went.',
    )
    .option('--db <file>', 'store file (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const io = cliIO()
      const store = await openDuckDbStore(resolveDbPath(flags.db))
      try {
        const { manifest, ingest } = await playAndIngestHeist({ logger: createLogger() }, store)
        if (flags.json) {
          printJson({ chain: DEMO_CHAIN, ingest, expected: manifest.expected, seeds: manifest.seeds })
          return
        }
        const symbol = (asset: string) => manifest.assets.find((a) => a.asset === asset)
        const lines = [
          `Heist played on a local node: blocks ${manifest.heistBlocks.from}-${manifest.heistBlocks.to}, ${manifest.transactions.filter((t) => t.phase === 'heist').length} transactions.`,
          `Ingested over JSON-RPC into ${resolveDbPath(flags.db)} (chain "${DEMO_CHAIN}"): ${ingest.blocks} blocks, ${ingest.transactions} transactions, ${ingest.transfers} transfers (traces from ${ingest.traceSource}).`,
          'Stolen:',
          ...manifest.stolen.map((s) => {
            const a = symbol(s.asset)
            return `  ${formatUnits(s.amount, a?.decimals ?? 18)} ${a?.symbol ?? s.asset}`
          }),
        ]
        io.out(`${lines.join('\n')}\n`)
      } finally {
        await store.close()
      }
    })
}
