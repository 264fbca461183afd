import type { Command } from 'commander'
import { type ImportEtlResult, importEtl } from '../../sources/etl-files/import-etl.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { cliIO } from '../io.ts'
import { printJson, resolveDbPath } from '../options.ts'

interface ImportEtlFlags {
  chain: string
  db?: string
  json?: boolean
}

/** `dragnet import etl`: ethereum-etl CSV or JSON-lines exports into the store, with transfers derived. */
export function registerImportEtl(program: Command): void {
  const imp = program.command('import').description('Import chain data from files into the store')
  imp
    .command('etl')
    .description(
      'Import ethereum-etl exports (blocks, transactions, receipts, logs, token_transfers, traces; CSV or JSON ' +
        'lines, gzip or not; a directory imports every such file in it), replacing those tables in the blocks ' +
        'the files cover, and derive the transfers of those blocks. All or nothing: a bad file changes nothing.',
    )
    .argument('<path...>', 'files or directories of ethereum-etl exports')
    .option('--chain <name>', 'chain name stored with every row', 'ethereum')
    .option('--db <file>', 'store file (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], flags: ImportEtlFlags) => {
      const store = await openDuckDbStore(resolveDbPath(flags.db))
      try {
        const result = await importEtl(store, paths, { chain: flags.chain })
        if (flags.json) printJson(result)
        else printSummary(result)
      } finally {
        await store.close()
      }
    })
}

function printSummary(r: ImportEtlResult): void {
  const lines = [`imported ${r.files.length} file(s) into chain ${r.chain}, ${r.blocks} block(s)`]
  for (const f of r.files) lines.push(`  ${f.file}: ${f.table ?? 'empty, skipped'} ${f.format} ${f.rows} rows`)
  for (const [table, n] of Object.entries(r.tables)) {
    if (table !== 'transfers') lines.push(`  ${table}: ${n} rows stored`)
  }
  lines.push(`  transfers derived: ${r.transfers}`)
  cliIO().out(`${lines.join('\n')}\n`)
}
