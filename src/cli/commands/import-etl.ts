import type { Command } from 'commander'
import { btcImportLines, importBtcEtl, splitBtcEtlPaths } from '../../ingest/btc/import-btc-etl.ts'
import { type ImportEtlResult, importEtl } from '../../ingest/etl/import-etl.ts'
import type { TableChange } from '../../store/import-merge.ts'
import { openStore } from '../../store/open-store.ts'
import type { ChainTable } from '../../store/schema.ts'
import { cliIO } from '../io.ts'
import { printJson, resolveDbPath } from '../options.ts'

interface ImportEtlFlags {
  memoryLimit?: string
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
        'lines, gzip or not; a directory imports every such file in it and in the folders below it). Rows replace ' +
        'the stored rows with the same key; a block the files hold whole also loses stored rows they lack, a block ' +
        'held only in part (a cut file) keeps them; the summary says which. Transfers of those blocks are derived ' +
        'again. Warns about what the data cannot show. All or nothing: a bad file changes nothing. ' +
        "bitcoin-etl's blocks.json and transactions.json go to the btc tables (chain bitcoin unless --chain).",
    )
    .argument('<path...>', 'files or directories of ethereum-etl exports')
    .option('--chain <name>', 'chain name stored with every row', 'ethereum')
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit, e.g. 4GB (default $DRAGNET_MEMORY_LIMIT or half the machine's memory)",
    )
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], flags: ImportEtlFlags, command: Command) => {
      const { btc, rest } = await splitBtcEtlPaths(paths)
      const store = await openStore(resolveDbPath(flags.db), { memoryLimit: flags.memoryLimit })
      try {
        // bitcoin-etl's blocks.json and transactions.json go to the btc tables, of chain bitcoin unless --chain.
        const btcChain = command.getOptionValueSource('chain') === 'cli' ? flags.chain : 'bitcoin'
        const bitcoin = btc.length > 0 ? await importBtcEtl(store.btc, btc, { chain: btcChain }) : undefined
        const result = rest.length > 0 || !bitcoin ? await importEtl(store, rest, { chain: flags.chain }) : undefined
        if (flags.json) printJson(result ? { ...result, ...(bitcoin ? { bitcoin } : {}) } : bitcoin)
        else {
          if (result) printSummary(result)
          if (bitcoin) cliIO().out(`${btcImportLines(bitcoin).join('\n')}\n`)
        }
      } finally {
        await store.close()
      }
    })
}

function printSummary(r: ImportEtlResult): void {
  const lines = [`imported ${r.files.length} file(s) into chain ${r.chain}, ${r.blocks} block(s)`]
  for (const f of r.files) lines.push(`  ${f.file}: ${f.table ?? 'empty, skipped'} ${f.format} ${f.rows} rows`)
  if (r.skipped.length > 0) {
    lines.push(
      `  skipped ${r.skipped.length} file(s) that are no ethereum-etl table: ${r.skipped.slice(0, 3).join(', ')}`,
    )
  }
  for (const [table, n] of Object.entries(r.tables)) {
    if (table === 'transfers') continue
    const change = r.changes[table as ChainTable]
    lines.push(`  ${table}: ${n} rows stored${change ? `; ${describeChange(change)}` : ''}`)
  }
  const before = r.changes.transfers?.replaced ?? 0
  lines.push(
    `  transfers derived: ${r.transfers}${before > 0 ? ` (replacing ${before} derived before in those blocks)` : ''}`,
  )
  cliIO().out(`${lines.join('\n')}\n`)
  for (const w of r.warnings) cliIO().err(`dragnet: warning: ${w}\n`)
}

/** What became of the rows stored before, in words: replaced, removed, and kept in blocks not known whole. */
export function describeChange(c: TableChange): string {
  const parts = [`replaced ${c.replaced} stored row(s) with the same key`, `removed ${c.removed}`]
  if (c.kept > 0) {
    const more = c.keptBlocks > c.keptBlockNumbers.length ? ', ...' : ''
    parts.push(
      `kept ${c.kept} stored row(s) the files lack in ${c.keptBlocks} block(s) they may hold only in part ` +
        `(${c.keptBlockNumbers.join(', ')}${more})`,
    )
  }
  return parts.join(', ')
}
