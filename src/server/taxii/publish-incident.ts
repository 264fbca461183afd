import { DragnetError } from '../../core/errors.ts'
import type { LabelIndex } from '../../labels/label-index.ts'
import { gatherIncident } from '../../share/gather-incident.ts'
import { buildStixBundle } from '../../share/stix/build-bundle.ts'
import type { StixSchemas } from '../../share/stix/stix-schemas.ts'
import { validateBundle } from '../../share/stix/validate-bundle.ts'
import type { SqlClient } from '../../store/postgres/sql-client.ts'
import { nowIso } from '../api-keys.ts'
import { writeAudit } from '../audit.ts'
import type { IncidentAccess } from '../db/incidents.ts'
import { canWrite, readableCollection } from './taxii-collections.ts'
import { tlpOf } from './taxii-ingest.ts'
import { storeStatus } from './taxii-object-routes.ts'
import { addObjects } from './taxii-objects.ts'

/**
 * Exports an incident and adds every object of the bundle to a collection, tied to the incident so that its
 * AMBER objects reach exactly the organisations it is shared with, now and whenever its shares change.
 */
export async function publishIncident(
  db: SqlClient,
  labels: LabelIndex,
  schemas: StixSchemas,
  access: IncidentAccess,
  collectionId: string,
): Promise<Record<string, unknown>> {
  const p = access.principal
  const c = await readableCollection(db, p.orgId, collectionId)
  if (!canWrite(c, p.orgId))
    throw new DragnetError('AUTH_FORBIDDEN', 'this collection is not writable by you', { details: { id: c.id } })
  const bundle = validateBundle(schemas, buildStixBundle(await gatherIncident(db, labels, access), nowIso()))
  return db.transaction(async (tx) => {
    const objects = bundle.objects.map((object) => ({
      object,
      tlp: object.type === 'marking-definition' ? ('CLEAR' as const) : tlpOf(object),
    }))
    const added = await addObjects(tx, c, { orgId: p.orgId, incidentId: access.incident.id, objects })
    await writeAudit(tx, p, {
      action: 'incident.publish',
      objectType: 'collection',
      objectId: c.id,
      incidentId: access.incident.id,
      before: null,
      after: { collection: c.id, objects: added.length },
    })
    return storeStatus(tx, p, c.id, added)
  })
}
