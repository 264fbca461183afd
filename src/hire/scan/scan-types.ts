export type Severity = 'low' | 'medium' | 'high'

/** One thing the scanner found: where, which rule, how bad, and the line that shows it. */
export interface Finding {
  file: string
  line: number
  rule: string
  severity: Severity
  message: string
  excerpt: string
}

/** A file as read from a folder or an archive: its path inside the target and its bytes. */
export interface SourceFile {
  path: string
  bytes: Buffer
}

/** A package that a feed or report names as malicious, with where that claim comes from. */
export interface MaliciousPackage {
  ecosystem: string
  name: string
  /** Affected versions when the feed lists them; empty means every version. */
  versions: string[]
  source: string
}

/** What the per-file rules need besides the file. */
export interface ScanContext {
  maliciousPackages: Map<string, MaliciousPackage>
  walletExtensions: Map<string, string>
  /** The known extension ids as one alternation (global): far faster than matching every 32-letter run. */
  walletExtensionPattern: RegExp
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 }
