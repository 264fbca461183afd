import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { errorBody } from './error-handler.ts'

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
