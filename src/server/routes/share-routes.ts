import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { gatherIncident } from '../../share/gather-incident.ts'
import { buildMispEvent } from '../../share/misp/build-misp-event.ts'
import { readMispEvent } from '../../share/misp/read-misp-event.ts'
import { importedLabels } from '../../share/shared-labels.ts'
import { buildStixBundle } from '../../share/stix/build-bundle.ts'
import { readBundle } from '../../share/stix/read-bundle.ts'
import { StixSchemas } from '../../share/stix/stix-schemas.ts'
import { validateBundle } from '../../share/stix/validate-bundle.ts'
import { storeImport } from '../../share/store-import.ts'
import { nowIso } from '../api-keys.ts'
import { id, idParams, js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { publishIncident } from '../taxii/publish-incident.ts'
import { createCollection } from '../taxii/taxii-collections.ts'
import { tlpAllowsExport } from '../tlp.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

const collectionBody = z.strictObject({
  title: z.string().min(1).max(300),
  description: z.string().max(5000).optional(),
  members: z.array(id()).max(500).optional(),
})
const publishBody = z.strictObject({ collection: id() })
const exportQuery = z.strictObject({ format: z.enum(['stix', 'misp']).optional() })

const importBody = { type: 'object', additionalProperties: true }

/** Sharing: TAXII collections, publishing an incident to one, exporting an incident, importing a bundle. */
export function registerShareRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const tags = ['share']
  const schemas = new StixSchemas()
  const params = js(idParams('incidentId'))
  app.post(
    '/v1/share/collections',
    { config: { tenancy: 'own' }, schema: { tags, summary: 'Create a TAXII collection', body: js(collectionBody) } },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'incident.write')
      const body = req.body as z.infer<typeof collectionBody>
      return reply.status(201).send(await deps.db.transaction((tx) => createCollection(tx, p, body)))
    },
  )
  app.post(
    '/v1/incidents/:incidentId/publish',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: 'Publish the incident as STIX 2.1 to a TAXII collection (owner)',
        params,
        body: js(publishBody),
      },
    },
    async (req, reply) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'incident.write')
      if (access.incident.orgId !== access.principal.orgId)
        throw new DragnetError('AUTH_FORBIDDEN', 'only the owning organisation publishes an incident', {
          details: { incidentId: access.incident.id },
        })
      const { collection } = req.body as z.infer<typeof publishBody>
      return reply.status(202).send(await publishIncident(deps.db, deps.labels, schemas, access, collection))
    },
  )
  app.get(
    '/v1/incidents/:incidentId/export',
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: 'The incident as a validated STIX 2.1 bundle, or as a MISP event (format=misp)',
        params,
        querystring: js(exportQuery),
      },
    },
    async (req) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), 'evidence.export')
      if (!tlpAllowsExport(access.incident.tlp, access.incident.orgId, access.principal.orgId))
        throw new DragnetError('AUTH_FORBIDDEN', 'a RED incident is exported by its owner only', {
          details: { incidentId: access.incident.id },
        })
      const shared = await gatherIncident(deps.db, deps.labels, access)
      if ((req.query as z.infer<typeof exportQuery>).format === 'misp') return buildMispEvent(shared, nowIso())
      return validateBundle(schemas, buildStixBundle(shared, nowIso()))
    },
  )
  registerExchangeRoutes(app, deps, schemas)
}

/** Importing a bundle or event, and the labels imports brought. */
function registerExchangeRoutes(app: FastifyInstance, deps: ServerDeps, schemas: StixSchemas): void {
  const tags = ['share']
  app.post(
    '/v1/share/import',
    {
      config: { tenancy: 'own' },
      schema: {
        tags,
        summary: 'Import a STIX 2.1 bundle or a MISP event: labels, and the incidents Dragnet shared',
        body: importBody,
      },
    },
    async (req, reply) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'incident.write')
      // A MISP event is an object with one Event; anything else is read as a STIX bundle.
      const misp = typeof req.body === 'object' && req.body !== null && 'Event' in req.body
      const read = misp ? readMispEvent(req.body) : readBundle(validateBundle(schemas, req.body))
      return reply.status(201).send(await deps.db.transaction((tx) => storeImport(tx, p, read, misp ? 'misp' : 'stix')))
    },
  )
  app.get(
    '/v1/share/labels',
    {
      config: { tenancy: 'list' },
      schema: { tags, summary: 'Labels your organisation imported, with producer and marking' },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'read')
      return { labels: await importedLabels(deps.db, p.orgId) }
    },
  )
}
