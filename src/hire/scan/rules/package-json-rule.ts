import { findMalicious } from '../malicious-packages.ts'
import type { Finding, ScanContext } from '../scan-types.ts'
import { baseName, type FileRule, findingAt, type TextFile } from './file-rule.ts'

const HOOKS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare']
const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']
const FETCHING =
  /\b(?:curl|wget|Invoke-WebRequest|iwr|powershell|bitsadmin|certutil)\b|https?:\/\/|\bnode\s+-e\b|\beval\b|base64|\|\s*(?:ba)?sh\b/i

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(text, 'latin1').toString('utf8')) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Index of `"key"` in the raw text (searching from `from`), so a finding points at the right line. */
const keyIndex = (text: string, key: string, from = 0): number => Math.max(0, text.indexOf(`"${key}"`, from))

function lifecycle(file: TextFile, pkg: Record<string, unknown>, out: Finding[]): void {
  const scripts = pkg.scripts
  if (scripts === null || typeof scripts !== 'object') return
  const at = keyIndex(file.text, 'scripts')
  for (const hook of HOOKS) {
    const cmd = (scripts as Record<string, unknown>)[hook]
    if (typeof cmd !== 'string') continue
    const fetches = FETCHING.test(cmd)
    out.push(
      findingAt(
        file,
        keyIndex(file.text, hook, at),
        'SCAN-LIFECYCLE-SCRIPT',
        fetches ? 'high' : 'medium',
        fetches
          ? `npm runs the "${hook}" script on install, and it downloads, evaluates or decodes something`
          : `npm runs the "${hook}" script on install: read it before installing`,
      ),
    )
  }
}

function dependencies(file: TextFile, pkg: Record<string, unknown>, ctx: ScanContext, out: Finding[]): void {
  for (const field of DEP_FIELDS) {
    const deps = pkg[field]
    if (deps === null || typeof deps !== 'object') continue
    const at = keyIndex(file.text, field)
    for (const [name, version] of Object.entries(deps as Record<string, unknown>)) {
      const hit = findMalicious(ctx.maliciousPackages, 'npm', name, typeof version === 'string' ? version : undefined)
      if (hit === undefined) continue
      out.push(
        findingAt(
          file,
          keyIndex(file.text, name, at),
          'SCAN-MALICIOUS-DEPENDENCY',
          'high',
          `depends on ${name}, listed as malicious by ${hit.source}`,
        ),
      )
    }
  }
}

function lockfile(file: TextFile, lock: Record<string, unknown>, ctx: ScanContext, out: Finding[]): void {
  const packages = lock.packages
  if (packages === null || typeof packages !== 'object') return
  for (const [path, meta] of Object.entries(packages as Record<string, unknown>)) {
    const i = path.lastIndexOf('node_modules/')
    if (i === -1) continue
    const name = path.slice(i + 'node_modules/'.length)
    const version = (meta as { version?: unknown } | null)?.version
    const hit = findMalicious(ctx.maliciousPackages, 'npm', name, typeof version === 'string' ? version : undefined)
    if (hit === undefined) continue
    out.push(
      findingAt(
        file,
        keyIndex(file.text, path),
        'SCAN-MALICIOUS-DEPENDENCY',
        'high',
        `lockfile resolves ${name}, listed as malicious by ${hit.source}`,
      ),
    )
  }
}

/** package.json: install-time lifecycle scripts and known-malicious dependencies; package-lock.json: resolved ones. */
export const packageJsonRule: FileRule = (file, ctx, out) => {
  const name = baseName(file.path)
  if (name !== 'package.json' && name !== 'package-lock.json') return
  const pkg = parse(file.text)
  if (pkg === undefined) return
  if (name === 'package-lock.json') return lockfile(file, pkg, ctx, out)
  lifecycle(file, pkg, out)
  dependencies(file, pkg, ctx, out)
}
