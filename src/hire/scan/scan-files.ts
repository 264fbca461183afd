import { encodedUrlRule } from './rules/encoded-url-rule.ts'
import type { FileRule, TextFile } from './rules/file-rule.ts'
import { hiddenWhitespaceRule } from './rules/hidden-whitespace-rule.ts'
import { networkBeaconRule } from './rules/network-beacon-rule.ts'
import { obfuscationRule } from './rules/obfuscation-rule.ts'
import { packageJsonRule } from './rules/package-json-rule.ts'
import { remoteEvalRule } from './rules/remote-eval-rule.ts'
import { vscodeTasksRule } from './rules/vscode-tasks-rule.ts'
import { walletStorageRule } from './rules/wallet-storage-rule.ts'
import type { Finding, ScanContext, SourceFile } from './scan-types.ts'

const RULES: FileRule[] = [
  packageJsonRule,
  vscodeTasksRule,
  remoteEvalRule,
  obfuscationRule,
  hiddenWhitespaceRule,
  encodedUrlRule,
  walletStorageRule,
  networkBeaconRule,
]

/** Binary files (a NUL byte early on) are not text and are skipped. */
export function looksBinary(bytes: Buffer): boolean {
  const nul = bytes.indexOf(0)
  return nul !== -1 && nul < 8192
}

/** Runs every rule over one file's bytes; nothing in the file is executed or interpreted beyond JSON.parse. */
export function scanFile(file: SourceFile, ctx: ScanContext, out: Finding[]): void {
  if (looksBinary(file.bytes)) return
  const text: TextFile = { path: file.path, text: file.bytes.toString('latin1') }
  for (const rule of RULES) rule(text, ctx, out)
}
