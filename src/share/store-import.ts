import { writeAudit } from '../server/audit.ts'
import {
  createIncident,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentAccess,
  type IncidentStatus,
  updateIncident,
} from '../server/db/incidents.ts'
import { addSeeds } from '../server/db/seeds.ts'
import type { Principal } from '../server/permissions.ts'
import type { SqlQuery } from '../store/postgres/sql-client.ts'
import type { SharedIncident } from './share-source.ts'
import { type ImportedLabel, storeImportedLabels } from './shared-labels.ts'

/** What an import stored, for the caller and the audit log. */
export interface ImportSummary {
  labels: number
  incidents: { id: string; originId: string; created: boolean }[]
  skipped: string[]
}

const statusOf = (s: string): IncidentStatus =>
  (INCIDENT_STATUSES as readonly string[]).includes(s) ? (s as IncidentStatus) : 'open'

async function incidentById(tx: SqlQuery, id: string): Promise<Incident> {
  const r = await tx.query<Record<string, unknown>>('SELECT * FROM incidents WHERE id = $1', [id])
  const row = r.rows[0] as Record<string, unknown>
  return {
    id: row.id as string,
    orgId: row.org_id as string,
    title: row.title as string,
    description: row.description as string,
    status: row.status as IncidentStatus,
    tlp: row.tlp as Incident['tlp'],
    chain: row.chain as string,
    occurredAt: (row.occurred_at as string | null) ?? null,
    createdBy: row.created_by as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    sharedWith: [],
  }
}

/**
 * Stores one shared incident for the importing organisation: a new incident it owns the first time, the same
 * one updated on a later import of the same origin; its seeds; and what came with it (wallets, figures).
 */
async function storeIncident(tx: SqlQuery, p: Principal, s: SharedIncident) {
  const originId = s.incident.originId ?? `incident--${s.incident.id}`
  const known = await tx.query<{ incident_id: string }>(
    'SELECT incident_id FROM share_incidents WHERE org_id = $1 AND origin_id = $2',
    [p.orgId, originId],
  )
  const fields = {
    title: s.incident.title,
    description: s.incident.description,
    status: statusOf(s.incident.status),
    tlp: s.incident.tlp,
    occurredAt: s.incident.occurredAt,
  }
  const existing = known.rows[0]?.incident_id
  let incident: Incident
  if (existing) {
    const access: IncidentAccess = {
      incident: await incidentById(tx, existing),
      audience: new Set([p.orgId]),
      principal: p,
    }
    incident = await updateIncident(tx, access, fields)
  } else {
    incident = await createIncident(tx, p, { ...fields, chain: s.incident.chain })
  }
  const access: IncidentAccess = { incident, audience: new Set([p.orgId]), principal: p }
  for (const w of s.wallets.filter((x) => x.roles.includes('seed')))
    await addSeeds(tx, access, { values: [w.address], tlp: w.tlp, note: `shared by ${s.producer.name}` })
  await tx.query(
    `INSERT INTO share_incidents VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_id, origin_id) DO UPDATE SET shared = EXCLUDED.shared, imported_at = EXCLUDED.imported_at`,
    [
      p.orgId,
      originId,
      incident.id,
      s.producer.stixId ?? s.producer.id,
      s.producer.name,
      JSON.stringify({ ...s, incident: { ...s.incident, originId } }),
      new Date().toISOString(),
    ],
  )
  return { id: incident.id, originId, created: !existing }
}

/** Stores what an import read, in the caller's transaction: nothing is stored unless all of it is. */
export async function storeImport(
  tx: SqlQuery,
  p: Principal,
  read: { labels: readonly ImportedLabel[]; incidents: readonly SharedIncident[]; skipped: readonly string[] },
  format: 'stix' | 'misp',
): Promise<ImportSummary> {
  const incidents = []
  for (const s of read.incidents) incidents.push(await storeIncident(tx, p, s))
  await storeImportedLabels(tx, p.orgId, read.labels)
  const summary = { labels: read.labels.length, incidents, skipped: [...read.skipped] }
  await writeAudit(tx, p, {
    action: 'share.import',
    objectType: 'import',
    objectId: format,
    before: null,
    after: summary,
  })
  return summary
}
