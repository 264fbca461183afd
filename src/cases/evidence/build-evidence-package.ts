import { createHash } from 'node:crypto'
import { unitsOf, unitsText } from '../asset-amount.ts'
import type { CaseContact, CaseFreezeRequest, CaseIncident } from '../case-types.ts'
import { freezeLetter } from '../letters/freeze-letter.ts'
import { renderLetterHtml } from '../letters/letter-html.ts'
import { renderLetterPdf } from '../letters/letter-pdf.ts'
import { canonicalJson } from './canonical-json.ts'
import type { EvidenceFile, EvidenceManifest, EvidencePackage } from './evidence-types.ts'
import { keyFingerprint, publicKeyBase64, type SigningKeyPair, signBytes } from './signing-key.ts'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
const isoTime = (v: unknown) =>
  typeof v === 'string' && /^\d+$/.test(v) ? new Date(Number(v) * 1000).toISOString().replace('.000Z', 'Z') : ''

/** The bytes a file's content stands for. */
export function fileBytes(f: Pick<EvidenceFile, 'encoding' | 'content'>): Buffer {
  return Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8')
}

/**
 * The evidence path as CSV, in path order: base units (amount, tainted, unix time) as before, then the same in
 * the asset's units and UTC for people (time_utc, symbol, amount_formatted, tainted_formatted).
 */
export function transactionsCsv(fr: CaseFreezeRequest): string {
  const head = ['step', 'tx', 'block', 'time', 'from', 'to', 'asset', 'amount', 'tainted', 'position']
  const human = ['time_utc', 'symbol', 'amount_formatted', 'tainted_formatted']
  const lines = fr.evidence.path.map((e, i) => {
    const units = unitsOf(fr.evidence.assets, String(e.asset))
    return [
      i + 1,
      e.tx,
      e.block,
      e.time,
      e.from,
      e.to,
      e.asset,
      e.amount,
      e.tainted,
      e.position,
      isoTime(e.time),
      units.symbol,
      unitsText(String(e.amount), units),
      unitsText(String(e.tainted), units),
    ]
      .map(cell)
      .join(',')
  })
  return `${[[...head, ...human].join(','), ...lines].join('\n')}\n`
}

export interface EvidenceInput {
  incident: CaseIncident
  freezeRequest: CaseFreezeRequest
  organisation: { id: string; name: string }
  contact: CaseContact
  key: SigningKeyPair
  createdAt: string
}

/**
 * A freeze request's evidence: the request (JSON), its path (CSV), its transaction hashes, the letter (HTML and
 * PDF), a manifest of every file's SHA-256 and size, and the organisation's Ed25519 signature over the manifest.
 */
export async function buildEvidencePackage(input: EvidenceInput): Promise<EvidencePackage> {
  const { incident, freezeRequest: fr } = input
  const letter = freezeLetter(incident, fr, input.contact, input.createdAt)
  const request = {
    incident: { id: incident.id, title: incident.title, tlp: incident.tlp, chain: incident.chain },
    freezeRequest: fr,
  }
  const text = (name: string, mediaType: string, content: string): EvidenceFile => ({
    name,
    mediaType,
    encoding: 'utf8',
    content,
  })
  const pdf = Buffer.from(await renderLetterPdf(letter))
  const files: EvidenceFile[] = [
    text('freeze-request.json', 'application/json', `${JSON.stringify(request, null, 2)}\n`),
    text('transactions.csv', 'text/csv', transactionsCsv(fr)),
    text('transaction-hashes.txt', 'text/plain', `${fr.evidence.txs.join('\n')}\n`),
    text('letter.html', 'text/html', renderLetterHtml(letter)),
    { name: 'letter.pdf', mediaType: 'application/pdf', encoding: 'base64', content: pdf.toString('base64') },
  ]
  const manifest: EvidenceManifest = {
    format: 'dragnet.evidence-manifest/2',
    algorithm: 'sha256',
    createdAt: input.createdAt,
    organisation: input.organisation,
    incidentId: incident.id,
    freezeRequestId: fr.id,
    tlp: fr.tlp,
    files: files.map((f) => {
      const bytes = fileBytes(f)
      return { name: f.name, mediaType: f.mediaType, sha256: sha256(bytes), bytes: bytes.length }
    }),
  }
  const signed = canonicalJson(manifest)
  const publicKey = publicKeyBase64(input.key.publicKeyPem)
  return {
    format: 'dragnet.evidence/2',
    createdAt: input.createdAt,
    files,
    manifest,
    manifestSha256: sha256(Buffer.from(signed, 'utf8')),
    signature: {
      algorithm: 'ed25519',
      keyId: input.key.id,
      publicKey,
      fingerprint: keyFingerprint(publicKey),
      value: signBytes(input.key.privateKeyPem, signed),
    },
  }
}
