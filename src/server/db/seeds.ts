import { DragnetError } from '../../core/errors.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import { parseSeeds } from '../../trace/trace-request.ts'
import { newId, nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { Tlp } from '../tlp.ts'
import { childVisible, type IncidentAccess } from './incidents.ts'

export interface Seed {
  id: string
  incidentId: string
  orgId: string
  tlp: Tlp
  kind: 'address' | 'transaction'
  value: string
  note: string | null
  createdBy: string
  createdAt: string
}

const seedOf = (r: Record<string, unknown>): Seed => ({
  id: r.id as string,
  incidentId: r.incident_id as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  kind: r.kind as Seed['kind'],
  value: r.value as string,
  note: (r.note as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
})

/** Adds the theft's addresses and transactions; one already on the incident is kept, not doubled. */
export async function addSeeds(
  tx: SqlQuery,
  access: IncidentAccess,
  input: { values: readonly string[]; note?: string | null; tlp?: Tlp },
): Promise<Seed[]> {
  const parsed = parseSeeds(input.values)
  const p = access.principal
  const added: Seed[] = []
  const all = [
    ...parsed.addresses.map((v) => ['address', v.toLowerCase()] as const),
    ...parsed.txs.map((v) => ['transaction', v.toLowerCase()] as const),
  ]
  for (const [kind, value] of all) {
    const seed: Seed = {
      id: newId(),
      incidentId: access.incident.id,
      orgId: p.orgId,
      tlp: input.tlp ?? access.incident.tlp,
      kind,
      value,
      note: input.note ?? null,
      createdBy: p.userId,
      createdAt: nowIso(),
    }
    const r = await tx.query(
      `INSERT INTO incident_seeds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (incident_id, kind, value) DO NOTHING`,
      [
        seed.id,
        seed.incidentId,
        seed.orgId,
        seed.tlp,
        seed.kind,
        seed.value,
        seed.note,
        seed.createdBy,
        seed.createdAt,
      ],
    )
    if (r.rowCount === 0) continue
    added.push(seed)
    await writeAudit(tx, p, {
      action: 'seed.create',
      objectType: 'seed',
      objectId: seed.id,
      incidentId: seed.incidentId,
      before: null,
      after: seed,
    })
  }
  return added
}

/** The incident's seeds the caller may see. */
export async function listSeeds(db: SqlQuery, access: IncidentAccess): Promise<Seed[]> {
  const r = await db.query<Record<string, unknown>>(
    'SELECT * FROM incident_seeds WHERE incident_id = $1 ORDER BY created_at, id',
    [access.incident.id],
  )
  return r.rows.map(seedOf).filter((s) => childVisible(access, s))
}

export async function deleteSeed(tx: SqlQuery, access: IncidentAccess, seedId: string): Promise<void> {
  const r = await tx.query<Record<string, unknown>>('SELECT * FROM incident_seeds WHERE id = $1 AND incident_id = $2', [
    seedId,
    access.incident.id,
  ])
  const row = r.rows[0]
  const seed = row ? seedOf(row) : undefined
  if (!seed || !childVisible(access, seed)) {
    throw new DragnetError('SERVER_NOT_FOUND', 'no such seed', { details: { id: seedId } })
  }
  await tx.query('DELETE FROM incident_seeds WHERE id = $1', [seedId])
  await writeAudit(tx, access.principal, {
    action: 'seed.delete',
    objectType: 'seed',
    objectId: seedId,
    incidentId: access.incident.id,
    before: seed,
    after: null,
  })
}
