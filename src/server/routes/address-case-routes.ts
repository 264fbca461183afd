import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { incidentsReaching } from '../db/address-incidents.ts'
import { type CaseSubject, caseAddress } from '../db/case-subject.ts'
import { chainName, id, js } from '../json-schema.ts'
import { type Permission, principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { type CaseWorkSpec, registerAttachmentRoutes, registerNoteRoutes } from './case-work-routes.ts'

const address = { chain: chainName(), address: z.string().min(1).max(200) }

/** The address a request names, validated for its chain, as the subject of case work. */
function addressSubject(req: FastifyRequest, permission: Permission): Extract<CaseSubject, { kind: 'address' }> {
  const p = principalOf(req.principal)
  requirePermission(p, permission)
  const params = req.params as { chain: string; address: string }
  return { kind: 'address', chain: params.chain, address: caseAddress(params.chain, params.address), principal: p }
}

/**
 * The address page's case work: every visible incident whose trace reached the address (or that names it as a
 * seed), and notes and attachments on the address itself.
 */
export function registerAddressCaseRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const spec: CaseWorkSpec = {
    base: '/v1/addresses/:chain/:address',
    what: 'the address (default marking AMBER: the organisation only)',
    params: (name) => js(z.strictObject(name ? { ...address, [name]: id() } : address)),
    subject: async (req, permission) => addressSubject(req, permission),
    tenancy: { list: 'list', create: 'own', byId: 'object' },
    noteId: 'addressNoteId',
    attachmentId: 'addressAttachmentId',
  }
  app.get(
    `${spec.base}/incidents`,
    {
      config: { tenancy: 'list' },
      schema: {
        tags: ['case work'],
        summary: 'Every incident the caller may see whose trace reached the address or that names it as a seed',
        params: spec.params(),
        querystring: js(z.strictObject({})),
      },
    },
    async (req) => {
      const s = addressSubject(req, 'read')
      const incidents = await incidentsReaching(deps.db, s.principal, s.chain, s.address)
      return { chain: s.chain, address: s.address, incidents }
    },
  )
  registerNoteRoutes(app, deps, spec)
  registerAttachmentRoutes(app, deps, spec)
}
