import type { StixObject } from '../../share/stix/validate-bundle.ts'
import type { SqlQuery } from '../../store/postgres/sql-client.ts'
import type { Tlp } from '../tlp.ts'
import type { Collection } from './taxii-collections.ts'

/** One version of one object in a collection, as stored. */
export interface StoredObject {
  seq: number
  id: string
  type: string
  version: string
  specVersion: string
  dateAdded: string
  orgId: string
  tlp: Tlp
  incidentId: string | null
  body: StixObject
}

export const rowOf = (r: Record<string, unknown>): StoredObject => ({
  seq: Number(r.seq),
  id: r.stix_id as string,
  type: r.type as string,
  version: r.version as string,
  specVersion: r.spec_version as string,
  dateAdded: r.date_added as string,
  orgId: r.org_id as string,
  tlp: r.tlp as Tlp,
  incidentId: (r.incident_id as string | null) ?? null,
  body: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as StixObject,
})

/** The version of an object: its modified, else its created, else (an observable) the time it was added. */
export const versionOf = (o: StixObject, dateAdded: string): string =>
  typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : dateAdded

/** A timestamp with microseconds: every date_added is written this way, so text order is time order. */
export function microIso(micros: bigint): string {
  const ms = Number(micros / 1000n)
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 23)}${(micros % 1000n).toString().padStart(3, '0')}Z`
}

const microsOf = (iso: string): bigint => {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso)
  const whole = BigInt(Date.parse(`${m?.[1] ?? iso}Z`)) * 1000n
  return whole + BigInt(((m?.[2] ?? '') + '000000').slice(0, 6))
}

/** A timestamp from a client, in the stored form (microseconds), so that added_after compares as text. */
export const normalIso = (iso: string): string => microIso(microsOf(iso))

/**
 * Distinct, increasing date_added values for `n` objects, all after every one stored: a client that resumes
 * with added_after = the last it saw then misses none of a batch and sees none twice.
 */
async function datesAdded(tx: SqlQuery, n: number): Promise<string[]> {
  // Two adds at once must not read the same maximum: the second waits for the first to commit.
  await tx.query('LOCK TABLE taxii_objects IN SHARE ROW EXCLUSIVE MODE')
  const r = await tx.query<{ d: string | null }>('SELECT max(date_added) AS d FROM taxii_objects')
  const floor = r.rows[0]?.d ? microsOf(r.rows[0].d) + 1n : 0n
  const now = BigInt(Date.now()) * 1000n
  const start = now > floor ? now : floor
  return Array.from({ length: n }, (_, i) => microIso(start + BigInt(i)))
}

/** Adds objects to a collection; a version already there is kept as it was (TAXII: versions are immutable). */
export async function addObjects(
  tx: SqlQuery,
  c: Collection,
  input: { orgId: string; incidentId: string | null; objects: readonly { object: StixObject; tlp: Tlp }[] },
): Promise<{ id: string; version: string; added: boolean }[]> {
  const dates = await datesAdded(tx, input.objects.length)
  const out: { id: string; version: string; added: boolean }[] = []
  for (const [i, { object, tlp }] of input.objects.entries()) {
    const dateAdded = dates[i] as string
    const version = versionOf(object, dateAdded)
    const r = await tx.query(
      `INSERT INTO taxii_objects (collection_id, stix_id, type, version, spec_version, date_added, org_id, tlp,
        incident_id, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (collection_id, stix_id, version) DO NOTHING`,
      [
        c.id,
        object.id,
        object.type,
        version,
        typeof object.spec_version === 'string' ? object.spec_version : '2.1',
        dateAdded,
        input.orgId,
        tlp,
        input.incidentId,
        JSON.stringify(object),
      ],
    )
    out.push({ id: object.id, version, added: (r.rowCount ?? 0) > 0 })
  }
  return out
}
