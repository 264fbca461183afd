import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import type { SourceFile } from './scan-types.ts'
import { readTarball } from './tar-reader.ts'

/** Extensions the rules read; images, fonts and other binaries are never opened. */
export const SCANNED_EXTENSIONS = new Set([
  '.js',
  '.cjs',
  '.mjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
  '.json',
  '.vue',
  '.svelte',
  '.html',
  '.htm',
  '.sh',
  '.bash',
  '.py',
  '.ps1',
  '.bat',
  '.cmd',
])

const MAX_FILE_BYTES = 16 * 1024 * 1024

/** True when the scanner should read this path. */
export function isScannedPath(path: string): boolean {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  return dot > slash && SCANNED_EXTENSIONS.has(path.slice(dot).toLowerCase())
}

/** Walks a folder without following symlinks, skipping .git, and calls `visit` with each scanned file path. */
export function walkFolder(root: string, visit: (abs: string, rel: string) => void): void {
  const stack = [root]
  while (stack.length > 0) {
    const dir = stack.pop()!
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== '.git') stack.push(abs)
      } else if (entry.isFile()) {
        const rel = relative(root, abs).split('\\').join('/')
        if (isScannedPath(rel)) visit(abs, rel)
      }
    }
  }
}

export interface TargetFiles {
  kind: 'folder' | 'archive'
  files: SourceFile[]
  skipped: string[]
}

/** Reads a folder or a .tgz/.tar into memory, each file once; large files are listed as skipped. */
export function readTarget(path: string): TargetFiles {
  let stat: ReturnType<typeof lstatSync>
  try {
    stat = lstatSync(path)
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `no such folder or archive: ${path}`, { details: { path }, cause: error })
  }
  const files: SourceFile[] = []
  const skipped: string[] = []
  if (stat.isDirectory()) {
    walkFolder(path, (abs, rel) => {
      const bytes = readFileSync(abs)
      if (bytes.length > MAX_FILE_BYTES) skipped.push(rel)
      else files.push({ path: rel, bytes })
    })
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return { kind: 'folder', files, skipped }
  }
  for (const f of readTarball(readFileSync(path))) {
    if (!isScannedPath(f.path)) continue
    if (f.bytes.length > MAX_FILE_BYTES) skipped.push(f.path)
    else files.push(f)
  }
  return { kind: 'archive', files, skipped }
}
