import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import type { MaliciousPackage } from './scan-types.ts'

const keyOf = (ecosystem: string, name: string): string => `${ecosystem.toLowerCase()}:${name}`

interface CampaignFile {
  packages: Array<{
    ecosystem: string
    name: string
    osv?: string
    report: { publisher: string; title: string; date: string; url: string }
  }>
}

/** The shipped list of campaign packages (src/hire/data/campaign-packages.json), keyed "npm:name". */
export function loadCampaignPackages(): Map<string, MaliciousPackage> {
  const file = JSON.parse(
    readFileSync(new URL('../data/campaign-packages.json', import.meta.url), 'utf8'),
  ) as CampaignFile
  const out = new Map<string, MaliciousPackage>()
  for (const p of file.packages) {
    const source = `${p.report.publisher}, "${p.report.title}" (${p.report.date}) ${p.report.url}${p.osv ? `; ${p.osv}` : ''}`
    out.set(keyOf(p.ecosystem, p.name), { ecosystem: p.ecosystem, name: p.name, versions: [], source })
  }
  return out
}

/** Reads the packages out of one OSV record; only MAL- records count, others are ignored. */
export function osvMaliciousPackages(record: unknown, origin: string): MaliciousPackage[] {
  if (record === null || typeof record !== 'object') {
    throw new DragnetError('HIRE_INVALID_DATA', `${origin} is not an OSV record`, { details: { origin } })
  }
  const r = record as { id?: unknown; affected?: unknown }
  if (typeof r.id !== 'string') {
    throw new DragnetError('HIRE_INVALID_DATA', `${origin} has no OSV id`, { details: { origin } })
  }
  if (!r.id.startsWith('MAL-') || !Array.isArray(r.affected)) return []
  const out: MaliciousPackage[] = []
  for (const a of r.affected as Array<{ package?: { ecosystem?: unknown; name?: unknown }; versions?: unknown }>) {
    const eco = a.package?.ecosystem
    const name = a.package?.name
    if (typeof eco !== 'string' || typeof name !== 'string') continue
    const versions = Array.isArray(a.versions) ? a.versions.filter((v): v is string => typeof v === 'string') : []
    out.push({ ecosystem: eco, name, versions, source: `OSV ${r.id}` })
  }
  return out
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DragnetError('HIRE_INVALID_DATA', `${path} is not readable JSON`, { details: { path }, cause: error })
  }
}

/**
 * Imports OSV "MAL-" records from a JSON file (one record, or an array) or from a folder tree of them
 * (as in the OpenSSF malicious-packages repository, osv/malicious/npm/...), adding them to `into`.
 */
export function importOsv(path: string, into: Map<string, MaliciousPackage>): number {
  let isDir: boolean
  try {
    isDir = statSync(path).isDirectory()
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `no such OSV file or folder: ${path}`, { details: { path }, cause: error })
  }
  let count = 0
  const addRecord = (rec: unknown, origin: string): void => {
    for (const p of osvMaliciousPackages(rec, origin)) {
      into.set(keyOf(p.ecosystem, p.name), p)
      count++
    }
  }
  if (!isDir) {
    const value = readJson(path)
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) addRecord(v, `${path}[${i}]`)
    } else addRecord(value, path)
    return count
  }
  const stack = [path]
  while (stack.length > 0) {
    const dir = stack.pop()!
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) stack.push(p)
      else if (e.name.endsWith('.json')) addRecord(readJson(p), p)
    }
  }
  return count
}

/** Looks a dependency up; a record with listed versions matches only those versions when one is known. */
export function findMalicious(
  packages: Map<string, MaliciousPackage>,
  ecosystem: string,
  name: string,
  version?: string,
): MaliciousPackage | undefined {
  const p = packages.get(keyOf(ecosystem, name))
  if (p === undefined) return undefined
  if (p.versions.length === 0 || version === undefined) return p
  const bare = version.replace(/^[~^=v]+/, '')
  return p.versions.includes(bare) || !/^\d+\.\d+\.\d+/.test(bare) ? p : undefined
}
