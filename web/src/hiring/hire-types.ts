/** POST /v1/hire/applicants/check and POST /v1/hire/scan as JSON (docs/hire.md, src/server/web/web-api-types.ts). */
export interface HireSource {
  id: string
  title: string
  publisher: string
  date: string
  url: string
}

export interface HireSignal {
  ruleId: string
  weight: number
  signal: string
  evidence: string[]
  sources: HireSource[]
}

export interface HireCluster {
  members: string[]
  shared: { kind: string; value: string; members: string[] }[]
  similarResumes: { a: string; b: string; similarity: number }[]
}

export interface ApplicantCheck {
  applicantId: string
  score: number
  band: 'low' | 'medium' | 'high'
  advisory: string
  signals: HireSignal[]
  passed: { ruleId: string; detail: string }[]
  notEvaluated: { ruleId: string; reason: string }[]
  cluster?: HireCluster
  linkedApplicants: string[]
}

export interface ScanFinding {
  file: string
  line: number
  rule: string
  severity: 'low' | 'medium' | 'high'
  message: string
  excerpt: string
}

export interface RepoScan {
  target: string
  kind: 'folder' | 'archive'
  filesScanned: number
  bytesScanned: number
  skipped: string[]
  highest: 'low' | 'medium' | 'high' | 'none'
  counts: { low: number; medium: number; high: number }
  findings: ScanFinding[]
  sha256: string | null
}
