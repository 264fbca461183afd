import { buildEvidencePackage } from '../cases/evidence/build-evidence-package.ts'
import type { EvidencePackage } from '../cases/evidence/evidence-types.ts'
import { type FreezeLetter, freezeLetter } from '../cases/letters/freeze-letter.ts'
import { DragnetError } from '../core/errors.ts'
import type { SqlClient } from '../store/postgres/sql-client.ts'
import { nowIso } from './api-keys.ts'
import { writeAudit } from './audit.ts'
import { type FreezeRequest, visibleFreezeRequest } from './db/freeze-requests.ts'
import type { IncidentAccess } from './db/incidents.ts'
import { getUser } from './db/organisations.ts'
import { signingKeyOf } from './db/signing-keys.ts'
import { requirePermission } from './permissions.ts'
import { tlpAllowsExport } from './tlp.ts'

/** The freeze request to export, after the role and the RED rule allow the caller to take it out of the server. */
async function exportable(db: SqlClient, access: IncidentAccess, id: string): Promise<FreezeRequest> {
  requirePermission(access.principal, 'evidence.export')
  const fr = await visibleFreezeRequest(db, access, id)
  if (!tlpAllowsExport(access.incident.tlp, access.incident.orgId, access.principal.orgId)) {
    throw new DragnetError('AUTH_FORBIDDEN', 'a RED incident is exported by its owner only')
  }
  return fr
}

/** Who signs the letter: the exporting user, at the exporting organisation. */
async function contactOf(db: SqlClient, access: IncidentAccess) {
  const p = access.principal
  const user = await getUser(db, p.orgId, p.userId)
  return { organisation: p.orgName, name: user.name, email: user.email }
}

/** The letter of one freeze request, written by the caller's organisation (audited as an export). */
export async function exportLetter(
  db: SqlClient,
  access: IncidentAccess,
  id: string,
  format: 'html' | 'pdf',
): Promise<FreezeLetter> {
  const fr = await exportable(db, access, id)
  const letter = freezeLetter(access.incident, fr, await contactOf(db, access), nowIso())
  await db.transaction((tx) =>
    writeAudit(tx, access.principal, {
      action: 'freeze-request.letter',
      objectType: 'freeze-request',
      objectId: fr.id,
      incidentId: fr.incidentId,
      before: null,
      after: { format },
    }),
  )
  return letter
}

/** The signed evidence package of one freeze request (audited as an export, with the manifest's hash). */
export async function exportEvidence(db: SqlClient, access: IncidentAccess, id: string): Promise<EvidencePackage> {
  const fr = await exportable(db, access, id)
  const contact = await contactOf(db, access)
  const p = access.principal
  return db.transaction(async (tx) => {
    const key = await signingKeyOf(tx, p, p.orgId)
    const pkg = await buildEvidencePackage({
      incident: access.incident,
      freezeRequest: fr,
      organisation: { id: p.orgId, name: p.orgName },
      contact,
      key,
      createdAt: nowIso(),
    })
    await writeAudit(tx, p, {
      action: 'freeze-request.evidence',
      objectType: 'freeze-request',
      objectId: fr.id,
      incidentId: fr.incidentId,
      before: null,
      after: { manifestSha256: pkg.manifestSha256, keyId: key.id },
    })
    return pkg
  })
}
