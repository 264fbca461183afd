import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { loadApplicantDir, loadApplicantFile } from '../../hire/applicant/load-applicants.ts'
import { type LinkOptions, linkApplicants } from '../../hire/link/link-applicants.ts'
import { loadRuleSet } from '../../hire/rules/load-rules.ts'
import { importOsv, loadCampaignPackages } from '../../hire/scan/malicious-packages.ts'
import { renderScanTable, scanRepo } from '../../hire/scan/scan-repo.ts'
import type { Severity } from '../../hire/scan/scan-types.ts'
import { SCANNER_RULES } from '../../hire/scan/scanner-rules.ts'
import { renderCluster, renderScreenTable } from '../../hire/screen/render-screen.ts'
import { type ScreenReport, screenApplicant } from '../../hire/screen/screen-applicant.ts'
import { openWalletScreener } from '../../hire/wallet/open-wallet-screener.ts'
import type { WalletScreener } from '../../hire/wallet/wallet-screener.ts'
import { cliIO } from '../io.ts'
import { choiceOption, intOption, resolveDuckDbPath } from '../options.ts'

type Format = 'table' | 'json'

interface OutputFlags {
  format: Format
  json?: boolean
}

const formatOption = choiceOption('--format', ['table', 'json'] as const)
const wantsJson = (f: OutputFlags): boolean => f.json === true || f.format === 'json'

/** Writes JSON through the command's IO; bigints become decimal strings as in printJson. */
function writeJson(value: unknown): void {
  cliIO().out(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`)
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function linkOptions(percent: number | undefined): LinkOptions {
  return percent === undefined ? {} : { resumeThreshold: percent / 100 }
}

interface ScreenFlags extends OutputFlags {
  against?: string
  labels?: string
  db?: string
  hops: number
  rules?: string
  resumeThreshold?: number
}

function registerScreen(hire: Command): void {
  hire
    .command('screen')
    .description(
      'Score an applicant against published DPRK IT-worker red flags. Advisory: every fired signal shows its rule, ' +
        'weight, evidence and the advisory it comes from; nationality or ethnicity is never a signal.',
    )
    .argument('<applicant>', 'applicant JSON file (one record or an array; schema in docs/hire.md)')
    .option('--against <dir>', 'folder of other applicants (*.json) to link against')
    .option(
      '--db <path>',
      'store whose label registry (the shipped pack and imported sources) and transfers screen payroll wallets ' +
        '(default: $DRAGNET_DB or ./dragnet-data/dragnet.duckdb)',
    )
    .option(
      '--labels <file>',
      'extra wallet labels, CSV as `dragnet labels import --format csv` reads it, screened beside the registry',
    )
    .option(
      '--hops <n>',
      'wallet exposure within this many transfers, as dragnet screen',
      intOption('--hops', 0, 10),
      3,
    )
    .option('--rules <file>', 'red-flag rule file (default: the shipped src/hire/data/red-flag-rules.json)')
    .option(
      '--resume-threshold <percent>',
      'resume similarity that links applicants (default 80)',
      intOption('--resume-threshold', 1, 100),
    )
    .option('--format <format>', 'table or json', formatOption, 'table')
    .option('--json', 'same as --format json')
    .action(async (file: string, flags: ScreenFlags) => {
      const applicants = loadApplicantFile(file)
      const rules = loadRuleSet(flags.rules)
      const against = flags.against === undefined ? undefined : loadApplicantDir(flags.against)
      // The store is opened only when some applicant names a payroll wallet (or a label file is to be read).
      const wallets = flags.labels !== undefined || applicants.some((a) => (a.payment?.wallets ?? []).length > 0)
      const opened = wallets
        ? await openWalletScreener({
            db: resolveDuckDbPath(flags.db, 'hire'),
            labelsCsv: flags.labels,
            hops: flags.hops,
          })
        : undefined
      const walletScreener: WalletScreener | undefined = opened?.screener
      const reports: ScreenReport[] = []
      try {
        for (const a of applicants) {
          reports.push(
            await screenApplicant(a, {
              rules,
              ...(against === undefined ? {} : { against }),
              ...(walletScreener === undefined ? {} : { walletScreener }),
              link: linkOptions(flags.resumeThreshold),
            }),
          )
        }
      } finally {
        await opened?.close()
      }
      if (wantsJson(flags)) writeJson(reports.length === 1 ? reports[0] : reports)
      else cliIO().out(reports.map(renderScreenTable).join('\n'))
    })
    .exitOverride()
}

function registerLink(hire: Command): void {
  hire
    .command('link')
    .description(
      'Find clusters of applicants who share an email, phone, shipping address, document or photo hash, wallet, ' +
        'or a near-identical resume, and show what links each cluster.',
    )
    .argument('<dir>', 'folder of applicant JSON files')
    .option(
      '--resume-threshold <percent>',
      'resume similarity that links applicants (default 80)',
      intOption('--resume-threshold', 1, 100),
    )
    .option('--format <format>', 'table or json', formatOption, 'table')
    .option('--json', 'same as --format json')
    .action((dir: string, flags: OutputFlags & { resumeThreshold?: number }) => {
      const result = linkApplicants(loadApplicantDir(dir), linkOptions(flags.resumeThreshold))
      if (wantsJson(flags)) return writeJson(result)
      const lines = [`${result.applicants} applicants, ${result.clusters.length} clusters`]
      for (const c of result.clusters) lines.push(...renderCluster(c))
      cliIO().out(`${lines.join('\n')}\n`)
    })
    .exitOverride()
}

interface ScanFlags extends OutputFlags {
  osv?: string[]
  minSeverity: Severity
}

function registerScanRepo(hire: Command): void {
  hire
    .command('scan-repo')
    .description(
      'Statically scan a coding-test folder or npm package (.tgz) for hidden loaders: install scripts, fetch-and-eval, ' +
        'obfuscation, hidden code, encoded URLs, VS Code autorun tasks, wallet and keychain access, malicious ' +
        'dependencies, raw-IP beacons. Never runs or installs what it scans. Exits 10 on a high-severity finding.',
    )
    .argument('<target>', 'folder, or .tgz/.tar package archive')
    .option('--osv <path>', 'import OSV "MAL-" records (a JSON file, an array, or a folder tree); repeatable', collect)
    .option(
      '--min-severity <level>',
      'low, medium or high',
      choiceOption('--min-severity', ['low', 'medium', 'high'] as const),
      'low',
    )
    .option('--format <format>', 'table or json', formatOption, 'table')
    .option('--json', 'same as --format json')
    .action((target: string, flags: ScanFlags) => {
      const packages = loadCampaignPackages()
      for (const p of flags.osv ?? []) importOsv(p, packages)
      const report = scanRepo(target, { maliciousPackages: packages, minSeverity: flags.minSeverity })
      if (wantsJson(flags)) writeJson(report)
      else cliIO().out(renderScanTable(report))
      if (report.counts.high > 0) {
        throw new DragnetError('HIRE_HIGH_RISK_FINDING', `${report.counts.high} high-severity findings in ${target}`, {
          details: { target, high: report.counts.high },
        })
      }
    })
    .exitOverride()
}

function registerRules(hire: Command): void {
  hire
    .command('rules')
    .description('List the applicant red-flag rules with their sources, and the scanner rules.')
    .option('--rules <file>', 'red-flag rule file (default: the shipped one)')
    .option('--format <format>', 'table or json', formatOption, 'table')
    .option('--json', 'same as --format json')
    .action((flags: OutputFlags & { rules?: string }) => {
      const rules = loadRuleSet(flags.rules)
      if (wantsJson(flags)) return writeJson({ applicant: rules, scanner: SCANNER_RULES })
      const lines = ['applicant rules:']
      for (const r of rules.rules) {
        lines.push(`  ${r.id} (+${r.weight}): ${r.signal}`)
        for (const s of r.sources)
          lines.push(`      ${rules.sources[s]!.title} (${rules.sources[s]!.date}) ${rules.sources[s]!.url}`)
      }
      lines.push('scanner rules:')
      for (const r of SCANNER_RULES) lines.push(`  ${r.id} [${r.severities.join('/')}]: ${r.technique}`)
      cliIO().out(`${lines.join('\n')}\n`)
    })
    .exitOverride()
}

/** `dragnet hire ...`: screen applicants, link them, and scan coding tests. */
export function registerHire(program: Command): void {
  const hire = program
    .command('hire')
    .description('Hire safely: screen applicants against DPRK IT-worker red flags, link applicants, scan coding tests.')
  registerScreen(hire)
  registerLink(hire)
  registerScanRepo(hire)
  registerRules(hire)
}
