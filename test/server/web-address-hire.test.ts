import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { silentLogger } from '../../src/core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist } from '../../src/demo/heist-demo.ts'
import type { HeistManifest } from '../../src/devnet/world/manifest.ts'
import { DuckDbLabelStore } from '../../src/labels/duckdb-label-store.ts'
import { LabelIndex } from '../../src/labels/label-index.ts'
import type { Label } from '../../src/labels/label-types.ts'
import type { FiguresHistoryResponse } from '../../src/server/web/web-api-types.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { manifestLabels } from './heist-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from './server-kit.ts'

const LIFECYCLE = fileURLToPath(
  new URL('../../src/hire/fixtures/repos/techniques/lifecycle/package.json', import.meta.url),
)
const UTC9 = fileURLToPath(
  new URL('../../src/hire/fixtures/applicants/per-rule/HIRE-ACTIVITY-UTC9-HOURS.json', import.meta.url),
)

/** A minimal ustar archive of text files. */
function tarOf(entries: Array<[string, string]>): Buffer {
  const blocks: Buffer[] = []
  for (const [name, body] of entries) {
    const data = Buffer.from(body)
    const h = Buffer.alloc(512)
    h.write(name, 0, 100, 'utf8')
    h.write('0000644\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
    h.write('00000000000\0', 136)
    h.write('        ', 148)
    h.write('0', 156)
    h.write('ustar\0', 257)
    h.write('00', 263)
    let sum = 0
    for (const b of h) sum += b
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

const label = (address: string, category: Label['category'], name: string): Label => ({
  chain: DEMO_CHAIN,
  address,
  category,
  name,
  source: 'test-list',
  sourceDate: '2025-01-01',
  confidence: 90,
  programmes: [],
  asset: null,
  notes: null,
})

describe('the address page, hiring and figures over time, on the demo heist', () => {
  let dir: string
  let chain: DuckDbStore
  let manifest: HeistManifest
  let t: TestServer
  let a: OrgSetup
  let outsider: OrgSetup
  let scanRoot: string
  const key = (name: string) => manifest.entities.find((e) => e.key === name)?.address as string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dragnet-web-address-'))
    scanRoot = join(dir, 'repos')
    mkdirSync(join(scanRoot, 'test-task'), { recursive: true })
    writeFileSync(join(scanRoot, 'test-task', 'package.json'), readFileSync(LIFECYCLE))
    chain = await openDuckDbStore(join(dir, 'chain.duckdb'))
    manifest = (await playAndIngestHeist({ logger: silentLogger() }, chain)).manifest
    // The registry lists the USDX deposit address from January, and delists it in March.
    const registry = new DuckDbLabelStore(chain.connection)
    const info = { source: 'test-list', format: 'csv', sourceDate: '2025-01-01', origin: 'test' }
    await registry.replaceSource(info, [label(key('depositUsdx'), 'exchange', 'Harbor Exchange')], '2025-01-01')
    await registry.replaceSource({ ...info, sourceDate: '2025-03-01' }, [], '2025-03-01')
    const labels = manifestLabels(manifest)
    t = await startTestServer({
      chainStore: chain,
      labelsFor: () => labels,
      labels: LabelIndex.fromLabels([label(key('depositUsdx'), 'exchange', 'Harbor Exchange')]),
      hireScanRoots: [scanRoot],
    })
    a = await createOrg(t, 'Meridian Investigations')
    outsider = await createOrg(t, 'Outsider Agency')
  })
  after(async () => {
    await t?.close()
    await chain?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('labels with their source and history: listed in January, delisted in March', async () => {
    const r = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${key('depositUsdx')}/labels`)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.history, true)
    assert.deepEqual(
      r.body.labels.map((l: Record<string, unknown>) => [
        l.source,
        l.category,
        l.name,
        l.addedOn,
        l.removedOn,
        l.active,
      ]),
      [['test-list', 'exchange', 'Harbor Exchange', '2025-01-01', '2025-03-01', false]],
    )
    const none = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${key('cashOut')}/labels`)
    assert.deepEqual(none.body.labels, [])
    assert.equal(
      (await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/0x12/labels`)).body.code,
      'INVALID_ADDRESS',
    )
  })

  test('exposure by category: the mixing wallet sent 120 ETH straight to the labelled exchange deposit address', async () => {
    const payout = manifest.expected.mixing.moves.find(
      (m) => m.direction === 'out' && m.counterparty === key('depositUsdx'),
    )
    assert.equal(payout?.amount, 120n * 10n ** 18n)
    const r = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${key('mixed')}?hops=1`)
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body.exposureByCategory, [
      {
        direction: 'outgoing',
        category: 'exchange',
        scope: 'direct',
        asset: 'native',
        symbol: 'ETH',
        decimals: 18,
        amount: '120000000000000000000',
        amountFormatted: '120',
        counterparties: 1,
      },
    ])
    // An exchange is no risk by the shipped policy: the exposure is shown, no reason raises the score.
    assert.deepEqual(r.body.reasons, [])
    const on = await call(t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${key('depositUsdx')}?hops=0`)
    assert.deepEqual(
      on.body.labels.map((l: Label) => [l.category, l.name, l.source]),
      [['exchange', 'Harbor Exchange', 'test-list']],
    )
  })

  test('an applicant: red flags with their sources, and the applicant it shares an email with', async () => {
    const base = { identity: { name: 'x', claimedLocation: { country: 'US', timeZone: 'UTC' } } }
    const body = {
      applicant: { ...base, id: 'a', contacts: { emails: ['Same@Example.com'] } },
      against: [
        { ...base, id: 'b', contacts: { emails: ['same@example.com'] } },
        { ...base, id: 'd', contacts: { emails: ['other@example.com'] } },
      ],
    }
    const viewer = await call(t.app, a.viewerKey, 'POST', '/v1/hire/applicants/check', body)
    assert.equal(viewer.status, 403)
    assert.equal((await call(t.app, a.analystKey, 'POST', '/v1/hire/applicants/check', body)).status, 403)
    const r = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/applicants/check', body)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.applicantId, 'a')
    assert.deepEqual(r.body.linkedApplicants, ['b'])
    assert.deepEqual(r.body.cluster.shared, [{ kind: 'email', value: 'Same@Example.com', members: ['a', 'b'] }])
    const linked = r.body.signals.find((s: { ruleId: string }) => s.ruleId === 'HIRE-LINKED-APPLICANTS')
    assert.equal(linked?.weight, 30)
    assert.deepEqual(
      linked?.sources.map((s: { id: string }) => s.id),
      ['us-rok-2023-psa', 'mandiant-unc5267'],
    )
    assert.ok(linked.sources.every((s: { url: string }) => s.url.startsWith('https://')))

    const utc9 = JSON.parse(readFileSync(UTC9, 'utf8'))
    const alone = await call(t.app, a.adminKey, 'POST', '/v1/hire/applicants/check', { applicant: utc9 })
    assert.deepEqual(
      alone.body.signals.map((s: { ruleId: string }) => s.ruleId),
      ['HIRE-ACTIVITY-UTC9-HOURS'],
    )
    assert.deepEqual(alone.body.signals[0].evidence, [
      '9 of 10 activity times (90%) fall in 9:00-18:00 UTC+09:00 and outside 9:00-18:00 in the claimed time zone America/Chicago (UTC-06:00)',
    ])
    assert.deepEqual(alone.body.linkedApplicants, [])
    const bad = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/applicants/check', { applicant: { id: 7 } })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.code, 'HIRE_INVALID_APPLICANT')
    const audit = await call(t.app, a.adminKey, 'GET', '/v1/audit?limit=50')
    assert.ok(
      audit.body.entries.some(
        (e: { action: string; objectId: string }) => e.action === 'hire.applicant-check' && e.objectId === 'a',
      ),
    )
  })

  test('a coding test uploaded as .tgz: the install scripts found on their lines, nothing run; paths only in scan roots', async () => {
    const tgz = gzipSync(tarOf([['package/package.json', readFileSync(LIFECYCLE, 'utf8')]]))
    const r = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', {
      archive: tgz.toString('base64'),
      name: 'take-home.tgz',
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.target, 'take-home.tgz')
    assert.equal(r.body.kind, 'archive')
    assert.equal(r.body.filesScanned, 1)
    assert.equal(r.body.highest, 'high')
    assert.deepEqual(
      r.body.findings
        .filter((f: { rule: string }) => f.rule === 'SCAN-LIFECYCLE-SCRIPT')
        .map((f: { file: string; line: number; severity: string }) => [f.file, f.line, f.severity]),
      [
        ['package/package.json', 5, 'high'],
        ['package/package.json', 6, 'medium'],
      ],
    )
    assert.match(r.body.sha256, /^[0-9a-f]{64}$/)
    const byPath = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', { path: join(scanRoot, 'test-task') })
    assert.equal(byPath.status, 200, byPath.text)
    assert.equal(byPath.body.kind, 'folder')
    assert.deepEqual(
      byPath.body.findings
        .filter((f: { rule: string }) => f.rule === 'SCAN-LIFECYCLE-SCRIPT')
        .map((f: { line: number }) => f.line),
      [5, 6],
    )
    const outside = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', { path: LIFECYCLE })
    assert.equal(outside.status, 400)
    assert.equal(outside.body.code, 'INVALID_ARGUMENT')
    const above = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', { path: join(scanRoot, '..') })
    assert.equal(above.body.code, 'INVALID_ARGUMENT')
    const junk = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', { archive: 'not base64!' })
    assert.equal(junk.body.code, 'HIRE_INVALID_ARCHIVE')
    const notTar = await call(t.app, a.investigatorKey, 'POST', '/v1/hire/scan', {
      archive: Buffer.from('hello world!').toString('base64'),
    })
    assert.equal(notTar.body.code, 'HIRE_INVALID_ARCHIVE')
    assert.equal(
      (await call(t.app, a.viewerKey, 'POST', '/v1/hire/scan', { archive: tgz.toString('base64') })).status,
      403,
    )
  })

  test('figures over time: one point per finished trace; frozen counts from the moment the request was frozen', async () => {
    const inc = await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Heist',
      tlp: 'AMBER',
      chain: DEMO_CHAIN,
    })
    const incidentId = inc.body.id
    await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, {
      seeds: [...manifest.seeds.transactions, ...manifest.seeds.addresses],
    })
    const run = async (model: string) => {
      const job = await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/traces`, { model })
      await t.app.dragnet.runner.idle()
      return job.body.id as string
    }
    const haircut = await run('haircut')
    const poison = await run('poison')
    const usdx = manifest.assets.find((x) => x.symbol === 'USDX')?.asset as string
    const drafted = await call(
      t.app,
      a.investigatorKey,
      'POST',
      `/v1/incidents/${incidentId}/traces/${haircut}/freeze-requests`,
      {
        addresses: [key('split8')],
      },
    )
    const fr = drafted.body.freezeRequests[0]
    for (const status of ['sent', 'acknowledged', 'frozen'])
      await call(t.app, a.investigatorKey, 'PATCH', `/v1/incidents/${incidentId}/freeze-requests/${fr.id}`, { status })
    const fifo = await run('fifo')

    const r = await call(t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures/history`)
    assert.equal(r.status, 200, r.text)
    const h = r.body as FiguresHistoryResponse
    assert.deepEqual(
      h.points.map((p) => [p.traceId, p.model]),
      [
        [haircut, 'haircut'],
        [poison, 'poison'],
        [fifo, 'fifo'],
      ],
    )
    const truth = manifest.expected.models.haircut.assets.find((x) => x.asset === usdx)
    const first = h.points[0]?.assets.find((x) => x.asset === usdx)
    assert.equal(first?.stolen, truth?.stolen.toString())
    assert.equal(first?.exchange, truth?.exchange.toString())
    assert.equal(first?.held, truth?.held.toString())
    assert.equal(first?.bridge, truth?.bridge.toString())
    assert.equal(first?.frozen, '0')
    const split8 = manifest.expected.endpoints.find((e) => e.address === key('split8'))
    assert.equal(split8?.amount, 2_000_000n * 10n ** 6n)
    assert.equal(h.points[1]?.assets.find((x) => x.asset === usdx)?.frozen, '0', 'not yet frozen when poison finished')
    const last = h.points[2]?.assets.find((x) => x.asset === usdx)
    assert.equal(last?.frozen, split8?.amount.toString())
    assert.equal(last?.formatted.frozen, '2000000')
    const native = h.points[0]?.assets.find((x) => x.asset === 'native')
    const nativeTruth = manifest.expected.models.haircut.assets.find((x) => x.asset === 'native')
    assert.equal(native?.exchange, nativeTruth?.exchange.toString())
    assert.equal(native?.mixer, nativeTruth?.mixer.toString())
    const foreign = await call(t.app, outsider.adminKey, 'GET', `/v1/incidents/${incidentId}/figures/history`)
    assert.equal(foreign.status, 404)
  })
})
