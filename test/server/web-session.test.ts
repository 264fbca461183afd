import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { createServerLogger } from '../../src/server/server-logger.ts'
import { call, createOrg, type OrgSetup, type Reply, startTestServer, type TestServer } from './server-kit.ts'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** The session cookie's value from a Set-Cookie header. */
function cookieOf(r: Reply): string {
  const set = r.headers['set-cookie']
  assert.equal(typeof set, 'string', 'one Set-Cookie header')
  const m = /^dragnet_session=([^;]*)/.exec(set as string)
  assert.ok(m, `a dragnet_session cookie: ${set}`)
  return m[1] as string
}

/** A request carrying the session cookie (and, when given, the CSRF header). */
const withCookie = (
  t: TestServer,
  cookie: string,
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
  url: string,
  payload?: unknown,
  csrf?: string,
) =>
  call(t.app, null, method, url, payload, {
    cookie: `theme=dark; dragnet_session=${cookie}`,
    ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
  })

describe('browser sessions: a key or a one-time link for an httpOnly cookie, writes guarded by a CSRF token', () => {
  let t: TestServer
  let a: OrgSetup
  let c: OrgSetup
  let incidentId: string
  const logLines: string[] = []

  before(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk))
        done()
      },
    })
    t = await startTestServer({ logger: createServerLogger({ level: 'debug', stream }), webRoot: null })
    a = await createOrg(t, 'Alpha')
    c = await createOrg(t, 'Charlie')
    const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Alpha unshared heist',
      tlp: 'AMBER',
      chain: 'ethereum',
    })
    incidentId = inc.body.id
  })
  after(async () => {
    await t?.close()
  })

  test('a wrong key is 401 with the key code; a right one sets the cookie with its attributes and stores only its hash', async () => {
    const wrong = await call(t.app, null, 'POST', '/v1/session', { apiKey: 'dn_not-a-key' })
    assert.equal(wrong.status, 401)
    assert.equal(wrong.body.code, 'AUTH_INVALID_KEY')
    assert.equal(wrong.headers['set-cookie'], undefined)

    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.viewerKey })
    assert.equal(r.status, 200)
    const cookie = cookieOf(r)
    assert.match(cookie, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url')
    assert.equal(r.headers['set-cookie'], `dragnet_session=${cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`)
    const me = await call(t.app, a.viewerKey, 'GET', '/v1/me')
    assert.deepEqual(r.body.principal, me.body)
    assert.match(r.body.csrfToken, /^[A-Za-z0-9_-]{43}$/)
    const hours = (Date.parse(r.body.expiresAt) - Date.now()) / 3_600_000
    assert.ok(hours > 11.99 && hours <= 12, `12 h session, got ${hours}`)

    const rows = await t.db.query<Record<string, unknown>>('SELECT * FROM web_sessions')
    assert.equal(rows.rows.length, 1)
    assert.equal(rows.rows[0]?.token_hash, sha256(cookie))
    assert.ok(!JSON.stringify(rows.rows).includes(cookie), 'the cookie value is never stored')

    const secure = await call(
      t.app,
      null,
      'POST',
      '/v1/session',
      { apiKey: a.viewerKey },
      { 'x-forwarded-proto': 'https' },
    )
    assert.match(secure.headers['set-cookie'] as string, /; Secure$/)
  })

  test('the cookie authenticates as its key: reads without a token, writes only with the right token', async () => {
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.investigatorKey })
    const cookie = cookieOf(r)
    const csrf = r.body.csrfToken as string

    const again = await withCookie(t, cookie, 'GET', '/v1/session')
    assert.equal(again.status, 200)
    assert.deepEqual(again.body, r.body)
    const list = await withCookie(t, cookie, 'GET', '/v1/incidents')
    assert.equal(list.status, 200)
    assert.deepEqual(
      list.body.incidents.map((i: { id: string }) => i.id),
      [incidentId],
    )

    const body = { title: 'Opened in the browser', tlp: 'AMBER', chain: 'ethereum' }
    const none = await withCookie(t, cookie, 'POST', '/v1/incidents', body)
    assert.equal(none.status, 403)
    assert.equal(none.body.code, 'AUTH_CSRF')
    // The same token with its last character changed.
    const altered = `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`
    const wrong = await withCookie(t, cookie, 'POST', '/v1/incidents', body, altered)
    assert.equal(wrong.status, 403)
    assert.equal(wrong.body.code, 'AUTH_CSRF')
    const other = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.adminKey })
    const foreign = await withCookie(t, cookie, 'POST', '/v1/incidents', body, other.body.csrfToken)
    assert.equal(foreign.body.code, 'AUTH_CSRF', "another session's token is not this one's")
    const ok = await withCookie(t, cookie, 'POST', '/v1/incidents', body, csrf)
    assert.equal(ok.status, 201)
    assert.equal(ok.body.orgId, a.id)

    // Bearer keys are as they were: no CSRF token asked for.
    const byKey = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', body)
    assert.equal(byKey.status, 201)
    const audit = await t.db.query<{ key_id: string }>(
      "SELECT key_id FROM audit_log WHERE action = 'incident.create' AND object_id = $1",
      [ok.body.id],
    )
    assert.equal(audit.rows[0]?.key_id, r.body.principal.keyId, 'audited as the key the session was made from')
  })

  test('without a session GET /v1/session is 401; a cookie with a Bearer key authenticates as the key', async () => {
    const none = await call(t.app, null, 'GET', '/v1/session')
    assert.equal(none.status, 401)
    assert.equal(none.body.code, 'AUTH_REQUIRED')
    const bogus = await withCookie(t, 'x'.repeat(43), 'GET', '/v1/session')
    assert.equal(bogus.status, 401)
    assert.equal(bogus.body.code, 'AUTH_SESSION_INVALID')
    const dead = await withCookie(t, 'x'.repeat(43), 'GET', '/v1/incidents')
    assert.equal(dead.body.code, 'AUTH_SESSION_INVALID')
    const both = await call(t.app, c.viewerKey, 'GET', '/v1/me', undefined, { cookie: 'dragnet_session=whatever' })
    assert.equal(both.body.orgId, c.id)
  })

  test('a sign-in link signs in once, before it expires; only admins mint them', async () => {
    const viewer = await call(t.app, a.viewerKey, 'POST', '/v1/session/links', {})
    assert.equal(viewer.status, 403)
    const minted = await call(t.app, a.adminKey, 'POST', '/v1/session/links', {})
    assert.equal(minted.status, 201)
    assert.match(minted.body.token, /^[A-Za-z0-9_-]{43}$/)
    const minutes = (Date.parse(minted.body.expiresAt) - Date.now()) / 60_000
    assert.ok(minutes > 14.9 && minutes <= 15)
    const stored = await t.db.query<Record<string, unknown>>('SELECT * FROM web_sign_in_links')
    assert.ok(!JSON.stringify(stored.rows).includes(minted.body.token), 'only the hash is stored')

    const used = await call(t.app, null, 'POST', '/v1/session/link', { token: minted.body.token })
    assert.equal(used.status, 200)
    const me = await call(t.app, a.adminKey, 'GET', '/v1/me')
    assert.deepEqual(used.body.principal, me.body)
    const cookie = cookieOf(used)
    assert.equal((await withCookie(t, cookie, 'GET', '/v1/me')).body.keyId, me.body.keyId)
    const twice = await call(t.app, null, 'POST', '/v1/session/link', { token: minted.body.token })
    assert.equal(twice.status, 401)
    assert.equal(twice.body.code, 'AUTH_LINK_INVALID')
    assert.equal(twice.headers['set-cookie'], undefined)

    const late = await call(t.app, a.adminKey, 'POST', '/v1/session/links', { ttlSeconds: 60 })
    await t.db.query('UPDATE web_sign_in_links SET expires_at = $1 WHERE token_hash = $2', [
      new Date(Date.now() - 1000).toISOString(),
      sha256(late.body.token),
    ])
    const expired = await call(t.app, null, 'POST', '/v1/session/link', { token: late.body.token })
    assert.equal(expired.body.code, 'AUTH_LINK_INVALID')
    const unknown = await call(t.app, null, 'POST', '/v1/session/link', { token: 'nope' })
    assert.equal(unknown.body.code, 'AUTH_LINK_INVALID')

    // Another organisation's admin cannot mint a link for A's key.
    const cross = await call(t.app, c.adminKey, 'POST', '/v1/session/links', { keyId: me.body.keyId })
    assert.equal(cross.body.code, 'TENANCY_CROSS_ORGANISATION')
  })

  test('a session past its 12 hours is dead', async () => {
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.viewerKey })
    const cookie = cookieOf(r)
    await t.db.query('UPDATE web_sessions SET expires_at = $1 WHERE token_hash = $2', [
      new Date(Date.now() - 1).toISOString(),
      sha256(cookie),
    ])
    assert.equal((await withCookie(t, cookie, 'GET', '/v1/me')).body.code, 'AUTH_SESSION_INVALID')
  })

  test('sign-out needs the token, ends the session and clears the cookie; both are audited', async () => {
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.viewerKey })
    const cookie = cookieOf(r)
    const noToken = await withCookie(t, cookie, 'DELETE', '/v1/session')
    assert.equal(noToken.body.code, 'AUTH_CSRF')
    const out = await withCookie(t, cookie, 'DELETE', '/v1/session', undefined, r.body.csrfToken)
    assert.equal(out.status, 204)
    assert.equal(out.headers['set-cookie'], 'dragnet_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0')
    assert.equal((await withCookie(t, cookie, 'GET', '/v1/session')).body.code, 'AUTH_SESSION_INVALID')
    assert.equal((await withCookie(t, cookie, 'GET', '/v1/incidents')).status, 401)
    const audit = await call(t.app, a.adminKey, 'GET', '/v1/audit?limit=200')
    const actions = audit.body.entries
      .filter(
        (e: { objectId: string }) =>
          e.objectId === audit.body.entries.find((x: { action: string }) => x.action === 'session.delete')?.objectId,
      )
      .map((e: { action: string }) => e.action)
      .sort()
    assert.deepEqual(actions, ['session.create', 'session.delete'])
  })

  test('revoking the key ends its sessions at once', async () => {
    const u = await call(t.app, a.adminKey, 'POST', `/v1/organisations/${a.id}/users`, { name: 'temp', role: 'viewer' })
    const k = await call(t.app, a.adminKey, 'POST', `/v1/organisations/${a.id}/users/${u.body.id}/keys`, {})
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: k.body.key })
    const cookie = cookieOf(r)
    assert.equal((await withCookie(t, cookie, 'GET', '/v1/me')).body.userId, u.body.id)
    await call(t.app, a.adminKey, 'DELETE', `/v1/organisations/${a.id}/keys/${k.body.id}`)
    const after = await withCookie(t, cookie, 'GET', '/v1/me')
    assert.equal(after.status, 401)
    assert.equal(after.body.code, 'AUTH_SESSION_INVALID')
  })

  test("another organisation's session sees nothing of an unshared AMBER incident", async () => {
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: c.adminKey })
    const cookie = cookieOf(r)
    const list = await withCookie(t, cookie, 'GET', '/v1/incidents')
    assert.equal(list.status, 200)
    assert.ok(!list.text.includes(incidentId))
    const one = await withCookie(t, cookie, 'GET', `/v1/incidents/${incidentId}`)
    assert.equal(one.status, 404)
    assert.equal(one.body.code, 'SERVER_NOT_FOUND')
    const write = await withCookie(t, cookie, 'PATCH', `/v1/incidents/${incidentId}`, { title: 'x' }, r.body.csrfToken)
    assert.equal(write.status, 404)
  })

  test('no log line holds a cookie, a CSRF token or a link token', async () => {
    const r = await call(t.app, null, 'POST', '/v1/session', { apiKey: a.viewerKey })
    const cookie = cookieOf(r)
    await withCookie(t, cookie, 'POST', '/v1/incidents', { title: 'x', tlp: 'AMBER', chain: 'ethereum' }, 'bad-token')
    const text = logLines.join('')
    assert.ok(text.length > 0, 'requests were logged')
    assert.ok(!text.includes(cookie))
    assert.ok(!text.includes(r.body.csrfToken))
    assert.ok(!text.includes(a.viewerKey))
  })
})
