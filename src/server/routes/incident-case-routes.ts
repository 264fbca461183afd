import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requireCollaborator } from '../db/incidents.ts'
import { idParams, js } from '../json-schema.ts'
import type { Permission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { type CaseWorkSpec, registerAttachmentRoutes, registerNoteRoutes } from './case-work-routes.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

/** Case work on an incident: notes and attachments, marked and seen like every other object of it. */
export function registerIncidentCaseRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const spec: CaseWorkSpec = {
    base: '/v1/incidents/:incidentId',
    what: 'the incident',
    params: (id) => js(id ? idParams('incidentId', id) : idParams('incidentId')),
    subject: async (req: FastifyRequest, permission: Permission) => {
      const access = await incidentAccess(deps, req, incidentIdOf(req), permission)
      // Writes are the incident's audience's, as for seeds and freeze requests.
      if (permission !== 'read') requireCollaborator(access)
      return { kind: 'incident', access }
    },
    tenancy: { list: 'object', create: 'object', byId: 'object' },
    noteId: 'noteId',
    attachmentId: 'attachmentId',
  }
  registerNoteRoutes(app, deps, spec)
  registerAttachmentRoutes(app, deps, spec)
}
