import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runInProcess } from '../../src/cli/main.ts'
import { pullBundle } from '../../src/share/taxii/pull-to-file.ts'
import { call } from '../server/server-kit.ts'
import { type ShareWorld, shareWorld, THIEF } from './share-world.ts'

// biome-ignore lint/suspicious/noExplicitAny: bundle objects are read field by field and every field asserted
type Obj = any

describe('dragnet share: export, validate, import, pull (resumable), push', () => {
  let w: ShareWorld
  let dir: string
  let server: string
  let apiRoot: string
  let collection: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dragnet-share-'))
    w = await shareWorld()
    await w.t.app.listen({ port: 0, host: '127.0.0.1' })
    server = `http://127.0.0.1:${(w.t.app.server.address() as AddressInfo).port}`
    apiRoot = `${server}/taxii2/api/`
    collection = (await call(w.t.app, w.a.adminKey, 'POST', '/v1/share/collections', { title: 'outbox' })).body.id
    await call(w.t.app, w.a.investigatorKey, 'POST', `/v1/incidents/${w.incidentId}/publish`, { collection })
  })
  after(async () => {
    await w?.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('export to a file, validate it offline, import it as another organisation', async () => {
    const out = join(dir, 'incident.stix.json')
    const r = await runInProcess([
      'share',
      'export',
      '--incident',
      w.incidentId,
      '--out',
      out,
      '--server',
      server,
      '--key',
      w.b.analystKey,
    ])
    assert.equal(r.code, 0, r.err)
    const bundle = JSON.parse(await readFile(out, 'utf8'))
    assert.ok(bundle.objects.some((o: Obj) => o.type === 'cryptocurrency-wallet' && o.value === THIEF))
    const v = await runInProcess(['share', 'validate', out])
    assert.equal(v.code, 0, v.err)
    assert.match(v.out, new RegExp(`valid STIX 2.1 bundle, ${bundle.objects.length} objects`))
    const imp = await runInProcess(['share', 'import', out, '--server', server, '--key', w.b.investigatorKey])
    assert.equal(imp.code, 0, imp.err)
    assert.equal(JSON.parse(imp.out).incidents.length, 1)
    const misp = await runInProcess([
      'share',
      'export',
      '--incident',
      w.incidentId,
      '--format',
      'misp',
      '--server',
      server,
      '--key',
      w.b.analystKey,
    ])
    assert.equal(JSON.parse(misp.out).Event.info, 'Harbor heist')
  })

  test('a bad bundle: validate names the object and exits non-zero', async () => {
    const out = join(dir, 'bad.json')
    const r = await runInProcess([
      'share',
      'export',
      '--incident',
      w.incidentId,
      '--out',
      out,
      '--server',
      server,
      '--key',
      w.b.analystKey,
    ])
    assert.equal(r.code, 0)
    const bundle = JSON.parse(await readFile(out, 'utf8'))
    const inc = bundle.objects.find((o: Obj) => o.type === 'incident')
    inc.modified = '2000-01-01T00:00:00.000Z'
    await import('node:fs/promises').then((fs) => fs.writeFile(out, JSON.stringify(bundle)))
    const v = await runInProcess(['share', 'validate', out])
    assert.notEqual(v.code, 0)
    assert.match(
      v.err,
      new RegExp(`INVALID_ARGUMENT: STIX bundle rejected: object ${inc.id}: modified is before created`),
    )
  })

  test('pull cut short goes on from its state file and ends with every object once', async () => {
    const state = join(dir, 'pull.state')
    let calls = 0
    const flaky: typeof fetch = async (input, init) => {
      calls++
      if (calls === 3) throw new Error('connection reset')
      return fetch(input, init)
    }
    const target = { apiRoot, collection, key: w.b.viewerKey }
    await assert.rejects(pullBundle({ ...target, fetch: flaky }, { statePath: state, limit: 4 }), /unreachable/)
    const saved = JSON.parse(await readFile(state, 'utf8'))
    assert.ok(saved.addedAfter, 'the state moved past the pages pulled')
    const done = await pullBundle(target, { statePath: state, limit: 4 })
    const whole = await pullBundle(target, { limit: 1000 })
    assert.deepEqual(done.bundle.objects.map((o) => o.id).sort(), whole.bundle.objects.map((o) => o.id).sort())
    await assert.rejects(stat(`${state}.objects.jsonl`), /ENOENT/)
    // Through the CLI: from where the state stands there is nothing new.
    const r = await runInProcess([
      'share',
      'pull',
      '--taxii',
      apiRoot,
      '--collection',
      collection,
      '--state',
      state,
      '--taxii-key',
      w.b.viewerKey,
    ])
    assert.equal(r.code, 0, r.err)
    assert.deepEqual(JSON.parse(r.out).objects, [])
    // From the start, into the server: the copy B imported from the exported file is updated, not doubled.
    const imp = await runInProcess([
      'share',
      'pull',
      '--taxii',
      apiRoot,
      '--collection',
      collection,
      '--since',
      '2000-01-01T00:00:00Z',
      '--taxii-key',
      w.b.viewerKey,
      '--import',
      '--server',
      server,
      '--key',
      w.b.investigatorKey,
    ])
    assert.equal(imp.code, 0, imp.err)
    const summary = JSON.parse(imp.out.slice(imp.out.lastIndexOf('\n{') + 1))
    assert.deepEqual(
      summary.incidents.map((i: Obj) => i.created),
      [false],
    )
  })

  test('push adds a bundle to a collection; a bad --since is refused', async () => {
    const out = join(dir, 'push.json')
    await runInProcess([
      'share',
      'export',
      '--incident',
      w.incidentId,
      '--out',
      out,
      '--server',
      server,
      '--key',
      w.a.analystKey,
    ])
    const r = await runInProcess([
      'share',
      'push',
      out,
      '--taxii',
      apiRoot,
      '--collection',
      collection,
      '--taxii-key',
      w.a.investigatorKey,
    ])
    assert.equal(r.code, 0, r.err)
    assert.equal(JSON.parse(r.out).status, 'complete')
    const bad = await runInProcess([
      'share',
      'pull',
      '--taxii',
      apiRoot,
      '--collection',
      collection,
      '--since',
      'yesterday',
      '--taxii-key',
      'x',
    ])
    assert.notEqual(bad.code, 0)
    assert.match(bad.err, /--since must be a UTC timestamp/)
  })
})
