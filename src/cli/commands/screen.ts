import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { LabelIndex } from '../../labels/label-index.ts'
import { type LabelBasis, labelBasis, labelBasisText } from '../../screen/label-basis.ts'
import { loadPolicy, SEVERITIES, type Severity } from '../../screen/policy.ts'
import { readScreenInput, reasonText, screenRows } from '../../screen/screen-csv.ts'
import { Screener, type ScreenResult } from '../../screen/screener.ts'
import { openStore } from '../../store/open-store.ts'
import { cliIO } from '../io.ts'
import { type LabelRegistry, openLabelRegistry } from '../label-registry.ts'
import { choiceOption, intOption, printJson, resolveDbPath } from '../options.ts'

interface ScreenFlags {
  file?: string
  out?: string
  policy?: string
  hops: number
  maxEdges: number
  chain?: string
  json?: boolean
  db?: string
  failOn?: Severity
}

function printResult(r: ScreenResult): void {
  const io = cliIO()
  io.out(`${r.address} (${r.chain}): ${r.severity}\n`)
  for (const l of r.labels)
    io.out(`  label  ${l.category}: ${l.name} (${l.source}${l.sourceDate ? ` ${l.sourceDate}` : ''})\n`)
  for (const reason of r.reasons) io.out(`  reason ${reasonText(reason)}\n`)
  if (r.exposureNote) io.out(`  note   ${r.exposureNote}\n`)
  for (const x of r.exposure) if (x.truncated) io.out(`  note   ${x.direction} neighbourhood cut at the edge budget\n`)
}

function printResults(results: readonly ScreenResult[], basis: readonly LabelBasis[]): void {
  for (const r of results) printResult(r)
  cliIO().out(`labels: ${labelBasisText(basis)}\n`)
}

function checkFailOn(results: readonly ScreenResult[], failOn: Severity | undefined): void {
  if (!failOn) return
  const hit = results.filter((r) => SEVERITIES.indexOf(r.severity) >= SEVERITIES.indexOf(failOn))
  if (hit.length > 0) {
    throw new DragnetError('SCREEN_RISK_FOUND', `${hit.length} address(es) at or above ${failOn}`, {
      details: { addresses: hit.map((r) => r.address), failOn },
    })
  }
}

/** `dragnet screen`: sanctions, attribution and exposure risk of addresses, with the reason for every score. */
export function registerScreen(program: Command): void {
  program
    .command('screen')
    .description(
      'Screen addresses: direct hits (the address itself is sanctioned, DPRK-attributed, a mixer ...) from the label ' +
        'registry, and exposure: the haircut share of its incoming and outgoing value that comes from or goes to ' +
        'each labelled category within --hops transfers, from the stored transfers. A policy turns them into a ' +
        'severity (none, low, medium, high, severe) with a reason for each part. See docs/screening.md.',
    )
    .argument('[address...]', 'addresses to screen (EVM 0x, Bitcoin, Tron); validated per chain')
    .option('--file <in.csv>', 'screen the addresses of a CSV (column address, optional chain; or one per line)')
    .option('--out <out.csv>', 'with --file: write the results CSV here (default: stdout)')
    .option('--policy <file>', 'risk policy JSON (default: the shipped policy, src/screen/default-policy.json)')
    .option('--hops <n>', 'exposure within this many transfers; 0 for direct hits only', intOption('--hops', 0, 10), 3)
    .option(
      '--max-edges <n>',
      'transfers read per address and direction at most',
      intOption('--max-edges', 1, 50_000_000),
      200_000,
    )
    .option(
      '--chain <chain>',
      'chain of every address (default: guessed from its form); a chain the store holds or Dragnet knows by name',
    )
    .option(
      '--fail-on <severity>',
      'exit with code 10 when any address scores this or worse',
      choiceOption('--fail-on', SEVERITIES),
    )
    .option(
      '--db <file|url>',
      'store: a DuckDB file or postgres://user@host/db (default: $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option('--json', 'print results as JSON')
    .action(async (addresses: string[], o: ScreenFlags) => {
      if (!o.file && addresses.length === 0) throw new DragnetError('USAGE', 'give addresses or --file')
      if (o.out && !o.file) throw new DragnetError('USAGE', '--out needs --file')
      const policy = o.policy ? loadPolicy(o.policy) : loadPolicy()
      const rows = o.file ? readScreenInput(o.file) : []
      const store = await openStore(resolveDbPath(o.db))
      let registry: LabelRegistry | undefined
      try {
        registry = await openLabelRegistry(store)
        const pack = registry.pack ?? { loaded: [], refreshed: [], kept: [], sources: [] }
        // Beside PostgreSQL the pack is loaded in memory on every run: only a DuckDB store keeps it.
        if (store.kind === 'duckdb' && (pack.loaded.length > 0 || pack.refreshed.length > 0)) {
          cliIO().err(`loaded the shipped label pack: ${[...pack.loaded, ...pack.refreshed].join(', ')}\n`)
        }
        const basis = labelBasis(pack.sources)
        const index = await LabelIndex.fromStore(registry.labels)
        const options = { hops: o.hops, maxEdges: o.maxEdges, ...(o.chain ? { chain: o.chain } : {}) }
        const screener = new Screener(index, policy, store, options)
        if (o.file) {
          const { text, results } = await screenRows(screener, rows)
          if (o.out) writeFileSync(o.out, text)
          else cliIO().out(text)
          // The CSV stays data only; the lists it rests on go to stderr (and into --json).
          cliIO().err(`labels: ${labelBasisText(basis)}\n`)
          const ok = results.filter((r): r is ScreenResult => !(r instanceof DragnetError))
          if (o.json) {
            printJson({
              screened: results.length,
              invalid: results.length - ok.length,
              labelSources: basis,
              results: ok,
            })
          }
          checkFailOn(ok, o.failOn)
          return
        }
        const screened = await screener.screenMany(addresses.map((address) => ({ address })))
        const invalid = screened.find((r) => r instanceof DragnetError)
        if (invalid) throw invalid
        const results = screened as ScreenResult[]
        if (o.json) printJson({ policy: policy.name, hops: o.hops, labelSources: basis, results })
        else printResults(results, basis)
        checkFailOn(results, o.failOn)
      } finally {
        await registry?.close()
        await store.close()
      }
    })
}
