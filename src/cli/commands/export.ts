import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { Writable } from 'node:stream'
import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { BTC_EXPORT_TABLES, exportBtc, isBtcExportTable } from '../../ingest/btc/export-btc.ts'
import { type ExportOptions, exportTable } from '../../ingest/etl/export-table.ts'
import { openStore, requireDuckDbPath } from '../../store/open-store.ts'
import { EXPORTABLE_TABLES, isChainTable } from '../../store/schema.ts'
import { cliIO, processIO, processStdout } from '../io.ts'
import { blockOption, choiceOption, resolveDbPath } from '../options.ts'

interface ExportFlags {
  format: 'csv' | 'jsonl' | 'parquet'
  out?: string
  chain?: string
  fromBlock?: bigint
  toBlock?: bigint
  crlf?: boolean
  db?: string
}

/** `dragnet export TABLE`: a stored table in ethereum-etl's format, streamed to a file or stdout. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      `Export a table in ethereum-etl's column names, order and value formats (${EXPORTABLE_TABLES.join(', ')}; ` +
        "transfers is Dragnet's own table), in block order. Streams: no table is held in memory.",
    )
    .argument(
      '<table>',
      `one of ${EXPORTABLE_TABLES.join(', ')}; or ${BTC_EXPORT_TABLES.join(', ')} (bitcoin-etl JSON)`,
    )
    .option(
      '--format <format>',
      'csv, jsonl or parquet',
      choiceOption('--format', ['csv', 'jsonl', 'parquet'] as const),
      'csv',
    )
    .option('--out <file>', 'write here instead of stdout (required for parquet)')
    .option('--chain <name>', 'only this chain (default: every chain)')
    .option('--from-block <n>', 'first block', blockOption('--from-block'))
    .option('--to-block <n>', 'last block', blockOption('--to-block'))
    .option('--crlf', "end CSV rows with \\r\\n, as Python's csv module does (default \\n)")
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .action(async (table: string, flags: ExportFlags, command: Command) => {
      if (isBtcExportTable(table)) return await exportBtcTable(table, flags, command)
      if (!isChainTable(table)) {
        throw new DragnetError('UNKNOWN_TABLE', `no table ${table}; export takes ${EXPORTABLE_TABLES.join(', ')}`, {
          details: { table },
        })
      }
      const options: ExportOptions = {}
      if (flags.chain !== undefined) options.chain = flags.chain
      if (flags.fromBlock !== undefined) options.fromBlock = flags.fromBlock
      if (flags.toBlock !== undefined) options.toBlock = flags.toBlock
      if (flags.crlf) options.crlf = true
      if (flags.fromBlock !== undefined && flags.toBlock !== undefined && flags.fromBlock > flags.toBlock) {
        throw new DragnetError('INVALID_RANGE', `--from-block ${flags.fromBlock} is above --to-block ${flags.toBlock}`)
      }
      // Exporting reads: a mistyped --db must not create an empty store and export nothing from it.
      const db = resolveDbPath(flags.db)
      if (flags.format === 'parquet') requireDuckDbPath(db, 'export --format parquet')
      const store = await openStore(db, { mustExist: true })
      try {
        if (flags.format === 'parquet') {
          if (flags.out === undefined) throw new DragnetError('USAGE', 'parquet export needs --out FILE')
          await store.exportParquet(table, flags.out, options)
          return
        }
        if (flags.out === undefined) {
          await exportTable(store, table, flags.format, stdoutWritable(), options)
          return
        }
        const file = createWriteStream(flags.out)
        // Opening fails here (a missing folder, a directory, no permission) rather than as an unheard event.
        await once(file, 'open')
        try {
          await exportTable(store, table, flags.format, file, options)
          file.end()
          await once(file, 'finish')
        } finally {
          file.destroy()
        }
      } finally {
        await store.close()
      }
    })
}

/**
 * A Bitcoin table as bitcoin-etl's JSON lines (its only format here), of one chain (`--chain`, default bitcoin),
 * to --out or stdout.
 */
async function exportBtcTable(table: 'btc_blocks' | 'btc_transactions', flags: ExportFlags, command: Command) {
  if (flags.format !== 'jsonl' && command.getOptionValueSource('format') !== 'default') {
    throw new DragnetError('INVALID_ARGUMENT', `${table} exports as bitcoin-etl JSON lines only: --format jsonl`, {
      details: { table, format: flags.format },
    })
  }
  const store = await openStore(resolveDbPath(flags.db), { mustExist: true })
  const range = {
    ...(flags.fromBlock !== undefined ? { fromBlock: flags.fromBlock } : {}),
    ...(flags.toBlock !== undefined ? { toBlock: flags.toBlock } : {}),
  }
  try {
    const write = (out: Writable) => exportBtc(store.btc, table, flags.chain ?? 'bitcoin', out, range)
    if (flags.out === undefined) {
      await write(stdoutWritable())
      return
    }
    const file = createWriteStream(flags.out)
    await once(file, 'open')
    try {
      await write(file)
      file.end()
      await once(file, 'finish')
    } finally {
      file.destroy()
    }
  } finally {
    await store.close()
  }
}

/** The command's stdout as a Writable, so tests running the CLI in process capture the export. */
function stdoutWritable(): Writable {
  const io = cliIO()
  // The real stdout keeps its backpressure; a captured one takes text as it comes.
  if (io === processIO) return processStdout()
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      io.out(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
      done()
    },
  })
}
