import { createHash } from 'node:crypto'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import { type ScanOptions, scanRepo } from '../../hire/scan/scan-repo.ts'
import type { RepoScanResponse } from './web-api-types.ts'

/** An uploaded archive at most: coding tests are small; the CLI scans anything bigger from disk. */
export const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024

/** The real path of `path` when it lies inside one of `roots`; otherwise a refusal that names no file. */
export function allowedPath(path: string, roots: readonly string[]): string {
  const refuse = () =>
    new DragnetError('INVALID_ARGUMENT', 'this server scans no path it was not told to: upload the archive', {
      details: { field: 'path' },
    })
  if (roots.length === 0) throw refuse()
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    throw refuse()
  }
  for (const root of roots) {
    const r = realpathSync(root)
    if (real === r || real.startsWith(r + sep)) return real
  }
  throw refuse()
}

/** The archive's bytes from base64, checked for form and size before anything reads them. */
export function archiveBytes(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new DragnetError('HIRE_INVALID_ARCHIVE', 'archive must be base64 (padded, no line breaks)')
  }
  const bytes = Buffer.from(text, 'base64')
  if (bytes.length > MAX_ARCHIVE_BYTES) {
    throw new DragnetError(
      'SERVER_PAYLOAD_TOO_LARGE',
      'the archive is over 16 MiB: scan it with `dragnet hire scan-repo`',
      {
        details: { bytes: bytes.length, limit: MAX_ARCHIVE_BYTES },
      },
    )
  }
  return bytes
}

/**
 * Scans an uploaded archive as `dragnet hire scan-repo` scans a file: written to a private temporary folder,
 * read once, never unpacked onto disk or run; the folder is removed whatever happens.
 */
export function scanUpload(archive: string, name: string | undefined, options: ScanOptions): RepoScanResponse {
  const bytes = archiveBytes(archive)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-scan-'))
  try {
    const file = join(dir, 'upload.tgz')
    writeFileSync(file, bytes)
    return { ...scanRepo(file, options), target: name ?? 'upload', sha256 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Scans a folder or archive on the server, inside one of the scan roots only. */
export function scanServerPath(path: string, roots: readonly string[], options: ScanOptions): RepoScanResponse {
  return { ...scanRepo(allowedPath(path, roots), options), target: path, sha256: null }
}
