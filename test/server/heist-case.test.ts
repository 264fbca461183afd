import assert from 'node:assert/strict'
import { createPublicKey, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DEMO_CHAIN } from '../../src/demo/heist-demo.ts'
import { pdfText } from '../support/pdf-text.ts'
import { errorOf, runCli } from '../support/run-cli.ts'
import { type HeistServer, heistServer } from './heist-world.ts'
import { call, createOrg, type OrgSetup } from './server-kit.ts'

const USDX = '0x057ef64e23666f000b34ae31332854acbd1c8544'
const WETH = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const ETH = 10n ** 18n
const USD6 = 10n ** 6n

/** Sorted keys, no whitespace: the canonical form docs/server.md says the signature covers (RFC 8785 for these values). */
const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v as object)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`

describe('the demo heist as a case: figures that add up, readable amounts, a signed letter, the address page', () => {
  let h: HeistServer
  let a: OrgSetup
  let outsider: OrgSetup
  let incidentId: string
  let traceId: string
  let dir: string
  const key = (name: string) => h.manifest.entities.find((e) => e.key === name)?.address as string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dragnet-heist-case-'))
    h = await heistServer()
    a = await createOrg(h.t, 'Meridian Investigations')
    outsider = await createOrg(h.t, 'Outsider Agency')
    const inc = await call(h.t.app, a.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Meridian cold wallet heist',
      tlp: 'AMBER',
      chain: DEMO_CHAIN,
    })
    incidentId = inc.body.id
    const seeds = [...h.manifest.seeds.transactions, ...h.manifest.seeds.addresses]
    await call(h.t.app, a.investigatorKey, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds })
    const job = await call(h.t.app, a.analystKey, 'POST', `/v1/incidents/${incidentId}/traces`, { model: 'haircut' })
    traceId = job.body.id
    await h.t.app.dragnet.runner.idle()
  })
  after(async () => {
    await h?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('figures: per asset every category, bridged and mixed included, and stolen + swapped in = traced + unfollowed', async () => {
    const fig = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures`)
    assert.equal(fig.body.traceId, traceId)
    const byAsset = Object.fromEntries(fig.body.assets.map((x: { asset: string }) => [x.asset, x]))
    const pick = (x: Record<string, string>) =>
      Object.fromEntries(
        [
          'stolen',
          'swappedIn',
          'traced',
          'unfollowed',
          'held',
          'issuerFreezable',
          'exchange',
          'bridge',
          'mixer',
          'dex',
          'dark',
        ].map((k) => [k, BigInt(x[k] as string)]),
      )
    // docs/demo-world.md, haircut: of 1,000 ETH, 60 at depositEth and half of the mixing wallet's 120 ETH payout at
    // depositUsdx (120 at Harbor), 200 bridged, 300 mixed, 340 + 30 + 10 held; plus 400 ETH unwrapped from the WETH
    // the swapped USDX bought, bridged too: 600 ETH at the bridge.
    assert.deepEqual(pick(byAsset.native), {
      stolen: 1000n * ETH,
      swappedIn: 400n * ETH,
      traced: 1400n * ETH,
      unfollowed: 0n,
      held: 380n * ETH,
      issuerFreezable: 0n,
      exchange: 120n * ETH,
      bridge: 600n * ETH,
      mixer: 300n * ETH,
      dex: 0n,
      dark: 0n,
    })
    // Of 5,000,000 USDX: 1,000,000 swapped at the pair, 500,000 bridged, 2,000,000 held at split8, and 1,500,000
    // at depositUsdx, a deposit address by its sweep of ETH to the hot wallet: at the exchange, and freezable by the
    // issuer like split8's: 3,500,000 issuer-freezable.
    assert.deepEqual(pick(byAsset[USDX]), {
      stolen: 5_000_000n * USD6,
      swappedIn: 0n,
      traced: 5_000_000n * USD6,
      unfollowed: 0n,
      held: 2_000_000n * USD6,
      issuerFreezable: 3_500_000n * USD6,
      exchange: 1_500_000n * USD6,
      bridge: 500_000n * USD6,
      mixer: 0n,
      dex: 1_000_000n * USD6,
      dark: 0n,
    })
    // The 400 WETH bought exist only between the swap and the unwrap.
    assert.deepEqual(pick(byAsset[WETH]), {
      stolen: 0n,
      swappedIn: 400n * ETH,
      traced: 400n * ETH,
      unfollowed: 0n,
      held: 0n,
      issuerFreezable: 0n,
      exchange: 0n,
      bridge: 0n,
      mixer: 0n,
      dex: 400n * ETH,
      dark: 0n,
    })
    for (const x of fig.body.assets) assert.equal(x.balanced, true, x.asset)
    assert.deepEqual(
      [byAsset.native.symbol, byAsset.native.decimals, byAsset.native.formatted.bridge, byAsset.native.formatted.mixer],
      ['ETH', 18, '600', '300'],
    )
    assert.deepEqual(
      [byAsset[USDX].symbol, byAsset[USDX].decimals, byAsset[USDX].formatted.bridge, byAsset[USDX].formatted.held],
      ['USDX', 6, '500000', '2000000'],
    )
  })

  test('alerts and freeze requests show amounts with symbol and decimals, base units beside them', async () => {
    const alerts = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/alerts`)
    assert.deepEqual(
      alerts.body.alerts.map((x: { message: string }) => x.message).sort(),
      [
        `1,500,000 USDX at ${key('depositUsdx')}: freezable by Harbor Exchange and USDX issuer`,
        `2,000,000 USDX at ${key('split8')}: freezable by USDX issuer`,
        `60 ETH at ${key('depositEth')}: freezable by Harbor Exchange`,
        `60 ETH at ${key('depositUsdx')}: freezable by Harbor Exchange`,
      ].sort(),
    )
    const usdxAlert = alerts.body.alerts.find((x: { address: string }) => x.address === key('split8'))
    assert.deepEqual(
      [usdxAlert.amount, usdxAlert.amountFormatted, usdxAlert.symbol, usdxAlert.decimals],
      ['2000000000000', '2000000', 'USDX', 6],
    )
    const d = await call(
      h.t.app,
      a.investigatorKey,
      'POST',
      `/v1/incidents/${incidentId}/traces/${traceId}/freeze-requests`,
      {},
    )
    assert.equal(d.status, 201)
    const eth = d.body.freezeRequests.find(
      (f: { asset: string; address: string }) => f.asset === 'native' && f.address === key('depositEth'),
    )
    assert.deepEqual(
      [eth.amount, eth.amountFormatted, eth.symbol, eth.decimals],
      ['60000000000000000000', '60', 'ETH', 18],
    )
    // The ETH came through the peel chain: every step's amounts in ETH beside the base units.
    assert.deepEqual(
      eth.evidence.path.map((s: { taintedFormatted: string; symbol: string }) => `${s.taintedFormatted} ${s.symbol}`),
      ['100 ETH', '90 ETH', '80 ETH', '70 ETH', '60 ETH', '60 ETH'],
    )
    // Its freeze window: the 60 ETH arrived at the deposit address and are all still there.
    const w = eth.evidence.freezeWindow
    assert.deepEqual(
      [w.address, w.received, w.left, w.remaining, w.departed, w.seconds],
      [key('depositEth'), '60000000000000000000', '0', '60000000000000000000', null, null],
    )
    const usdx = d.body.freezeRequests.find(
      (f: { asset: string; address: string }) => f.asset === USDX && f.address === key('depositUsdx'),
    )
    const url = `/v1/incidents/${incidentId}/freeze-requests/${usdx.id}`
    for (const status of ['sent', 'acknowledged']) await call(h.t.app, a.investigatorKey, 'PATCH', url, { status })
    const frozen = await call(h.t.app, a.investigatorKey, 'PATCH', url, { status: 'frozen', amount: '750000500000' })
    assert.deepEqual(
      [frozen.body.frozenAmount, frozen.body.frozenAmountFormatted, frozen.body.amountFormatted],
      ['750000500000', '750000.5', '1500000'],
    )
    const fig = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/figures`)
    const row = fig.body.assets.find((x: { asset: string }) => x.asset === USDX)
    assert.deepEqual([row.frozen, row.formatted.frozen], ['750000500000', '750000.5'])
    // The freeze window per incident: 60 ETH at each of the two deposit addresses, none of it gone.
    const ethRow = fig.body.assets.find((x: { asset: string }) => x.asset === 'native')
    assert.deepEqual(ethRow.freezeWindow.formatted, { reached: '120', left: '0', remaining: '120' })
    assert.equal(fig.body.source, 'trace')
  })

  test('the letter: HTML and a PDF of real text, to the compliance desk, with amounts, transactions, path, contact and TLP', async () => {
    const list = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/freeze-requests`)
    const fr = list.body.freezeRequests.find((f: { address: string }) => f.address === key('split8'))
    const base = `/v1/incidents/${incidentId}/freeze-requests/${fr.id}/letter`
    const html = await call(h.t.app, a.investigatorKey, 'GET', base)
    assert.equal(html.status, 200)
    assert.match(String(html.headers['content-type']), /^text\/html/)
    const pdf = await h.t.app.inject({
      method: 'GET',
      url: `${base}?format=pdf`,
      headers: { authorization: `Bearer ${a.investigatorKey}` },
    })
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    const parsed = await pdfText(pdf.rawPayload)
    const text = parsed.pages.join('\n')
    // split8 got 2,500,000 USDX from the attacker (hop 1) and bridged 500,000: 2,000,000 USDX to freeze.
    const expected = [
      'TLP:AMBER',
      'USDX issuer, compliance desk',
      'Meridian Investigations asks USDX issuer to freeze 2,000,000 USDX held at address',
      key('split8'),
      'Amount to freeze',
      '2,000,000 USDX (2000000000000 base units)',
      'Meridian cold wallet heist',
      'Freeze window',
      'not yet estimated',
      'Meridian Investigations investigator',
      ...fr.evidence.txs,
    ]
    for (const s of expected) {
      assert.ok(html.text.includes(s.replaceAll('"', '&quot;')), `HTML holds ${s}`)
      assert.ok(text.replace(/\s+/g, ' ').includes(s), `PDF holds ${s}`)
    }
    // The one path step: the attacker's 2,500,000 USDX transfer to split8, all of it tainted.
    assert.ok(text.includes('2,500,000 USDX tainted of 2,500,000 USDX'))
    assert.ok(html.text.includes('<td>2,500,000 USDX</td><td>2,500,000 USDX</td>'))
    for (const page of parsed.pages) assert.ok(page.includes('TLP:AMBER'), 'every page carries the marking')
    assert.equal(parsed.info.Title, `Freeze request: 2,000,000 USDX at ${key('split8')}`)
    const viewer = await call(h.t.app, a.viewerKey, 'GET', base)
    assert.equal(viewer.body.code, 'AUTH_FORBIDDEN')
    assert.equal((await call(h.t.app, outsider.adminKey, 'GET', base)).status, 404)
  })

  test('the evidence package is signed with the organisation key; dragnet evidence verify finds any tampering', async () => {
    const list = await call(h.t.app, a.viewerKey, 'GET', `/v1/incidents/${incidentId}/freeze-requests`)
    const fr = list.body.freezeRequests.find((f: { address: string }) => f.address === key('split8'))
    const pkg = await call(
      h.t.app,
      a.analystKey,
      'GET',
      `/v1/incidents/${incidentId}/freeze-requests/${fr.id}/evidence`,
    )
    assert.equal(pkg.status, 200)
    const published = await call(h.t.app, outsider.viewerKey, 'GET', `/v1/organisations/${a.id}/signing-key`)
    assert.equal(published.body.algorithm, 'ed25519')
    assert.equal(pkg.body.signature.publicKey, published.body.publicKey)
    assert.equal(pkg.body.signature.fingerprint, published.body.fingerprint)
    // Checked here with node:crypto alone, from the published key and the documented canonical form.
    const signed = Buffer.from(canonical(pkg.body.manifest), 'utf8')
    const ok = verify(
      null,
      signed,
      createPublicKey(published.body.publicKeyPem),
      Buffer.from(pkg.body.signature.value, 'base64'),
    )
    assert.equal(ok, true)
    assert.deepEqual(pkg.body.manifest.organisation, { id: a.id, name: 'Meridian Investigations' })
    const letter = pkg.body.files.find((f: { name: string }) => f.name === 'letter.pdf')
    const inPackage = await pdfText(Buffer.from(letter.content, 'base64'))
    assert.ok(inPackage.pages.join(' ').includes('2,000,000 USDX'))

    const file = join(dir, 'evidence.json')
    const keyFile = join(dir, 'meridian.pem')
    writeFileSync(file, pkg.text)
    writeFileSync(keyFile, published.body.publicKeyPem)
    const good = await runCli([
      'evidence',
      'verify',
      file,
      '--public-key',
      keyFile,
      '--json',
      '--extract',
      join(dir, 'out'),
    ])
    assert.equal(good.code, 0, good.stderr)
    const report = JSON.parse(good.stdout)
    assert.deepEqual([report.ok, report.keyPinned, report.files.length], [true, true, 5])
    assert.deepEqual(readFileSync(join(dir, 'out', 'letter.pdf')), Buffer.from(letter.content, 'base64'))
    const plain = await runCli(['evidence', 'verify', file])
    assert.equal(plain.code, 0)
    assert.match(
      plain.stdout,
      new RegExp(`^ok: 5 files match the manifest signed by Meridian Investigations \\(${a.id}\\)`),
    )

    // biome-ignore lint/suspicious/noExplicitAny: each case changes one field of the parsed package
    const tamper = async (change: (p: Record<string, any>) => void, args: string[] = []) => {
      const p = JSON.parse(pkg.text)
      change(p)
      const path = join(dir, 'tampered.json')
      writeFileSync(path, JSON.stringify(p))
      const r = await runCli(['evidence', 'verify', path, '--json', ...args])
      return { code: r.code, error: errorOf(r) }
    }
    const html = await tamper((p) => {
      const f = p.files.find((x: { name: string }) => x.name === 'letter.html')
      f.content = f.content.replace('2,000,000 USDX', '200,000 USDX')
    })
    assert.deepEqual(
      [html.code, html.error.code, html.error.details.file],
      [9, 'EVIDENCE_FILE_TAMPERED', 'letter.html'],
    )
    const csv = await tamper((p) => {
      p.files.find((x: { name: string }) => x.name === 'transactions.csv').content += 'x'
    })
    assert.deepEqual(
      [csv.code, csv.error.code, csv.error.details.file],
      [9, 'EVIDENCE_FILE_TAMPERED', 'transactions.csv'],
    )
    const dropped = await tamper((p) => {
      p.files = p.files.filter((x: { name: string }) => x.name !== 'letter.pdf')
    })
    assert.deepEqual([dropped.error.code, dropped.error.details.problem], ['EVIDENCE_FILE_TAMPERED', 'missing'])
    // Changing the manifest to match a changed file breaks the signature.
    const rehashed = await tamper((p) => {
      p.manifest.files[0].sha256 = '0'.repeat(64)
    })
    assert.deepEqual([rehashed.code, rehashed.error.code], [9, 'EVIDENCE_BAD_SIGNATURE'])
    const otherKey = await call(h.t.app, outsider.viewerKey, 'GET', `/v1/organisations/${outsider.id}/signing-key`)
    const otherFile = join(dir, 'outsider.pem')
    writeFileSync(otherFile, otherKey.body.publicKeyPem)
    const wrong = await tamper(() => {}, ['--public-key', otherFile])
    assert.deepEqual([wrong.code, wrong.error.code], [9, 'EVIDENCE_KEY_MISMATCH'])
    writeFileSync(join(dir, 'junk.json'), '{"format":')
    const junk = await runCli(['evidence', 'verify', join(dir, 'junk.json'), '--json'])
    assert.deepEqual([junk.code, errorOf(junk).code], [3, 'EVIDENCE_MALFORMED'])
    const v1 = await tamper((p) => {
      p.format = 'dragnet.evidence/1'
    })
    assert.deepEqual([v1.code, v1.error.code], [3, 'EVIDENCE_MALFORMED'])
  })

  test('the address page lists every incident whose trace reached the address, not only those naming it as a seed', async () => {
    const split8 = key('split8')
    const page = await call(h.t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${split8}/incidents`)
    assert.equal(page.status, 200)
    assert.deepEqual(
      page.body.incidents.map((i: Record<string, unknown>) => [i.incidentId, i.seed]),
      [[incidentId, false]],
    )
    const reach = page.body.incidents[0].traces
    assert.equal(reach.length, 1)
    assert.deepEqual([reach[0].traceId, reach[0].hop, reach[0].category], [traceId, 1, 'held'])
    assert.deepEqual(reach[0].received[USDX], {
      amount: '2500000000000',
      amountFormatted: '2500000',
      symbol: 'USDX',
      decimals: 6,
    })
    assert.equal(reach[0].final[USDX].amountFormatted, '2000000')
    const lookup = await call(h.t.app, a.viewerKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${split8}`)
    assert.equal(lookup.status, 200)
    assert.deepEqual(lookup.body.incidents, [incidentId])
    const attacker = h.manifest.seeds.addresses[0] as string
    const seedPage = await call(
      h.t.app,
      a.viewerKey,
      'GET',
      `/v1/addresses/${DEMO_CHAIN}/${attacker.toUpperCase().replace('0X', '0x')}/incidents`,
    )
    assert.deepEqual([seedPage.body.incidents[0].seed, seedPage.body.incidents[0].traces[0].hop], [true, 0])
    const none = await call(h.t.app, outsider.adminKey, 'GET', `/v1/addresses/${DEMO_CHAIN}/${split8}/incidents`)
    assert.deepEqual(none.body.incidents, [])
  })
})
