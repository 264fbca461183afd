import type { FastifyRequest } from 'fastify'
import { DragnetError } from '../../core/errors.ts'
import type { Principal } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'

/**
 * The API key of a TAXII request: `Authorization: Bearer <key>`, or HTTP Basic with the key as the password
 * (any user name), which is what most TAXII clients can send.
 */
export function taxiiKey(request: FastifyRequest): string {
  const auth = request.headers.authorization
  if (typeof auth !== 'string' || auth.length === 0)
    throw new DragnetError('AUTH_REQUIRED', 'an API key is required: HTTP Basic (key as password) or Bearer')
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth)
  if (bearer) return bearer[1] as string
  const basic = /^Basic\s+(\S+)\s*$/i.exec(auth)
  if (basic) {
    const text = Buffer.from(basic[1] as string, 'base64').toString('utf8')
    const colon = text.indexOf(':')
    if (colon >= 0 && colon < text.length - 1) return text.slice(colon + 1)
  }
  throw new DragnetError('AUTH_INVALID_KEY', 'Authorization must be Basic (key as password) or Bearer <key>')
}

export async function taxiiPrincipal(deps: ServerDeps, request: FastifyRequest): Promise<Principal> {
  return deps.auth.authenticate(taxiiKey(request))
}
