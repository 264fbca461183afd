import type { Severity } from './scan-types.ts'

/** The scanner's rules as documented in docs/hire.md; `severities` lists what each rule can report. */
export interface ScannerRuleInfo {
  id: string
  severities: Severity[]
  technique: string
}

export const SCANNER_RULES: ScannerRuleInfo[] = [
  {
    id: 'SCAN-LIFECYCLE-SCRIPT',
    severities: ['medium', 'high'],
    technique: 'npm preinstall/install/postinstall/prepare script; high when it downloads, evaluates or decodes',
  },
  {
    id: 'SCAN-REMOTE-EVAL',
    severities: ['low', 'medium', 'high'],
    technique:
      'eval / Function / vm (high) or child_process (medium) in a file that fetches remote content; low without a fetch',
  },
  {
    id: 'SCAN-OBFUSCATED',
    severities: ['medium', 'high'],
    technique: 'obfuscator.io-style _0x identifiers; high with a rotated or large string array',
  },
  {
    id: 'SCAN-HIDDEN-WHITESPACE',
    severities: ['high'],
    technique: 'code after a run of 150+ spaces or tabs on one line',
  },
  {
    id: 'SCAN-ENCODED-URL',
    severities: ['high'],
    technique: 'base64, hex or \\x-escaped string (optionally single-byte XOR) that decodes to a URL or IP address',
  },
  { id: 'SCAN-VSCODE-AUTORUN', severities: ['high'], technique: '.vscode/tasks.json task with "runOn": "folderOpen"' },
  {
    id: 'SCAN-WALLET-STORAGE',
    severities: ['high'],
    technique: 'names a browser wallet extension id (MetaMask, Phantom, ...)',
  },
  {
    id: 'SCAN-CREDENTIAL-STORE',
    severities: ['high'],
    technique: 'names a browser password store or keychain (Login Data, Local Extension Settings, login.keychain, ...)',
  },
  {
    id: 'SCAN-MALICIOUS-DEPENDENCY',
    severities: ['high'],
    technique:
      'dependency or lockfile entry on a known malicious package (shipped campaign list, imported OSV MAL- records)',
  },
  {
    id: 'SCAN-RAW-IP-BEACON',
    severities: ['medium', 'high'],
    technique: 'URL to a raw public IP address (high) or a raw public IP literal (medium)',
  },
  {
    id: 'SCAN-UNUSUAL-PORT',
    severities: ['medium', 'high'],
    technique: 'URL to an unusual port; high for ports used by published loaders (1224, 1244, 1245)',
  },
]
