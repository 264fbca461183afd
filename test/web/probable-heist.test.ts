import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { percent } from '../../web/src/trace/probable-model.ts'
import type { ProbableLayerJson, TraceJson } from '../../web/src/trace/trace-json.ts'
import { short } from '../../web/src/ui/format.ts'
import { call, createOrg } from '../server/server-kit.ts'
import { seriousViolations } from './axe-check.ts'
import { type MixerHeistServer, mixerHeistServer } from './mixer-heist-world.ts'
import { launchChromium, signInAt } from './pages-kit.ts'
import { chromiumMissing } from './web-fixture.ts'

const OUT = join('test', 'web', 'out', 'probable-heist')

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const v = await seriousViolations(page)
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`)
}

test('past mixers on the demo heist with its mixer leg: a real linked note in the trace view and on the freeze board', {
  skip: chromiumMissing(),
  timeout: 300_000,
}, async (t) => {
  let w: MixerHeistServer | undefined
  let browser: Browser | undefined
  t.after(async () => {
    await browser?.close()
    await w?.close()
  })
  mkdirSync(OUT, { recursive: true })
  w = await mixerHeistServer()
  const { app } = w.t
  const manifest = w.manifest
  const target = manifest.mixerLeg?.probable[0]
  assert.ok(target, 'the mixer leg plants one probable freeze target')
  const org = await createOrg(w.t, 'Mixer Investigations')
  const incident = (
    await call(app, org.investigatorKey, 'POST', '/v1/incidents', { title: 'Heist', tlp: 'AMBER', chain: 'demo' })
  ).body.id as string
  await call(app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/seeds`, {
    seeds: manifest.seeds.transactions,
  })
  const fromBlock = manifest.heistBlocks.from.toString()
  const trace = async (body: Record<string, unknown>) => {
    const r = await call(app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/traces`, { fromBlock, ...body })
    assert.equal(r.status, 202, r.text)
    await app.dragnet.runner.idle()
    const job = await call(app, org.viewerKey, 'GET', `/v1/incidents/${incident}/traces/${r.body.id}`)
    assert.equal(job.body.status, 'done', job.text)
    const result = await call(app, org.viewerKey, 'GET', `/v1/incidents/${incident}/traces/${r.body.id}/result`)
    return { id: r.body.id as string, result: result.body as TraceJson }
  }
  browser = await launchChromium()
  const { page } = await signInAt(browser, w.origin, org.investigatorKey)
  const figuresText = async () => {
    await page.goto(`${w?.origin}/#/incidents/${incident}`)
    const table = page.getByRole('table', { name: 'Figures per asset' })
    await table.waitFor()
    return table.innerText()
  }

  const exact = await trace({})
  const exactFigures = await figuresText()
  const past = await trace({ throughMixers: true })
  const layer = past.result.probable as ProbableLayerJson
  assert.ok(layer, 'the stored result carries the probable layer')
  assert.deepEqual(past.result.totals, exact.result.totals, 'the exact totals are those of the exact trace')
  assert.deepEqual(past.result.endpoints, exact.result.endpoints)
  assert.equal(await figuresText(), exactFigures, 'the dashboard shows the same exact figures')

  // The leg's truth: W1 withdrew stolen note heist-1 and paid it, with 0.01 ETH of its own, into a Harbor deposit
  // address. Under haircut the note's 100 ETH reach it; the link rests at least on the planted fee cap.
  const end = layer.endpoints.find((e) => e.address === target.address)
  assert.ok(end, `the probable layer reaches ${target.address}`)
  assert.equal(end.amount, target.fromNote.toString())
  assert.ok(end.freezableBy.some((f) => f.kind === 'exchange'))
  const link = layer.links.find((l) => l.id === end.link)
  assert.ok(link)
  assert.equal(link.deposit.tx, target.note.depositTx)
  assert.equal(link.withdrawal.tx, target.note.withdrawalTx)
  const gas = link.rules.find((r) => r.rule === 'gas-price')
  assert.ok(gas, `the fee cap links the note: ${JSON.stringify(link.rules)}`)
  assert.ok(!exact.result.endpoints.some((e) => e.address === target.address), 'the exact trace does not reach it')

  await t.test(
    'the toggle shows the probable target with its confidence; its panel the rule and evidence',
    async () => {
      await page.goto(`${w?.origin}/#/incidents/${incident}/traces/${past.id}`)
      await page.locator('.trace-graph[data-drawn="true"]').waitFor({ timeout: 60_000 })
      const toggle = page.getByLabel('Past mixers (probable)')
      await toggle.check()
      await page.getByTestId('legend-probable').waitFor()
      const button = page.locator(`button[data-address="${target.address}"]`)
      await button.waitFor()
      const row = await page.locator('tr', { has: button }).innerText()
      assert.ok(row.includes(`probable (past a mixer) · ${percent(link.confidence)}`), row)
      await button.click()
      const panel = page.locator('.node-panel')
      await panel.getByRole('heading', { name: target.address }).waitFor()
      const text = await panel.innerText()
      assert.match(text, /Probable, not exact/)
      assert.match(text, /not in the trace's totals/)
      assert.ok(text.includes(gas.evidence), text)
      assert.match(text, /Gas price \(\d+%\)/)
      assert.equal(
        await panel.locator(`[data-link="${link.id}"] [data-testid="link-confidence"]`).innerText(),
        percent(link.confidence),
      )
      const anonymity = await panel.locator(`[data-link="${link.id}"] [data-testid="link-anonymity"]`).innerText()
      assert.ok(
        anonymity.startsWith(
          `${link.anonymitySet.before} deposits before the withdrawal; ${link.anonymitySet.after} after`,
        ),
        anonymity,
      )
      assert.ok((await panel.locator(`[title="${target.note.withdrawalTx}"]`).count()) > 0)
      await page.waitForTimeout(400)
      await noSeriousViolations(page, 'trace view past mixers, the probable target selected')
      await page.screenshot({ path: join(OUT, 'trace-probable-1440.png'), fullPage: true })
    },
  )

  await t.test('the freeze board lists the target as probable, apart from the exact list', async () => {
    await page.goto(`${w?.origin}/#/incidents/${incident}/freeze`)
    const probable = page.getByRole('table', { name: 'Probable freeze targets' })
    await probable.waitFor()
    const row = await probable.locator(`tr[data-address="${target.address}"]`).innerText()
    assert.ok(row.includes(`rests on a probable link: confidence ${percent(end.confidence)}`), row)
    assert.match(row, /Gas price/)
    const exactList = await page.getByRole('table', { name: 'Freezable endpoints' }).innerText()
    assert.ok(!exactList.includes(short(target.address)), exactList)
    await noSeriousViolations(page, 'freeze board past mixers')
    await page.screenshot({ path: join(OUT, 'freeze-probable-1440.png'), fullPage: true })
  })
})
