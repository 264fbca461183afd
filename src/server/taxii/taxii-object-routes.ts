import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DragnetError } from '../../core/errors.ts'
import type { StixSchemas } from '../../share/stix/stix-schemas.ts'
import { type Principal, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { canWrite, readableCollection } from './taxii-collections.ts'
import { TaxiiHttpError } from './taxii-error.ts'
import { checkedObjects } from './taxii-ingest.ts'
import { STIX_MEDIA, TAXII_MEDIA } from './taxii-media.ts'
import { addObjects, type StoredObject } from './taxii-objects.ts'
import { afterOf, pageOf, parseFilter, type TaxiiFilter } from './taxii-query.ts'
import { selectObjects } from './taxii-select.ts'

const OBJECTS_QUERY = [
  'added_after',
  'limit',
  'next',
  'match[id]',
  'match[type]',
  'match[version]',
  'match[spec_version]',
]
const OBJECT_QUERY = ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]']
const VERSIONS_QUERY = ['added_after', 'limit', 'next', 'match[spec_version]']
const DELETE_QUERY = ['match[version]', 'match[spec_version]']

interface Params {
  collectionId: string
  objectId?: string
}

function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new DragnetError('AUTH_REQUIRED', 'an API key is required')
  return req.principal
}

/** Sends a page with the date-added headers of its first and last object (section 3.4.3). */
function send(
  reply: FastifyReply,
  rows: readonly StoredObject[],
  more: boolean,
  next: string | undefined,
  body: object,
) {
  const first = rows[0]
  const last = rows.at(-1)
  if (first && last) {
    reply.header('x-taxii-date-added-first', first.dateAdded)
    reply.header('x-taxii-date-added-last', last.dateAdded)
  }
  return reply
    .status(200)
    .header('content-type', TAXII_MEDIA)
    .send(JSON.stringify({ more, ...(next ? { next } : {}), ...body }))
}

type Kind = 'objects' | 'manifest' | 'object' | 'versions' | 'delete'

/** The caller's page of a collection: filters parsed, the `next` token checked, at most limit + 1 rows fetched. */
async function select(deps: ServerDeps, req: FastifyRequest, allowed: readonly string[], kind: Kind) {
  const p = principal(req)
  const { collectionId, objectId } = req.params as Params
  const c = await readableCollection(deps.db, p.orgId, collectionId)
  const f: TaxiiFilter = parseFilter(req.query as Record<string, unknown>, allowed)
  if (objectId) f.ids = [objectId]
  if (kind === 'versions') f.versions = ['all']
  const scope = `${c.id}|${kind}|${objectId ?? ''}`
  const after = afterOf(f, scope)
  const paged = kind !== 'delete'
  const rows = await selectObjects(deps.db, c, p.orgId, f, { after, limit: paged ? f.limit + 1 : undefined })
  // An object the caller may not see is answered as one that does not exist.
  if (objectId && after === 0 && rows.length === 0)
    throw new DragnetError('SERVER_NOT_FOUND', 'no such object', { details: { id: objectId } })
  return { p, c, all: rows, ...pageOf(rows, f, scope) }
}

const objectsBody = (rows: readonly StoredObject[]) => (rows.length > 0 ? { objects: rows.map((r) => r.body) } : {})

/** objects, objects/{id}, versions and manifest of a collection, and adding and deleting objects. */
export function registerTaxiiObjectRoutes(t: FastifyInstance, deps: ServerDeps, schemas: StixSchemas): void {
  const base = '/api/collections/:collectionId'
  t.get(`${base}/objects/`, async (req, reply) => {
    const pg = await select(deps, req, OBJECTS_QUERY, 'objects')
    return send(reply, pg.rows, pg.more, pg.next, objectsBody(pg.rows))
  })
  t.get(`${base}/manifest/`, async (req, reply) => {
    const pg = await select(deps, req, OBJECTS_QUERY, 'manifest')
    const objects = pg.rows.map((r) => ({
      id: r.id,
      date_added: r.dateAdded,
      version: r.version,
      media_type: STIX_MEDIA,
    }))
    return send(reply, pg.rows, pg.more, pg.next, objects.length > 0 ? { objects } : {})
  })
  t.get(`${base}/objects/:objectId/`, async (req, reply) => {
    const pg = await select(deps, req, OBJECT_QUERY, 'object')
    return send(reply, pg.rows, pg.more, pg.next, objectsBody(pg.rows))
  })
  t.get(`${base}/objects/:objectId/versions/`, async (req, reply) => {
    const pg = await select(deps, req, VERSIONS_QUERY, 'versions')
    return send(reply, pg.rows, pg.more, pg.next, { versions: pg.rows.map((r) => r.version) })
  })
  t.delete(`${base}/objects/:objectId/`, async (req, reply) => {
    const s = await select(deps, req, DELETE_QUERY, 'delete')
    requirePermission(s.p, 'incident.write')
    // Only the organisation that added a version deletes it.
    const mine = s.all.filter((r) => r.orgId === s.p.orgId)
    if (mine.length === 0)
      throw new DragnetError('SERVER_NOT_FOUND', 'no such object', { details: { id: (req.params as Params).objectId } })
    await deps.db.query('DELETE FROM taxii_objects WHERE seq = ANY($1::BIGINT[])', [mine.map((r) => String(r.seq))])
    return reply.status(200).header('content-type', TAXII_MEDIA).send('')
  })
  t.post(`${base}/objects/`, async (req, reply) => {
    const p = principal(req)
    if (Object.keys(req.query as object).length > 0)
      throw new TaxiiHttpError(400, 'SERVER_INVALID_REQUEST', 'POST takes no parameters')
    const c = await readableCollection(deps.db, p.orgId, (req.params as Params).collectionId)
    requirePermission(p, 'incident.write')
    if (!canWrite(c, p.orgId))
      throw new DragnetError('AUTH_FORBIDDEN', 'this collection is not writable by you', { details: { id: c.id } })
    const envelope = req.body as { objects?: unknown } | null
    if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.objects))
      throw new TaxiiHttpError(400, 'SERVER_INVALID_REQUEST', 'the body must be an envelope with objects')
    const objects = checkedObjects(schemas, envelope.objects)
    const status = await deps.db.transaction(async (tx) => {
      const added = await addObjects(tx, c, { orgId: p.orgId, incidentId: null, objects })
      return storeStatus(tx, p, c.id, added)
    })
    return reply.status(202).header('content-type', TAXII_MEDIA).send(JSON.stringify(status))
  })
}

/** A finished status resource (section 4.3.1): every object is stored before it is answered. */
export async function storeStatus(
  tx: { query: ServerDeps['db']['query'] },
  p: Principal,
  collectionId: string,
  added: readonly { id: string; version: string }[],
): Promise<Record<string, unknown>> {
  const status = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: new Date().toISOString(),
    total_count: added.length,
    success_count: added.length,
    failure_count: 0,
    pending_count: 0,
    ...(added.length > 0 ? { successes: added.map((a) => ({ id: a.id, version: a.version })) } : {}),
  }
  await tx.query('INSERT INTO taxii_status VALUES ($1, $2, $3, $4, $5)', [
    status.id,
    p.orgId,
    collectionId,
    status.request_timestamp,
    JSON.stringify(status),
  ])
  return status
}
