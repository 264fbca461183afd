import { createHash } from 'node:crypto'
import { DragnetError } from '../../core/errors.ts'
import { fileBytes } from './build-evidence-package.ts'
import { canonicalJson } from './canonical-json.ts'
import type { EvidencePackage } from './evidence-types.ts'
import { keyFingerprint, verifyBytes } from './signing-key.ts'

export interface EvidenceCheck {
  format: string
  organisation: { id: string; name: string }
  incidentId: string
  freezeRequestId: string
  createdAt: string
  keyId: string
  fingerprint: string
  /** True when the caller named the key to trust and the package is signed by it. */
  keyPinned: boolean
  files: { name: string; sha256: string; bytes: number }[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const malformed = (message: string, details: Record<string, unknown> = {}) =>
  new DragnetError('EVIDENCE_MALFORMED', message, { details })

/** The parts verification reads, each of the right type, or EVIDENCE_MALFORMED naming the first that is not. */
function checkShape(pkg: unknown): asserts pkg is EvidencePackage {
  if (!isObject(pkg)) throw malformed('an evidence package is a JSON object')
  if (pkg.format !== 'dragnet.evidence/2') {
    throw malformed(`unknown package format ${JSON.stringify(pkg.format)}; expected dragnet.evidence/2`, {
      format: pkg.format ?? null,
    })
  }
  const m = pkg.manifest
  if (!isObject(m) || !Array.isArray(m.files) || !isObject(m.organisation)) throw malformed('no manifest')
  for (const f of m.files) {
    if (!isObject(f) || typeof f.name !== 'string' || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number')
      throw malformed('a manifest entry lacks name, sha256 or bytes')
  }
  if (!Array.isArray(pkg.files)) throw malformed('no files')
  for (const f of pkg.files) {
    if (!isObject(f) || typeof f.name !== 'string' || typeof f.content !== 'string')
      throw malformed('a file lacks name or content')
    if (f.encoding !== 'utf8' && f.encoding !== 'base64')
      throw malformed(`file ${f.name}: encoding must be utf8 or base64`, { file: f.name })
  }
  const s = pkg.signature
  if (!isObject(s) || s.algorithm !== 'ed25519' || typeof s.publicKey !== 'string' || typeof s.value !== 'string')
    throw malformed('no ed25519 signature')
}

/**
 * Checks an evidence package: the signature over the manifest (EVIDENCE_BAD_SIGNATURE), then every file against
 * the manifest's SHA-256 and size, no file missing or added (EVIDENCE_FILE_TAMPERED). With `trustedKey` (PEM or
 * base64 DER), the package must be signed by that key (EVIDENCE_KEY_MISMATCH); without it, the embedded key is
 * checked only for consistency and the caller should compare its fingerprint with the sender's.
 */
export function verifyEvidencePackage(pkg: unknown, options: { trustedKey?: string } = {}): EvidenceCheck {
  checkShape(pkg)
  const { manifest, signature } = pkg
  const fingerprint = keyFingerprint(signature.publicKey)
  if (options.trustedKey !== undefined) {
    const trusted = keyFingerprint(options.trustedKey)
    if (trusted !== fingerprint) {
      throw new DragnetError('EVIDENCE_KEY_MISMATCH', 'the package is signed by another key than the one trusted', {
        details: { signedBy: fingerprint, trusted },
      })
    }
  }
  const signed = canonicalJson(manifest)
  if (!verifyBytes(signature.publicKey, signed, signature.value)) {
    throw new DragnetError(
      'EVIDENCE_BAD_SIGNATURE',
      'the signature does not match the manifest: it was changed or signed by another key',
      {
        details: { keyId: signature.keyId ?? null, fingerprint },
      },
    )
  }
  const digest = createHash('sha256').update(signed, 'utf8').digest('hex')
  if (pkg.manifestSha256 !== digest) {
    throw new DragnetError('EVIDENCE_FILE_TAMPERED', 'manifestSha256 is not the hash of the signed manifest', {
      details: { file: 'manifest', expected: digest, actual: pkg.manifestSha256 ?? null },
    })
  }
  const byName = new Map(pkg.files.map((f) => [f.name, f]))
  if (byName.size !== pkg.files.length) throw malformed('two files share a name')
  for (const entry of manifest.files) {
    const f = byName.get(entry.name)
    if (!f) {
      throw new DragnetError('EVIDENCE_FILE_TAMPERED', `${entry.name} is in the manifest but not in the package`, {
        details: { file: entry.name, problem: 'missing' },
      })
    }
    const bytes = fileBytes(f)
    const sha = createHash('sha256').update(bytes).digest('hex')
    if (sha !== entry.sha256 || bytes.length !== entry.bytes) {
      throw new DragnetError('EVIDENCE_FILE_TAMPERED', `${entry.name} does not match its hash in the signed manifest`, {
        details: { file: entry.name, problem: 'changed', expected: entry.sha256, actual: sha },
      })
    }
    byName.delete(entry.name)
  }
  const extra = [...byName.keys()]
  if (extra.length > 0) {
    throw new DragnetError('EVIDENCE_FILE_TAMPERED', `${extra.join(', ')}: not in the signed manifest`, {
      details: { file: extra[0], files: extra, problem: 'added' },
    })
  }
  return {
    format: pkg.format,
    organisation: manifest.organisation,
    incidentId: manifest.incidentId,
    freezeRequestId: manifest.freezeRequestId,
    createdAt: manifest.createdAt,
    keyId: signature.keyId,
    fingerprint,
    keyPinned: options.trustedKey !== undefined,
    files: manifest.files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
  }
}
