import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../core/errors.ts'
import { errorBody, installErrorHandlers } from './error-handler.ts'
import { js, TLP } from './json-schema.ts'

test('errors: a DragnetError keeps its code and details; anything else is INTERNAL with nothing of the cause', () => {
  const own = errorBody(new DragnetError('SERVER_ILLEGAL_TRANSITION', 'no', { details: { from: 'a' } }))
  assert.deepEqual(own, {
    status: 409,
    body: { code: 'SERVER_ILLEGAL_TRANSITION', message: 'no', details: { from: 'a' } },
    internal: false,
  })
  const crash = errorBody(new TypeError('cannot read x of undefined at /srv/secret/path.ts:12'))
  assert.deepEqual(crash, {
    status: 500,
    body: { code: 'INTERNAL', message: 'internal error', details: {} },
    internal: true,
  })
  const wrapped = errorBody(new DragnetError('INTERNAL', 'db password wrong'))
  assert.equal(wrapped.body.message, 'internal error')
  const tooBig = errorBody(Object.assign(new Error('Request body is too large'), { statusCode: 413 }))
  assert.deepEqual([tooBig.status, tooBig.body.code], [413, 'SERVER_PAYLOAD_TOO_LARGE'])
  const teapot = errorBody(Object.assign(new Error('odd'), { statusCode: 418 }))
  assert.deepEqual([teapot.status, teapot.body.code], [400, 'SERVER_INVALID_REQUEST'])
})

test('a value outside an enum lists the allowed values (a bad TLP); an unexpected property is named', async (t) => {
  // The API's own validator options (build-server.ts): extra properties are refused, not dropped.
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } } })
  t.after(() => app.close())
  installErrorHandlers(app)
  const body = js(z.strictObject({ tlp: TLP, title: z.string() }))
  app.post('/x', { schema: { body } }, async () => ({ ok: true }))
  const bad = await app.inject({ method: 'POST', url: '/x', payload: { tlp: 'PURPLE', title: 'a' } })
  assert.equal(bad.statusCode, 400)
  assert.deepEqual(bad.json(), {
    code: 'SERVER_INVALID_REQUEST',
    message: 'body/tlp must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
    details: {
      problems: [
        {
          path: 'body/tlp',
          message: 'must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
          allowed: [...TLP.options],
        },
      ],
    },
  })
  const extra = await app.inject({ method: 'POST', url: '/x', payload: { tlp: 'RED', title: 'a', colour: 1 } })
  assert.equal(extra.statusCode, 400)
  assert.equal(extra.json().message, 'body must NOT have additional properties: colour')
})

test('an address the screener cannot place on a chain because of non-hex characters is told so', () => {
  const value = '0xZZZB716B8Aaf21512996dC57EB0615e2383E2f96'
  const r = errorBody(
    new DragnetError('INVALID_ADDRESS', `cannot tell the chain of ${value}: pass --chain`, {
      details: { address: value, reason: 'unknown-chain' },
    }),
  )
  assert.equal(r.status, 400)
  assert.deepEqual(r.body, {
    code: 'INVALID_ADDRESS',
    message: `${value} has a non-hex character 'Z' at position 3 (an address is 0x and 40 hex digits, 0-9 a-f)`,
    details: { address: value, reason: 'bad-characters' },
  })
})
