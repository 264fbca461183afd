import type { Command } from 'commander'
import { formatUnits } from '../../core/amount.ts'
import { DragnetError } from '../../core/errors.ts'
import { createLogger } from '../../core/logger.ts'
import { DEMO_BTC_CHAIN } from '../../demo/bitcoin-leg-demo.ts'
import { checkAgainstGroundTruth, type GroundTruthCheck } from '../../demo/heist-checks.ts'
import {
  DEMO_CHAIN,
  DEMO_DB_PATH,
  playAndIngestHeist,
  shellWord,
  traceCommand,
  traceHeist,
} from '../../demo/heist-demo.ts'
import { renderGroundTruth } from '../../demo/heist-report.ts'
import type { HeistManifest } from '../../devnet/world/manifest.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { requireDuckDbPath } from '../../store/open-store.ts'
import { renderTable } from '../../trace/render/render-table.ts'
import { TAINT_MODELS, type TaintModel, type TraceResult } from '../../trace/trace-types.ts'
import { cliIO } from '../io.ts'
import { choiceOption, intOption, printJson } from '../options.ts'
import { crossChainReport } from './demo-cross-chain.ts'
import { runLiveDemo } from './demo-live.ts'
import { mixersReport } from './demo-mixers.ts'
import { serveDemo } from './demo-serve.ts'

/** `dragnet demo`: the heist on a local node, ingested, labelled and traced, checked against its ground truth. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Play a theft and its laundering on a local anvil node (fixed keys, deterministic), ingest it over JSON-RPC ' +
        `into the demo's own store (chain "${DEMO_CHAIN}", default ${DEMO_DB_PATH}, never the default store), label ` +
        "the world's services, trace the stolen funds, and report what to freeze where, every figure checked " +
        'against the ground truth of the played heist. Exits 1 when a figure differs.',
    )
    .option('--model <model>', 'taint model of the report', choiceOption('--model', TAINT_MODELS), 'haircut')
    .option('--db <file>', `store file for the demo's world (default ${DEMO_DB_PATH})`)
    .option('--json', 'print the trace result (dragnet.trace/1), the ground-truth check and the trace command as JSON')
    .option('--cross-chain', 'play and trace the Bitcoin leg across THORChain (the default)')
    .option(
      '--no-cross-chain',
      'leave out the Bitcoin leg: by default 40 of the stolen ETH are swapped to Bitcoin through a THORChain router, ' +
        'the Bitcoin leg is played on the Bitcoin devnet, ingested over its RPC and traced across (docs/bitcoin.md)',
    )
    .option('--mixers', 'play the mixer leg and trace past the pools along probable links (the default)')
    .option(
      '--no-mixers',
      'leave out the mixer leg: by default the attacker withdraws the three stolen 100 ETH notes (by a relayer to ' +
        "the depositor, directly with the deposit's fee cap, and unlinkably) amid a crowd of careful and careless " +
        'users, and the trace goes on past the pools as a probable layer (docs/mixers.md)',
    )
    .option('--live', 'play the heist block by block while a watch follows it: each alert as it fires (docs/watch.md)')
    .option(
      '--serve',
      "then serve the web app and the API on the demo's embedded stores (no PostgreSQL), the demo incident traced, " +
        'and print a one-time sign-in link; until Ctrl-C or SIGTERM (docs/server.md, "The web app")',
    )
    .option('--port <n>', 'with --serve: port to listen on (0: any free port)', intOption('--port', 0, 65535), 8080)
    .option('--host <addr>', 'with --serve: address to bind', '127.0.0.1')
    .option('--keys-file <file>', 'with --serve: write the URL, organisations, keys and incidents as JSON (mode 0600)')
    .action(async (flags: DemoFlags) => {
      const io = cliIO()
      const dbPath = requireDuckDbPath(flags.db ?? DEMO_DB_PATH, 'demo')
      checkServeFlags(flags)
      const store = await openDuckDbStore(dbPath)
      if (flags.live) {
        try {
          await runLiveDemo(store, dbPath, flags.model, flags.json === true)
        } finally {
          await store.close()
        }
        return
      }
      let checks: GroundTruthCheck[]
      let played: HeistManifest
      try {
        const run = await playAndIngestHeist({ logger: createLogger() }, store, undefined, {
          crossChain: flags.crossChain !== false && !flags.serve,
          mixers: flags.mixers !== false,
        })
        const { manifest, ingest } = run
        played = manifest
        const result = await traceHeist(store, manifest, flags.model)
        checks = checkAgainstGroundTruth(result, manifest)
        const command = traceCommand(manifest, flags.model, dbPath)
        const cross = run.bitcoin ? await crossChainReport(store, manifest, run.bitcoin, flags.model) : null
        const mix = manifest.mixerLeg ? await mixersReport(store, manifest, result) : null
        if (flags.json) {
          const crossChain = cross ? { result: cross.result, groundTruth: cross.checks } : undefined
          const throughMixers = mix
            ? { probable: mix.result.probable, rules: mix.scores, groundTruth: mix.checks }
            : undefined
          printJson({
            store: dbPath,
            theft: theft(manifest),
            trace: result,
            groundTruth: checks,
            command,
            crossChain,
            throughMixers,
          })
        } else {
          io.out(
            [
              ...intro(manifest),
              `Ingested over JSON-RPC into the demo's own store ${dbPath} (chain "${DEMO_CHAIN}"; your default store is untouched):`,
              `  ${ingest.blocks} blocks, ${ingest.transactions} transactions, ${ingest.transfers} transfers, internal ones from ${ingest.traceSource} traces.`,
              '',
            ].join('\n'),
          )
          io.out(renderTable(result))
          io.out(`\n${renderGroundTruth(checks, manifest, flags.model)}`)
          if (cross) io.out(`\n${cross.text}`)
          if (mix) io.out(`\n${mix.text}`)
          io.out(
            `\n${next(manifest, result, flags.model, dbPath, { crossChain: cross !== null, mixers: mix !== null })}`,
          )
        }
        if (cross) checks = [...checks, ...cross.checks]
        if (mix) checks = [...checks, ...mix.checks]
      } finally {
        await store.close()
      }
      const failed = checks.filter((c) => !c.ok)
      if (failed.length > 0) {
        // A figure that differs from the played chain is a defect of the trace, not of the user's input.
        throw new DragnetError(
          'DEMO_CHECK_FAILED',
          `${failed.length} of ${checks.length} figures differ from the ground truth`,
          {
            details: { model: flags.model, failed: failed.map((c) => `${c.kind} ${c.subject}`) },
          },
        )
      }
      if (flags.serve) {
        await serveDemo({
          dbPath,
          manifest: played,
          port: flags.port,
          host: flags.host,
          ...(flags.keysFile === undefined ? {} : { keysFile: flags.keysFile }),
        })
      }
    })
}

interface DemoFlags {
  model: TaintModel
  crossChain?: boolean
  mixers?: boolean
  db?: string
  json?: boolean
  live?: boolean
  serve?: boolean
  port: number
  host: string
  keysFile?: string
}

/** --serve goes with the plain report only; its options mean nothing without it. */
function checkServeFlags(flags: DemoFlags): void {
  if (flags.serve && (flags.json || flags.live)) {
    throw new DragnetError('USAGE', '--serve prints a report and a link: it does not combine with --json or --live')
  }
  if (!flags.serve && flags.keysFile !== undefined) {
    throw new DragnetError('USAGE', '--keys-file is for --serve: add --serve')
  }
}

/** The theft's transactions, the seeds of the trace. */
function theft(manifest: HeistManifest): { tx: string; asset: string; symbol: string; amount: bigint }[] {
  return manifest.seeds.transactions.map((tx, i) => {
    const s = manifest.stolen[i]
    const a = manifest.assets.find((x) => x.asset === s?.asset)
    return { tx, asset: s?.asset ?? 'native', symbol: a?.symbol ?? '', amount: s?.amount ?? 0n }
  })
}

function intro(manifest: HeistManifest): string[] {
  const amount = (asset: string, v: bigint) => {
    const a = manifest.assets.find((x) => x.asset === asset)
    return `${formatUnits(v, a?.decimals ?? 18)} ${a?.symbol ?? asset}`
  }
  const heistTxs = manifest.transactions.filter((t) => t.phase === 'heist').length
  return [
    `The heist: ${manifest.stolen.map((s) => amount(s.asset, s.amount)).join(' and ')} drained from the victim in blocks ${manifest.heistBlocks.from}-${manifest.heistBlocks.to} of a local node,`,
    `then split, peeled, swapped, bridged, mixed, mixed with clean funds and deposited at an exchange (${heistTxs} transactions).`,
    'The theft (the seeds of the trace):',
    ...theft(manifest).map((t) => `  ${t.tx}  ${amount(t.asset, t.amount)}`),
  ]
}

/** How to go on from here: the same trace by hand, and the explanation of its largest freeze target. */
function next(
  manifest: HeistManifest,
  result: TraceResult,
  model: TaintModel,
  dbPath: string,
  parts: { crossChain: boolean; mixers: boolean },
): string {
  const target =
    result.endpoints.find((e) => e.category === 'exchange' && e.freezableBy.length > 0) ?? result.endpoints[0]
  const lines = [
    `Next: the same trace from the demo's store (${dbPath}):`,
    `  ${traceCommand(manifest, model, dbPath)}`,
  ]
  if (target) {
    lines.push(
      `  and how the funds reached ${target.address}:`,
      `  ${traceCommand(manifest, model, dbPath, target.address)}`,
    )
  }
  if (parts.crossChain) {
    lines.push(
      '  and across THORChain onto Bitcoin:',
      `  ${traceCommand(manifest, model, dbPath)} --cross-chain --btc-chain ${DEMO_BTC_CHAIN}`,
    )
  }
  const probable = manifest.mixerLeg?.probable[0]
  if (parts.mixers && probable) {
    lines.push(
      '  and past the mixer pools, with the link the Harbor deposit address rests on:',
      `  ${traceCommand(manifest, model, dbPath)} --through-mixers`,
      `  ${traceCommand(manifest, model, dbPath, probable.address)} --through-mixers`,
      '  and every link the rules find in the pools, with its evidence:',
      `  npx dragnet mixer links --db ${shellWord(dbPath)} --chain ${DEMO_CHAIN}`,
    )
  }
  return `${lines.join('\n')}\n`
}
