import { loadCampaignPackages } from './malicious-packages.ts'
import { readTarget } from './read-target.ts'
import { scanFile } from './scan-files.ts'
import { type Finding, type MaliciousPackage, type ScanContext, SEVERITY_RANK, type Severity } from './scan-types.ts'
import { loadWalletExtensions } from './wallet-extensions.ts'

export interface ScanOptions {
  /** Known malicious packages; defaults to the shipped campaign list. */
  maliciousPackages?: Map<string, MaliciousPackage>
  minSeverity?: Severity
}

/** The scan of one folder or archive: what was read, what was found, and the worst severity. */
export interface ScanReport {
  target: string
  kind: 'folder' | 'archive'
  filesScanned: number
  bytesScanned: number
  skipped: string[]
  highest: Severity | 'none'
  counts: Record<Severity, number>
  findings: Finding[]
}

/** Builds the rule context once per scan. */
export function createScanContext(options: ScanOptions = {}): ScanContext {
  const walletExtensions = loadWalletExtensions()
  const ids = [...walletExtensions.keys()].filter((id) => /^[a-p]{32}$/.test(id))
  return {
    maliciousPackages: options.maliciousPackages ?? loadCampaignPackages(),
    walletExtensions,
    walletExtensionPattern: new RegExp(ids.length > 0 ? ids.join('|') : '(?!)', 'g'),
  }
}

/**
 * Statically scans a coding-test folder or package archive for the loaders used in fake job offers.
 * It reads each file once and never runs, installs or imports anything it scans.
 */
export function scanRepo(target: string, options: ScanOptions = {}): ScanReport {
  const ctx = createScanContext(options)
  const { kind, files, skipped } = readTarget(target)
  const all: Finding[] = []
  let bytes = 0
  for (const f of files) {
    bytes += f.bytes.length
    scanFile(f, ctx, all)
  }
  const min = SEVERITY_RANK[options.minSeverity ?? 'low']
  const findings = all
    .filter((f) => SEVERITY_RANK[f.severity] >= min)
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        a.line - b.line ||
        a.rule.localeCompare(b.rule),
    )
  const counts: Record<Severity, number> = { low: 0, medium: 0, high: 0 }
  for (const f of findings) counts[f.severity]++
  const highest: ScanReport['highest'] =
    counts.high > 0 ? 'high' : counts.medium > 0 ? 'medium' : counts.low > 0 ? 'low' : 'none'
  return { target, kind, filesScanned: files.length, bytesScanned: bytes, skipped, highest, counts, findings }
}

/** The human-readable scan report. */
export function renderScanTable(r: ScanReport): string {
  const lines = [
    `${r.kind} ${r.target}: ${r.filesScanned} files, ${r.bytesScanned} bytes; ` +
      `${r.counts.high} high, ${r.counts.medium} medium, ${r.counts.low} low`,
  ]
  for (const f of r.findings) {
    lines.push(`${f.severity.toUpperCase().padEnd(6)} ${f.rule}  ${f.file}:${f.line}`)
    lines.push(`       ${f.message}`)
    lines.push(`       > ${f.excerpt}`)
  }
  if (r.skipped.length > 0) lines.push(`skipped (over 16 MiB): ${r.skipped.join(', ')}`)
  return `${lines.join('\n')}\n`
}
