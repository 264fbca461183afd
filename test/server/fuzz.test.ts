import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { mulberry32 as prng } from '../../src/core/mulberry32.ts'
import { call } from './server-kit.ts'
import { fillUrl, snapshot, type TenancyWorld, tenancyWorld } from './tenancy-world.ts'

const SEED = 0xd7a6e7
const CASES_PER_ROUTE = 12
const JUNK = [
  ' ',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3000),
  '%00',
  '%F0%9F%98%80',
  '-1',
  '1e309',
  "'%20OR%201%3D1%20--",
  '00000000-0000-0000-0000-00000000000g',
  'NULL',
  '%7B%7D',
]
const WRONG: unknown[] = [{ nested: [1, 'x'] }, [[[]]], { $gt: 1 }]
const BODY_JUNK: unknown[] = [42, 'text', [], null, true, [{ a: 1 }], -0.5]
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
]
const BAD_AUTH = [
  'Bearer',
  'Basic dXNlcjpwYXNz',
  `Bearer ${'x'.repeat(5000)}`,
  'Bearer dn_invalid',
  'Bearer  ',
  'token',
]

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

/** A valid body the route takes, from which each case breaks one thing. */
const VALID: Record<string, Record<string, unknown>> = {
  'POST /v1/organisations': { name: 'Fuzz' },
  'POST /v1/organisations/:orgId/users': { name: 'fuzz', role: 'viewer' },
  'POST /v1/organisations/:orgId/users/:userId/keys': { label: 'fuzz' },
  'POST /v1/screen': { address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96' },
  'POST /v1/incidents': { title: 'fuzz', tlp: 'RED', chain: 'ethereum' },
  'PATCH /v1/incidents/:incidentId': { title: 'fuzzed' },
  'PUT /v1/incidents/:incidentId/shares': { organisations: [] },
  'POST /v1/incidents/:incidentId/seeds': { seeds: ['0x00000000000000000000000000000000000000f0'] },
  'POST /v1/incidents/:incidentId/traces': { hops: 2 },
  'POST /v1/incidents/:incidentId/traces/:traceId/freeze-requests': {},
  'PATCH /v1/incidents/:incidentId/freeze-requests/:freezeRequestId': { status: 'sent' },
  'POST /v1/incidents/:incidentId/notes': { body: 'a note' },
  'POST /v1/incidents/:incidentId/attachments': { name: 'a.txt', content: 'YQ==' },
  'POST /v1/addresses/:chain/:address/notes': { body: 'a note' },
  'POST /v1/addresses/:chain/:address/attachments': { name: 'a.txt', content: 'YQ==' },
  'POST /v1/webhooks': { url: 'http://127.0.0.1:9/fuzz' },
}

interface Case {
  url: string
  payload?: unknown
  headers: Record<string, string>
  key: 'valid' | 'none'
  what: string
}

/** One malformed request for a route: a broken parameter, query, body or header; never a valid write. */
function makeCase(r: () => number, method: string, url: string, params: Record<string, string>): Case {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
  const valid = VALID[`${method} ${url}`]
  const kinds = ['query', 'auth']
  if (names.length > 0) kinds.push('param')
  if (valid) kinds.push('body-type', 'body-extra', 'body-field', 'body-json', 'content-type')
  const kind = pick(r, kinds)
  const base = fillUrl(url, params)
  switch (kind) {
    case 'param': {
      const name = pick(r, names)
      const bad = { ...params, [name]: '\u0000' }
      const u = fillUrl(url, bad).replace('%00', pick(r, JUNK))
      return { url: u, payload: valid, headers: {}, key: 'valid', what: `param ${name}` }
    }
    case 'query':
      return {
        url: `${base}?${pick(r, ['zzz=1', 'limit=-5', 'hops=99', 'q=', 'offset=abc', '__proto__=1'])}`,
        payload: valid,
        headers: {},
        key: 'valid',
        what: 'query',
      }
    case 'auth':
      return {
        url: base,
        payload: valid,
        headers: { authorization: pick(r, BAD_AUTH) },
        key: 'none',
        what: 'authorization',
      }
    case 'body-type':
      return {
        url: base,
        payload: JSON.stringify(pick(r, BODY_JUNK)),
        headers: { 'content-type': 'application/json' },
        key: 'valid',
        what: 'body type',
      }
    case 'body-extra':
      return { url: base, payload: { ...valid, zzz: pick(r, WRONG) }, headers: {}, key: 'valid', what: 'extra field' }
    case 'body-field': {
      const fields = Object.keys(valid ?? {})
      if (fields.length === 0) return { url: base, payload: { zzz: 1 }, headers: {}, key: 'valid', what: 'extra field' }
      const f = pick(r, fields)
      return { url: base, payload: { ...valid, [f]: pick(r, WRONG) }, headers: {}, key: 'valid', what: `field ${f}` }
    }
    case 'body-json': {
      const text = JSON.stringify(valid)
      return {
        url: base,
        payload: text.slice(0, Math.max(1, Math.floor(r() * text.length))),
        headers: { 'content-type': 'application/json' },
        key: 'valid',
        what: 'cut JSON',
      }
    }
    default:
      return {
        url: base,
        payload: 'name=x&role=admin',
        headers: { 'content-type': pick(r, CONTENT_TYPES) },
        key: 'valid',
        what: 'content type',
      }
  }
}

let w: TenancyWorld
before(async () => {
  w = await tenancyWorld()
})
after(async () => {
  await w.close()
})

test(`malformed parameters, queries, bodies and headers on every route: no 5xx, the error shape, nothing changed (seed ${SEED})`, async () => {
  const r = prng(SEED)
  const before = await snapshot(w.t)
  let sent = 0
  for (const route of w.t.app.dragnet.routes) {
    if (route.url === '/openapi.json' || route.url === '/metrics') continue
    for (let i = 0; i < CASES_PER_ROUTE; i++) {
      const c = makeCase(r, route.method, route.url, w.params)
      const key = c.key === 'valid' ? w.a.adminKey : null
      const res = await call(w.t.app, key, route.method as 'GET', c.url, c.payload, c.headers)
      const where = `${route.method} ${route.url} (${c.what}, case ${i}): ${res.status} ${res.text.slice(0, 200)}`
      assert.ok(res.status < 500, where)
      if (route.tenancy !== 'public') {
        assert.ok(res.status >= 400, where)
        assert.deepEqual(Object.keys(res.body ?? {}).sort(), ['code', 'details', 'message'], where)
        assert.equal(typeof res.body.code, 'string', where)
      }
      sent++
    }
  }
  for (let i = 0; i < 20; i++) {
    const res = await call(
      w.t.app,
      w.a.adminKey,
      pick(r, ['GET', 'POST', 'DELETE'] as const),
      `/${pick(r, JUNK)}/${pick(r, JUNK)}`,
    )
    assert.ok(res.status === 404 || res.status === 400, `${res.status} ${res.text}`)
    sent++
  }
  assert.ok(sent > 350)
  assert.equal(await snapshot(w.t), before)
})
