import { taxiiAllows } from '../../share/taxii/taxii-tlp.ts'
import type { SqlParam, SqlQuery } from '../../store/postgres/sql-client.ts'
import type { Collection } from './taxii-collections.ts'
import { rowOf, type StoredObject } from './taxii-objects.ts'
import type { TaxiiFilter } from './taxii-query.ts'

/**
 * taxiiAllows in SQL, for viewer $2 in collection $1: the owner; CLEAR and GREEN; AMBER and AMBER+STRICT for a
 * member of the collection or of the audience of the object's incident (its owner and the organisations it is
 * shared with, read now). RED: the owner only.
 */
const VISIBLE = `(o.org_id = $2 OR o.tlp IN ('CLEAR', 'GREEN') OR (o.tlp IN ('AMBER', 'AMBER+STRICT') AND (
  EXISTS (SELECT 1 FROM taxii_collection_members m WHERE m.collection_id = $1 AND m.org_id = $2)
  OR EXISTS (SELECT 1 FROM incidents i WHERE i.id = o.incident_id AND i.org_id = $2)
  OR EXISTS (SELECT 1 FROM incident_shares s WHERE s.incident_id = o.incident_id AND s.org_id = $2))))`

/** The incidents' audiences of some rows, for the second check below. */
async function audiences(db: SqlQuery, rows: readonly StoredObject[]): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(rows.map((r) => r.incidentId).filter((x): x is string => x !== null))]
  const out = new Map<string, Set<string>>()
  if (ids.length === 0) return out
  const owners = await db.query<{ id: string; org_id: string }>(
    'SELECT id, org_id FROM incidents WHERE id = ANY($1::TEXT[])',
    [ids],
  )
  for (const o of owners.rows) out.set(o.id, new Set([o.org_id]))
  const shares = await db.query<{ incident_id: string; org_id: string }>(
    'SELECT incident_id, org_id FROM incident_shares WHERE incident_id = ANY($1::TEXT[])',
    [ids],
  )
  for (const s of shares.rows) out.get(s.incident_id)?.add(s.org_id)
  return out
}

/**
 * The versions of a collection's objects that an organisation may receive and the filters ask for, in the order
 * they were added, after row `after`, at most `limit` (all when undefined). match[version] picks among the
 * versions the viewer may see: first, last, all, or exact timestamps.
 */
export async function selectObjects(
  db: SqlQuery,
  c: Collection,
  viewer: string,
  f: TaxiiFilter,
  page: { after: number; limit?: number | undefined },
): Promise<StoredObject[]> {
  const params: SqlParam[] = [c.id, viewer]
  const where = ['o.collection_id = $1', VISIBLE]
  const add = (sql: string, v: SqlParam) => {
    params.push(v)
    return sql.replaceAll('?', `$${params.length}`)
  }
  if (f.ids) where.push(add('o.stix_id = ANY(?::TEXT[])', f.ids))
  if (f.types) where.push(add('o.type = ANY(?::TEXT[])', f.types))
  if (f.specVersions) where.push(add('o.spec_version = ANY(?::TEXT[])', f.specVersions))
  if (f.addedAfter) where.push(add('o.date_added > ?', f.addedAfter))
  const pick: string[] = []
  if (f.versions.includes('all')) pick.push('true')
  if (f.versions.includes('first')) pick.push('x.first_rank = 1')
  if (f.versions.includes('last')) pick.push('x.last_rank = 1')
  const stamps = f.versions.filter((v) => !['first', 'last', 'all'].includes(v))
  if (stamps.length > 0) pick.push(add('x.version::TIMESTAMPTZ = ANY(?::TIMESTAMPTZ[])', stamps))
  const tail = [add('x.seq > ?', page.after)]
  const limit = page.limit === undefined ? '' : add(' LIMIT ?', page.limit)
  const r = await db.query<Record<string, unknown>>(
    `SELECT x.* FROM (
       SELECT o.*,
         row_number() OVER (PARTITION BY o.stix_id ORDER BY o.version::TIMESTAMPTZ, o.seq) AS first_rank,
         row_number() OVER (PARTITION BY o.stix_id ORDER BY o.version::TIMESTAMPTZ DESC, o.seq DESC) AS last_rank
       FROM taxii_objects o WHERE ${where.join(' AND ')}
     ) x WHERE (${pick.join(' OR ')}) AND ${tail.join(' AND ')} ORDER BY x.seq${limit}`,
    params,
  )
  const rows = r.rows.map(rowOf)
  // The rule again, in code, over what is about to leave: a mistake in the SQL above withholds, never leaks.
  const byIncident = await audiences(db, rows)
  return rows.filter((o) => {
    const audience = new Set([o.orgId, ...c.members, ...(o.incidentId ? (byIncident.get(o.incidentId) ?? []) : [])])
    return taxiiAllows(o.tlp, o.orgId, viewer, audience)
  })
}
