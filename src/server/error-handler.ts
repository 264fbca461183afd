import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DragnetError, type ErrorCode } from '../core/errors.ts'
import { explainAddressError } from '../core/hex.ts'
import { httpStatusFor } from './http-status.ts'

/** The body of every error answer. */
export interface ErrorBody {
  code: ErrorCode
  message: string
  details: Record<string, unknown>
}

/** Fastify's own 4xx errors (bad JSON, wrong media type, body too large) under the API's codes. */
function frameworkCode(status: number): ErrorCode {
  if (status === 404) return 'SERVER_NOT_FOUND'
  if (status === 413) return 'SERVER_PAYLOAD_TOO_LARGE'
  if (status === 415) return 'SERVER_UNSUPPORTED_MEDIA_TYPE'
  return 'SERVER_INVALID_REQUEST'
}

type ValidationProblem = NonNullable<FastifyError['validation']>[number]

/** The values an enum (or const) check allows, as ajv reports them in its params. */
function allowedValues(v: ValidationProblem): unknown[] | undefined {
  const p = v.params as { allowedValues?: unknown; allowedValue?: unknown } | undefined
  if (v.keyword === 'enum' && Array.isArray(p?.allowedValues)) return p.allowedValues
  if (v.keyword === 'const' && p && 'allowedValue' in p) return [p.allowedValue]
  return undefined
}

/** ajv's message with what it leaves out: the allowed values of an enum, the name of an unexpected property. */
function validationMessage(v: ValidationProblem, allowed: unknown[] | undefined): string {
  const base = v.message ?? 'is not valid'
  if (allowed) return `must be one of ${allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', ')}`
  const extra = (v.params as { additionalProperty?: unknown } | undefined)?.additionalProperty
  if (v.keyword === 'additionalProperties' && typeof extra === 'string') return `${base}: ${extra}`
  return base
}

/** Turns anything thrown in a handler into {code, message, details} with the status its code maps to. */
export function errorBody(thrown: unknown): { status: number; body: ErrorBody; internal: boolean } {
  const error = thrown instanceof DragnetError ? explainAddressError(thrown) : thrown
  if (error instanceof DragnetError) {
    const internal = error.code === 'INTERNAL'
    const body = internal
      ? { code: error.code, message: 'internal error', details: {} }
      : { code: error.code, message: error.message, details: error.details }
    return { status: httpStatusFor(error.code), body, internal }
  }
  const e = error as FastifyError & { validationContext?: string }
  if (e?.validation) {
    const where = e.validationContext ?? 'request'
    const problems = e.validation.slice(0, 20).map((v) => {
      const allowed = allowedValues(v)
      return {
        path: `${where}${v.instancePath || ''}`,
        message: validationMessage(v, allowed),
        ...(allowed ? { allowed } : {}),
      }
    })
    const first = problems[0]
    const message = first ? `${first.path} ${first.message}` : `${where} is not valid`
    return { status: 400, body: { code: 'SERVER_INVALID_REQUEST', message, details: { problems } }, internal: false }
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) {
    const code = frameworkCode(status)
    const message = typeof e.message === 'string' ? e.message.slice(0, 200) : 'bad request'
    return { status: httpStatusFor(code), body: { code, message, details: {} }, internal: false }
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error', details: {} }, internal: true }
}

/**
 * Every error and every unknown route answers in the same shape; stacks stay in the server's log. `fallback` may
 * answer a request no route took (the web app's pages and files) and returns whether it did.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body, internal } = errorBody(error)
    if (internal) request.log.error({ err: error }, 'request failed')
    else request.log.info({ code: body.code, status }, 'request rejected')
    void reply.status(status).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    try {
      if (fallback?.(request, reply)) return
    } catch (error) {
      const { status, body } = errorBody(error)
      void reply.status(status).send(body)
      return
    }
    const path = request.url.split('?')[0]?.slice(0, 200) ?? ''
    void reply.status(404).send({
      code: 'SERVER_NOT_FOUND',
      message: `no route ${request.method} ${path}`,
      details: { method: request.method, path },
    } satisfies ErrorBody)
  })
}
