import { createHash } from 'node:crypto'
import type { FreezeRequest } from './db/freeze-requests.ts'
import type { Incident } from './db/incidents.ts'

export interface EvidenceFile {
  name: string
  mediaType: string
  content: string
}

export interface EvidencePackage {
  format: 'dragnet.evidence/1'
  createdAt: string
  files: EvidenceFile[]
  /** SHA-256 and size of every file, so a recipient can check nothing changed on the way. */
  manifest: { algorithm: 'sha256'; files: { name: string; sha256: string; bytes: number }[] }
  /** SHA-256 of the manifest's JSON text (the manifest object serialised as it appears here). */
  manifestSha256: string
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The transfers of the evidence path as CSV, one line each, in path order. */
export function transactionsCsv(fr: FreezeRequest): string {
  const head = ['step', 'tx', 'block', 'time', 'from', 'to', 'asset', 'amount', 'tainted', 'position']
  const lines = fr.evidence.path.map((e, i) =>
    [i + 1, e.tx, e.block, e.time, e.from, e.to, e.asset, e.amount, e.tainted, e.position].map(cell).join(','),
  )
  return `${[head.join(','), ...lines].join('\n')}\n`
}

/** A freeze request's evidence: the request (JSON), its path's transactions (CSV), and a SHA-256 manifest. */
export function evidencePackage(incident: Incident, fr: FreezeRequest, createdAt: string): EvidencePackage {
  const request = {
    incident: { id: incident.id, title: incident.title, tlp: incident.tlp, chain: incident.chain },
    freezeRequest: fr,
  }
  const files: EvidenceFile[] = [
    { name: 'freeze-request.json', mediaType: 'application/json', content: `${JSON.stringify(request, null, 2)}\n` },
    { name: 'transactions.csv', mediaType: 'text/csv', content: transactionsCsv(fr) },
    { name: 'transaction-hashes.txt', mediaType: 'text/plain', content: `${fr.evidence.txs.join('\n')}\n` },
  ]
  const manifest = {
    algorithm: 'sha256' as const,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content, 'utf8') })),
  }
  return { format: 'dragnet.evidence/1', createdAt, files, manifest, manifestSha256: sha256(JSON.stringify(manifest)) }
}
