import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import type { CaseFreezeRequest } from '../case-types.ts'
import { buildEvidencePackage } from './build-evidence-package.ts'
import { canonicalJson } from './canonical-json.ts'
import { generateSigningKey } from './signing-key.ts'
import { verifyEvidencePackage } from './verify-evidence-package.ts'

const TX = `0x${'ab'.repeat(32)}`
const fr: CaseFreezeRequest = {
  id: 'fr-1',
  incidentId: 'inc-1',
  tlp: 'AMBER',
  target: { kind: 'exchange', name: 'Harbor Exchange' },
  chain: 'ethereum',
  address: `0x${'11'.repeat(20)}`,
  asset: 'native',
  amount: '60000000000000000000',
  status: 'drafted',
  evidence: {
    traceId: 'tr-1',
    model: 'haircut',
    category: 'exchange',
    depositAddress: true,
    firstArrival: { tx: TX, block: '40', time: '1740000480' },
    txs: [TX],
    path: [
      {
        from: `0x${'22'.repeat(20)}`,
        to: `0x${'11'.repeat(20)}`,
        asset: 'native',
        amount: '60000000000000000000',
        tainted: '60000000000000000000',
        tx: TX,
        block: '40',
        time: '1740000480',
        position: 'tx',
      },
    ],
  },
  createdAt: '2025-02-21T00:00:00.000Z',
}

const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e instanceof DragnetError ? e.code : 'not a DragnetError'
  }
  return 'no error'
}

describe('evidence packages', () => {
  it('signs the canonical manifest; a changed byte anywhere is found', async () => {
    const key = generateSigningKey('k1')
    const pkg = await buildEvidencePackage({
      incident: { id: 'inc-1', title: 'Heist', description: '', tlp: 'AMBER', chain: 'ethereum', occurredAt: null },
      freezeRequest: fr,
      organisation: { id: 'org-1', name: 'Meridian' },
      contact: { organisation: 'Meridian', name: 'Alice', email: 'alice@meridian.example' },
      key,
      createdAt: '2025-02-21T10:00:00.000Z',
    })
    const check = verifyEvidencePackage(pkg, { trustedKey: key.publicKeyPem })
    assert.deepEqual(
      check.files.map((f) => f.name),
      ['freeze-request.json', 'transactions.csv', 'transaction-hashes.txt', 'letter.html', 'letter.pdf'],
    )
    const csv = pkg.files[1]?.content.split('\n')[1]
    assert.equal(
      csv,
      `1,${TX},40,1740000480,0x${'22'.repeat(20)},0x${'11'.repeat(20)},native,60000000000000000000,60000000000000000000,tx,2025-02-19T21:28:00Z,ETH,60,60`,
    )
    const copy = () => JSON.parse(JSON.stringify(pkg))
    const html = copy()
    html.files[3].content = html.files[3].content.replace('60 ETH', '6 ETH')
    assert.equal(
      code(() => verifyEvidencePackage(html)),
      'EVIDENCE_FILE_TAMPERED',
    )
    const pdf = copy()
    const bytes = Buffer.from(pdf.files[4].content, 'base64')
    bytes.writeUInt8((bytes.at(-10) ?? 0) ^ 1, bytes.length - 10)
    pdf.files[4].content = bytes.toString('base64')
    assert.equal(
      code(() => verifyEvidencePackage(pdf)),
      'EVIDENCE_FILE_TAMPERED',
    )
    const added = copy()
    added.files.push({ name: 'x.txt', mediaType: 'text/plain', encoding: 'utf8', content: 'x' })
    assert.equal(
      code(() => verifyEvidencePackage(added)),
      'EVIDENCE_FILE_TAMPERED',
    )
    const who = copy()
    who.manifest.organisation.name = 'Someone else'
    assert.equal(
      code(() => verifyEvidencePackage(who)),
      'EVIDENCE_BAD_SIGNATURE',
    )
    const other = generateSigningKey('k2')
    assert.equal(
      code(() => verifyEvidencePackage(pkg, { trustedKey: other.publicKeyPem })),
      'EVIDENCE_KEY_MISMATCH',
    )
    assert.equal(
      code(() => verifyEvidencePackage({ format: 'dragnet.evidence/2' })),
      'EVIDENCE_MALFORMED',
    )
  })

  it('canonical JSON sorts keys at every level and drops nothing else', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: 'é' }), '{"a":[{"c":null,"d":"x"}],"b":1,"e":"é"}')
  })
})
