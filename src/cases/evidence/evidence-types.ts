/** One file of an evidence package: text as UTF-8, binary files (the PDF letter) as base64. */
export interface EvidenceFile {
  name: string
  mediaType: string
  encoding: 'utf8' | 'base64'
  content: string
}

export interface ManifestEntry {
  name: string
  mediaType: string
  sha256: string
  bytes: number
}

/** What the signature covers: every file's hash and size, and what the package is about and who made it. */
export interface EvidenceManifest {
  format: 'dragnet.evidence-manifest/2'
  algorithm: 'sha256'
  createdAt: string
  organisation: { id: string; name: string }
  incidentId: string
  freezeRequestId: string
  tlp: string
  files: ManifestEntry[]
}

export interface EvidenceSignature {
  algorithm: 'ed25519'
  keyId: string
  /** The organisation's public key: DER SubjectPublicKeyInfo, base64. */
  publicKey: string
  /** SHA-256 of the public key's DER bytes, hex: the fingerprint to compare with the one the sender publishes. */
  fingerprint: string
  /** Ed25519 signature of the manifest's canonical JSON (RFC 8785) bytes, base64. */
  value: string
}

export interface EvidencePackage {
  format: 'dragnet.evidence/2'
  createdAt: string
  files: EvidenceFile[]
  manifest: EvidenceManifest
  /** SHA-256 of the manifest's canonical JSON, hex. */
  manifestSha256: string
  signature: EvidenceSignature
}
