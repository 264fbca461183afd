import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { call, createOrg, startTestServer, type TestServer } from '../server/server-kit.ts'
import { seriousViolations } from './axe-check.ts'
import { launchChromium, screenshots, signInAt, WIDTHS } from './pages-kit.ts'
import {
  ADDRESS_MATCH_EVIDENCE,
  EXCHANGE,
  EXCHANGE2,
  fixtureProbableLayer,
  probableChain,
  probableLabels,
  RECIPIENT,
  THIEF,
  TIMING_EVIDENCE,
  TXS,
} from './probable-world.ts'
import { chromiumMissing } from './web-fixture.ts'

const OUT = join('test', 'web', 'out', 'probable-layer')

/**
 * Full-page screenshots at each width, each after the charts have followed the new width (they resize on their
 * own observer, a moment after the page does), failing if the page is then wider than the screen.
 */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForTimeout(400)
    const wide = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: runs in the browser, whose types the test lacks
      return (globalThis as any).document.documentElement.scrollWidth as number
    })
    assert.ok(wide <= width, `${name} is ${wide} px wide at a ${width} px viewport`)
    await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const v = await seriousViolations(page)
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`)
}

test('the trace view past mixers: the probable layer on a toggle, apart from the exact trace', {
  skip: chromiumMissing(),
  timeout: 240_000,
}, async (t) => {
  let chain: DuckDbStore | undefined
  let server: TestServer | undefined
  let browser: Browser | undefined
  t.after(async () => {
    await browser?.close()
    await server?.close()
    await chain?.close()
  })
  mkdirSync(OUT, { recursive: true })
  chain = await probableChain()
  const layer = fixtureProbableLayer()
  server = await startTestServer({ chainStore: chain, labelsFor: probableLabels, addProbableLayer: layer.add })
  const s = server
  await s.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`
  const org = await createOrg(s, 'Mixer Investigations')
  const incident = (
    await call(s.app, org.investigatorKey, 'POST', '/v1/incidents', {
      title: 'Drained into a pool',
      tlp: 'AMBER',
      chain: 'ethereum',
    })
  ).body.id as string
  await call(s.app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/seeds`, { seeds: [THIEF] })
  const trace = async (body: Record<string, unknown>) => {
    const r = await call(s.app, org.investigatorKey, 'POST', `/v1/incidents/${incident}/traces`, body)
    assert.equal(r.status, 202, r.text)
    await s.app.dragnet.runner.idle()
    return r.body.id as string
  }
  browser = await launchChromium()
  const { page } = await signInAt(browser, origin, org.investigatorKey)
  const figuresText = async () => {
    await page.goto(`${origin}/#/incidents/${incident}`)
    const table = page.getByRole('table', { name: 'Figures per asset' })
    await table.waitFor()
    return table.innerText()
  }

  const exact = await trace({})
  const exactFigures = await figuresText()
  // 1,000 ETH stolen: 900 at Harbor Exchange, 100 into the pool (the exact trace ends there).
  for (const figure of ['1,000', '900', '100']) assert.ok(exactFigures.includes(figure), exactFigures)
  const past = await trace({ throughMixers: true })
  const figures = await figuresText()
  assert.equal(figures, exactFigures, 'the dashboard shows the same exact figures with the probable layer')

  await t.test('an exact trace offers no toggle', async () => {
    await page.goto(`${origin}/#/incidents/${incident}/traces/${exact}`)
    await page.locator('.trace-graph[data-drawn="true"]').waitFor({ timeout: 30_000 })
    await page.locator(`button[data-address="${EXCHANGE}"]`).waitFor()
    assert.equal(await page.getByLabel('Past mixers (probable)').count(), 0)
  })

  await t.test('the toggle shows the probable nodes, their confidence and the legend entry', async () => {
    await page.goto(`${origin}/#/incidents/${incident}/traces/${past}`)
    await page.locator('.trace-graph[data-drawn="true"]').waitFor({ timeout: 30_000 })
    const toggle = page.getByLabel('Past mixers (probable)')
    await toggle.waitFor()
    assert.equal(await toggle.isChecked(), false)
    assert.equal(await page.locator(`button[data-address="${EXCHANGE2}"]`).count(), 0, 'hidden until asked for')
    await toggle.check()
    await page.getByTestId('legend-probable').waitFor()
    assert.match(await page.getByTestId('legend-probable').innerText(), /probable \(past a mixer\)/)
    for (const a of [RECIPIENT, EXCHANGE2]) {
      const row = await page.locator('tr', { has: page.locator(`button[data-address="${a}"]`) }).innerText()
      assert.match(row, /probable \(past a mixer\) · 82%/, row)
    }
    const end = await page.locator('tr', { has: page.locator(`button[data-address="${EXCHANGE2}"]`) }).innerText()
    assert.match(end, /100 ETH probable/, end)
    // The exact endpoints table is the exact trace's alone.
    const endpoints = await page.getByRole('heading', { name: 'Endpoints' }).locator('..').innerText()
    assert.ok(!endpoints.includes('Quay Exchange'), endpoints)
    await page.locator(`.trace-graph[data-endpoint-positions*="${EXCHANGE2}"]`).waitFor()
    await page.waitForTimeout(400)
    await noSeriousViolations(page, 'trace view with the probable layer')
    await page.screenshot({ path: join(OUT, 'trace-probable-1440.png') })
  })

  await t.test("the probable node's panel shows the link, its rules, evidence and confidence", async () => {
    await page.locator(`button[data-address="${EXCHANGE2}"]`).click()
    const panel = page.locator('.node-panel')
    await panel.getByRole('heading', { name: EXCHANGE2 }).waitFor()
    const text = await panel.innerText()
    assert.match(text, /Probable, not exact/)
    assert.match(text, /not in the trace's totals/)
    assert.ok(text.includes(ADDRESS_MATCH_EVIDENCE), text)
    assert.ok(text.includes(TIMING_EVIDENCE), text)
    assert.match(text, /Address match \(70%\)/)
    assert.match(text, /Timing \(40%\)/)
    assert.equal(await panel.getByTestId('link-confidence').innerText(), '82%')
    assert.match(await panel.getByTestId('link-anonymity').innerText(), /^5 deposits before the withdrawal; 2 after/)
    assert.match(text, /Tornado\.Cash: 100 ETH/)
    const deposit = await panel.locator(`[title="${TXS.deposit}"]`).count()
    const withdrawal = await panel.locator(`[title="${TXS.withdrawal}"]`).count()
    assert.ok(deposit > 0 && withdrawal > 0, 'the deposit and withdrawal transactions are named')
    assert.match(await panel.getByTestId('probable-amount').innerText(), /100 ETH.*probable.*Quay Exchange/s)
    await noSeriousViolations(page, 'probable node panel')
    await shoot(page, 'trace-probable-panel')
  })

  await t.test('the freeze board lists the probable target apart, resting on its link', async () => {
    await page.goto(`${origin}/#/incidents/${incident}/freeze`)
    const exactList = page.getByRole('table', { name: 'Freezable endpoints' })
    await exactList.waitFor()
    const exactText = await exactList.innerText()
    assert.match(exactText, /Harbor Exchange/)
    assert.ok(!exactText.includes('Quay Exchange'), exactText)
    const probable = page.getByRole('table', { name: 'Probable freeze targets' })
    await probable.waitFor()
    const row = await probable.locator(`tr[data-address="${EXCHANGE2}"]`).innerText()
    assert.match(row, /Quay Exchange/)
    assert.match(row, /rests on a probable link: confidence 82%/)
    assert.match(row, /100 ETH/)
    assert.equal(await probable.getByRole('button').count(), 0, 'a probable target offers no draft')
    await noSeriousViolations(page, 'freeze board with probable targets')
    await screenshots(page, OUT, 'freeze-probable')
  })
})
