import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DragnetError } from '../../core/errors.ts'
import { StixSchemas } from '../../share/stix/stix-schemas.ts'
import type { ServerDeps } from '../server-deps.ts'
import { taxiiPrincipal } from './taxii-auth.ts'
import { type Collection, canWrite, readableCollection, readableCollections } from './taxii-collections.ts'
import { TaxiiHttpError, taxiiErrorOf } from './taxii-error.ts'
import { acceptsTaxii, isTaxiiContent, TAXII_MEDIA } from './taxii-media.ts'
import { registerTaxiiObjectRoutes } from './taxii-object-routes.ts'

export const API_ROOT = 'api'

const collectionView = (c: Collection, orgId: string) => ({
  id: c.id,
  title: c.title,
  ...(c.description ? { description: c.description } : {}),
  can_read: true,
  can_write: canWrite(c, orgId),
  media_types: ['application/stix+json;version=2.1'],
})

/** Answers JSON in the TAXII media type. */
export function taxii(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.status(status).header('content-type', TAXII_MEDIA).send(JSON.stringify(body))
}

/** Discovery, the API root, collections and status. */
function registerTaxiiRootRoutes(t: FastifyInstance, deps: ServerDeps): void {
  const maxContentLength = t.initialConfig.bodyLimit ?? 1024 * 1024
  t.get('/', async (_req, reply) =>
    taxii(reply, {
      title: 'Dragnet TAXII 2.1',
      description: 'Incidents, indicators and traces of stolen crypto, under TLP',
      default: `/taxii2/${API_ROOT}/`,
      api_roots: [`/taxii2/${API_ROOT}/`],
    }),
  )
  t.get(`/${API_ROOT}/`, async (_req, reply) =>
    taxii(reply, {
      title: 'Dragnet',
      versions: [TAXII_MEDIA],
      max_content_length: maxContentLength,
    }),
  )
  t.get(`/${API_ROOT}/collections/`, async (req, reply) => {
    const p = req.principal
    if (!p) throw new DragnetError('AUTH_REQUIRED', 'an API key is required')
    const cs = await readableCollections(deps.db, p.orgId)
    return taxii(reply, cs.length > 0 ? { collections: cs.map((c) => collectionView(c, p.orgId)) } : {})
  })
  t.get(`/${API_ROOT}/collections/:collectionId/`, async (req, reply) => {
    const p = req.principal
    if (!p) throw new DragnetError('AUTH_REQUIRED', 'an API key is required')
    const c = await readableCollection(deps.db, p.orgId, (req.params as { collectionId: string }).collectionId)
    return taxii(reply, collectionView(c, p.orgId))
  })
  t.get(`/${API_ROOT}/status/:statusId/`, async (req, reply) => {
    const p = req.principal
    const id = (req.params as { statusId: string }).statusId
    const r = await deps.db.query<{ body: unknown }>('SELECT body FROM taxii_status WHERE id = $1 AND org_id = $2', [
      id,
      p?.orgId ?? '',
    ])
    const row = r.rows[0]
    if (!row) throw new DragnetError('SERVER_NOT_FOUND', 'no such status', { details: { id } })
    return taxii(reply, typeof row.body === 'string' ? JSON.parse(row.body) : row.body)
  })
}

async function plugin(t: FastifyInstance, deps: ServerDeps): Promise<void> {
  const schemas = new StixSchemas()
  t.removeAllContentTypeParsers()
  t.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (!isTaxiiContent(req.headers['content-type'])) {
      done(new TaxiiHttpError(415, 'SERVER_UNSUPPORTED_MEDIA_TYPE', `send ${TAXII_MEDIA}`), undefined)
      return
    }
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new TaxiiHttpError(400, 'SERVER_INVALID_REQUEST', 'the body is not JSON'), undefined)
    }
  })
  t.setErrorHandler((error, request, reply) => {
    const { status, body, internal } = taxiiErrorOf(error)
    if (internal) request.log.error({ err: error }, 'TAXII request failed')
    if (status === 401) reply.header('www-authenticate', 'Basic realm="dragnet", charset="UTF-8"')
    void taxii(reply, body, status)
  })
  t.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    void taxii(reply, { title: `no TAXII endpoint ${path}`, error_code: 'SERVER_NOT_FOUND', http_status: '404' }, 404)
  })
  // Every TAXII request authenticates and asks for the TAXII media type (406 otherwise), in that order.
  t.addHook('preValidation', async (request: FastifyRequest) => {
    ;(request as FastifyRequest & { principal: unknown }).principal = await taxiiPrincipal(deps, request)
    if (!acceptsTaxii(request.headers.accept))
      throw new TaxiiHttpError(406, 'SERVER_INVALID_REQUEST', `accept ${TAXII_MEDIA}`, {
        accept: request.headers.accept ?? null,
      })
  })
  registerTaxiiRootRoutes(t, deps)
  registerTaxiiObjectRoutes(t, deps, schemas)
}

/**
 * The TAXII 2.1 server under /taxii2/. TAXII is its own protocol, with its own authentication (Basic or
 * Bearer), media types and error shape: it is registered before the /v1 hooks are installed, so that none of
 * them (Bearer-only keys, the /v1 error body, the strict query schema) applies to it.
 */
export async function registerTaxiiServer(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register((t) => plugin(t, deps), { prefix: '/taxii2' })
}
