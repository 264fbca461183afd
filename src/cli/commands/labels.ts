import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { detectChain } from '../../labels/chain-address.ts'
import { ensureDefaultLabels } from '../../labels/default-labels.ts'
import { DuckDbLabelStore } from '../../labels/duckdb-label-store.ts'
import { labelsToCsv } from '../../labels/formats/csv-labels.ts'
import { labelsToTagpack } from '../../labels/formats/tagpack.ts'
import { importLabelFile, LABEL_FORMATS, type LabelFormat } from '../../labels/import-labels.ts'
import type { LabelDiff, StoredLabel } from '../../labels/label-types.ts'
import { diffSdnFiles } from '../../labels/sdn-diff.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { cliIO } from '../io.ts'
import { choiceOption, printJson, resolveDuckDbPath } from '../options.ts'

interface Common {
  db?: string
  json?: boolean
}

async function withLabels<T>(db: string | undefined, fn: (s: DuckDbLabelStore) => Promise<T>): Promise<T> {
  const store = await openDuckDbStore(resolveDuckDbPath(db, 'labels'))
  try {
    return await fn(new DuckDbLabelStore(store.connection))
  } finally {
    await store.close()
  }
}

function diffSummary(d: LabelDiff) {
  return { source: d.source, added: d.added.length, removed: d.removed.length, kept: d.kept }
}

function printDiffs(diffs: LabelDiff[], json: boolean | undefined): void {
  if (json) {
    printJson({ sources: diffs.map(diffSummary) })
    return
  }
  for (const d of diffs) {
    cliIO().out(`${d.source}: ${d.added.length} added, ${d.removed.length} removed, ${d.kept} kept\n`)
  }
}

function labelLine(l: StoredLabel): string {
  const when = l.removedOn ? `listed ${l.addedOn}, removed ${l.removedOn}` : `listed ${l.addedOn}`
  const prog = l.programmes.length > 0 ? ` [${l.programmes.join(', ')}]` : ''
  return `  ${l.category.padEnd(16)} ${l.name}${prog}  (${l.source}${l.sourceDate ? ` ${l.sourceDate}` : ''}, confidence ${l.confidence}, ${l.chain}${l.asset ? ` ${l.asset}` : ''}; ${when})\n`
}

function registerImport(labels: Command): void {
  labels
    .command('import')
    .description(
      'Import labels from a file; the file is read in full before anything is stored, and each source it holds ' +
        'replaces that source: addresses it no longer lists are marked removed (kept with the date), not deleted. ' +
        'ofac-sdn reads the SDN advanced XML (.xml, .xml.bz2, .xml.gz by magic bytes, streamed).',
    )
    .requiredOption('--format <format>', `one of ${LABEL_FORMATS.join(', ')}`, choiceOption('--format', LABEL_FORMATS))
    .argument('<file>', 'the label file')
    .option('--source <id>', 'source id to store the labels under (default: per format)')
    .option('--source-date <YYYY-MM-DD>', 'publication date of the list, when the file does not state it')
    .option('--db <path>', 'store file (default: $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: Common & { format: LabelFormat; source?: string; sourceDate?: string }) => {
      if (o.sourceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.sourceDate)) {
        throw new DragnetError('INVALID_ARGUMENT', `--source-date must be YYYY-MM-DD, got ${o.sourceDate}`)
      }
      const opts = { ...(o.source ? { source: o.source } : {}), ...(o.sourceDate ? { sourceDate: o.sourceDate } : {}) }
      const diffs = await withLabels(o.db, (s) => importLabelFile(s, o.format, file, opts))
      printDiffs(diffs, o.json)
    })
}

function registerShow(labels: Command): void {
  labels
    .command('show')
    .description('Show every label of an address from every source, with when each was listed and removed.')
    .argument('<address>', 'the address (EVM addresses match in any case and on every EVM chain)')
    .option('--chain <chain>', 'chain of the address (default: guessed from its form)')
    .option('--db <path>', 'store file')
    .option('--json', 'print the labels as JSON')
    .action(async (address: string, o: Common & { chain?: string }) => {
      const chain = o.chain ?? detectChain(address) ?? 'other'
      const list = await withLabels(o.db, async (s) => {
        await ensureDefaultLabels(s)
        return s.labelsOf(chain, address, { includeRemoved: true })
      })
      if (o.json) return printJson({ address, chain, labels: list })
      const io = cliIO()
      if (list.length === 0) return io.out(`${address}: no labels\n`)
      io.out(`${address} (${chain}):\n`)
      for (const l of list) io.out(labelLine(l))
    })
}

function registerDiff(labels: Command): void {
  labels
    .command('diff')
    .description('Compare two SDN advanced XML files: the digital currency addresses the newer one adds and delists.')
    .argument('<old>', 'the older SDN file')
    .argument('<new>', 'the newer SDN file')
    .option('--json', 'print the difference as JSON')
    .action(async (oldPath: string, newPath: string, o: Common) => {
      const d = await diffSdnFiles(oldPath, newPath)
      if (o.json) return printJson(d)
      const io = cliIO()
      io.out(
        `${d.old.issued ?? '?'} -> ${d.new.issued ?? '?'}: ${d.added.length} added, ${d.removed.length} delisted\n`,
      )
      for (const a of d.added) io.out(`+ ${a.asset} ${a.address}  ${a.entity} [${a.programmes.join(', ')}]\n`)
      for (const a of d.removed) io.out(`- ${a.asset} ${a.address}  ${a.entity} [${a.programmes.join(', ')}]\n`)
    })
}

function registerExport(labels: Command): void {
  labels
    .command('export')
    .description('Export the listed labels as a GraphSense TagPack (YAML) or as CSV (the columns import reads).')
    .requiredOption('--format <format>', 'tagpack or csv', choiceOption('--format', ['tagpack', 'csv'] as const))
    .option('--out <file>', 'write here instead of stdout')
    .option('--source <id>', 'only this source')
    .option('--db <path>', 'store file')
    .action(async (o: Common & { format: 'tagpack' | 'csv'; out?: string; source?: string }) => {
      const all = await withLabels(o.db, async (s) => {
        await ensureDefaultLabels(s)
        const out: StoredLabel[] = []
        for await (const b of s.active(o.source ? { source: o.source } : {})) out.push(...b)
        return out
      })
      all.sort((a, b) => a.source.localeCompare(b.source) || a.address.localeCompare(b.address))
      const text = o.format === 'csv' ? labelsToCsv(all) : labelsToTagpack(all)
      if (o.out) writeFileSync(o.out, text)
      else cliIO().out(text)
    })
}

function registerUpdate(labels: Command): void {
  labels
    .command('update')
    .description(
      'Refresh the registry from a label pack (dragnet.labelpack/1, .json or .json.gz), such as a newer build of ' +
        'the default pack: each source in the pack replaces that source, with additions and removals kept as history.',
    )
    .requiredOption('--from <file>', 'the label pack')
    .option('--db <path>', 'store file')
    .option('--json', 'print the result as JSON')
    .action(async (o: Common & { from: string }) => {
      const diffs = await withLabels(o.db, (s) => importLabelFile(s, 'pack', o.from))
      printDiffs(diffs, o.json)
    })
}

function registerSources(labels: Command): void {
  labels
    .command('sources')
    .description('List the label sources in the store: format, list date, when imported, labels listed now.')
    .option('--db <path>', 'store file')
    .option('--json', 'print as JSON')
    .action(async (o: Common) => {
      const list = await withLabels(o.db, async (s) => {
        await ensureDefaultLabels(s)
        return s.sources()
      })
      if (o.json) return printJson({ sources: list })
      for (const s of list) {
        cliIO().out(`${s.source}\t${s.format}\t${s.sourceDate ?? '-'}\t${s.active} listed\timported ${s.importedAt}\n`)
      }
    })
}

/** `dragnet labels ...`: the label registry: import, show, diff, export, update, sources. */
export function registerLabels(program: Command): void {
  const labels = program
    .command('labels')
    .description('The label registry: who an address belongs to, by source, with its history (docs/labels.md).')
  registerImport(labels)
  registerShow(labels)
  registerDiff(labels)
  registerExport(labels)
  registerUpdate(labels)
  registerSources(labels)
}
