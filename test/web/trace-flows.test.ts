import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import type { EvidencePackage } from '../../src/cases/evidence/evidence-types.ts'
import { DEFAULT_MNEMONIC } from '../../src/devnet/anvil.ts'
import { ACTORS } from '../../src/devnet/world/actors.ts'
import { AMOUNTS } from '../../src/devnet/world/scenario.ts'
import { deriveAccounts } from '../../src/devnet/world/world-accounts.ts'
import { seriousViolations } from './axe-check.ts'
import { chromiumMissing, startWebWorld, type WebWorld } from './web-fixture.ts'

// The demo world's addresses are its accounts under the fixed mnemonic; its amounts are the story's (scenario.ts).
const accounts = deriveAccounts(DEFAULT_MNEMONIC, [
  ACTORS.victim.index,
  ACTORS.depositEth.index,
  ACTORS.depositUsdx.index,
])
const addressOf = (index: number) => (accounts.get(index)?.address ?? '').toLowerCase()
const VICTIM = addressOf(ACTORS.victim.index)
const DEPOSIT_ETH = addressOf(ACTORS.depositEth.index)
const DEPOSIT_USDX = addressOf(ACTORS.depositUsdx.index)
// Split wallet 1 takes 100 ETH and peels 10 ETH off at each of 4 hops: the rest, 60 ETH, reaches the deposit address.
const ETH_AT_DEPOSIT = AMOUNTS.splitEth.split1 - BigInt(AMOUNTS.peelHops) * AMOUNTS.peel
// Split wallet 7 deposits its 1,500,000 USDX (6 decimals) at the exchange.
const USDX_AT_DEPOSIT = AMOUNTS.splitUsdx.split7
const grouped = (whole: bigint) => whole.toLocaleString('en-US')
const WIDTHS = [1440, 1024, 390] as const

async function shoot(world: WebWorld, page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(world.outDir, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const v = await seriousViolations(page)
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`)
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, matches: (el: { text: string; address: string | null }) => boolean, max = 250) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const el = await page.evaluate(() => {
      // The callback runs in the browser; the test's TypeScript has no DOM types, so the document is reached untyped.
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const a = (globalThis as any).document.activeElement
      return { text: String(a?.textContent ?? '').trim(), address: (a?.getAttribute('data-address') as string) ?? null }
    })
    if (matches(el)) return
  }
  assert.fail('the element was not reached with Tab')
}

describe('incidents, trace view and freeze board in Chromium, on the demo heist', { skip: chromiumMissing() }, () => {
  let world: WebWorld
  let context: BrowserContext
  let page: Page
  let incidentId: string
  let tracePath: string

  before(async () => {
    world = await startWebWorld('trace-flows')
    incidentId = world.keys.demo.incidentId
    context = await world.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    page = await context.newPage()
  })
  after(async () => {
    await context?.close().catch(() => undefined)
    await world?.close()
  })

  test('the one-time link signs in; the incidents list shows the demo incident with its marking', async () => {
    await page.goto(world.signInUrl)
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    const link = page.locator(`a[href="#/incidents/${incidentId}"]`)
    await link.waitFor()
    const row = page.locator('tr', { has: link })
    assert.match(await row.innerText(), /TLP:(CLEAR|GREEN|AMBER|AMBER\+STRICT|RED)/)
    await noSeriousViolations(page, 'incidents')
    await shoot(world, page, 'incidents')
    await link.click()
  })

  test('the dashboard shows what was stolen per asset, exactly', async () => {
    const table = page.getByRole('table', { name: 'Figures per asset' })
    await table.waitFor()
    const eth = await table.locator('tr', { has: page.locator('th', { hasText: /^ETH/ }) }).innerText()
    // The victim's cold wallet lost its 1,000 ETH and 5,000,000 USDX.
    assert.ok(eth.includes(grouped(AMOUNTS.victimEth / 10n ** 18n)), eth)
    const usdx = await table.locator('tr', { has: page.locator('th', { hasText: /^USDX/ }) }).innerText()
    assert.ok(usdx.includes(grouped(AMOUNTS.victimUsdx / 10n ** 6n)), usdx)
    await page.getByRole('table', { name: 'Traces' }).waitFor()
    await page.locator('.echart canvas').first().waitFor()
    await noSeriousViolations(page, 'incident')
    await shoot(world, page, 'incident')
  })

  test('the trace view draws the seeds and the exchange deposit addresses', async () => {
    await page.getByRole('link', { name: 'Trace view' }).click()
    await page.locator('.trace-graph[data-drawn="true"]').waitFor({ timeout: 30_000 })
    tracePath = new URL(page.url()).hash
    for (const a of [VICTIM, DEPOSIT_ETH, DEPOSIT_USDX]) await page.locator(`button[data-address="${a}"]`).waitFor()
    const seedRow = await page.locator('tr', { has: page.locator(`button[data-address="${VICTIM}"]`) }).innerText()
    assert.match(seedRow, /Seed/)
    for (const a of [DEPOSIT_ETH, DEPOSIT_USDX]) {
      const row = await page.locator('tr', { has: page.locator(`button[data-address="${a}"]`) }).innerText()
      assert.match(row, /Exchange/)
    }
    await page.locator(`.trace-graph[data-endpoint-positions*="${DEPOSIT_ETH}"]`).waitFor()
    await page.waitForTimeout(500)
    await noSeriousViolations(page, 'trace view')
    await page.screenshot({ path: join(world.outDir, 'trace-1440.png') })
    mkdirSync('docs', { recursive: true })
    copyFileSync(join(world.outDir, 'trace-1440.png'), join('docs', 'web-trace.png'))
    await shoot(world, page, 'trace-full')
  })

  test('the graph exports as PNG and SVG, the endpoints as CSV with exact base units', async () => {
    const save = async (button: string, name: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
      const file = join(world.outDir, name)
      await d.saveAs(file)
      return readFileSync(file)
    }
    const png = await save('Export PNG', 'trace.png')
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG')
    assert.ok(png.length > 10_000, `a drawn graph, not an empty canvas: ${png.length} bytes`)
    const svg = (await save('Export SVG', 'trace.svg')).toString('utf8')
    assert.match(svg, /^<svg /)
    assert.ok(svg.includes(`<title>${DEPOSIT_ETH}</title>`))
    const csv = (await save('Endpoints CSV', 'endpoints.csv')).toString('utf8').split('\r\n')
    const row = csv.find((l) => l.startsWith(`${DEPOSIT_ETH},exchange,`) && l.includes(',native,'))
    assert.ok(row?.includes(`,${ETH_AT_DEPOSIT},`), row)
  })

  test('clicking the ETH deposit address on the graph explains its 60 ETH', async () => {
    const graph = page.locator('.trace-graph')
    const positions = JSON.parse((await graph.getAttribute('data-endpoint-positions')) ?? '{}') as Record<
      string,
      [number, number]
    >
    const at = positions[DEPOSIT_ETH]
    const box = await graph.boundingBox()
    assert.ok(at && box, 'the deposit address is on screen')
    await page.mouse.click(box.x + at[0], box.y + at[1])
    const panel = page.locator('.node-panel')
    await panel.getByRole('heading', { name: DEPOSIT_ETH }).waitFor()
    await panel.getByText('Arrivals and their paths').waitFor()
    const final = await panel.getByTestId('node-final').innerText()
    assert.equal(final, `${grouped(ETH_AT_DEPOSIT / 10n ** 18n)} ETH`)
    const text = await panel.innerText()
    assert.match(text, /Harbor Exchange/)
    assert.ok(text.includes(`${grouped(ETH_AT_DEPOSIT / 10n ** 18n)} ETH tainted of`), text)
    await noSeriousViolations(page, 'trace view with a node selected')
    await page.screenshot({ path: join(world.outDir, 'trace-selected-1440.png'), fullPage: true })
  })

  test('selecting the USDX deposit address through the list explains its 1,500,000 USDX', async () => {
    await page.locator(`button[data-address="${DEPOSIT_USDX}"]`).click()
    const panel = page.locator('.node-panel')
    await panel.getByRole('heading', { name: DEPOSIT_USDX }).waitFor()
    await panel.getByText('Arrivals and their paths').waitFor()
    const final = await panel.getByTestId('node-final').innerText()
    assert.ok(final.includes(`${grouped(USDX_AT_DEPOSIT / 10n ** 6n)} USDX`), final)
    assert.match(await panel.innerText(), /USDX issuer/)
  })

  test('with Tab and Enter only: select the ETH deposit address and draft its freeze request', async () => {
    await page.goto(`${world.origin}/${tracePath.split('?')[0]}`)
    await page.reload()
    await page.locator('.trace-graph[data-drawn="true"]').waitFor({ timeout: 30_000 })
    await tabTo(page, (el) => el.address === DEPOSIT_ETH)
    await page.keyboard.press('Enter')
    const panel = page.locator('.node-panel')
    await panel.getByRole('heading', { name: DEPOSIT_ETH }).waitFor()
    await panel.getByText('Arrivals and their paths').waitFor()
    await tabTo(page, (el) => el.text === 'Draft freeze request', 20)
    await page.keyboard.press('Enter')
    await panel.getByRole('status').filter({ hasText: 'drafted' }).waitFor()
    await tabTo(page, (el) => el.text === 'Open the freeze board', 5)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'What to freeze where' }).waitFor()
  })

  test('the freeze board lists the draft; one click drafts another; the evidence package checks out', async () => {
    const drafted = page.locator('.freeze-column', { has: page.getByRole('heading', { name: /^Drafted/ }) })
    await drafted.locator(`li[aria-label*="${DEPOSIT_ETH}"]`).waitFor()
    const card = await drafted.locator(`li[aria-label*="${DEPOSIT_ETH}"]`).innerText()
    assert.ok(card.includes(`${grouped(ETH_AT_DEPOSIT / 10n ** 18n)} ETH`), card)
    assert.match(card, /Harbor Exchange/)

    const freezable = page.getByRole('table', { name: 'Freezable endpoints' })
    await freezable.waitFor()
    await page
      .getByRole('button', { name: `Draft freeze request for ${DEPOSIT_USDX}` })
      .first()
      .click()
    await drafted.locator(`li[aria-label*="${DEPOSIT_USDX}"]`).first().waitFor()
    const usdxCards = await drafted.locator(`li[aria-label*="${DEPOSIT_USDX}"]`).allInnerTexts()
    assert.ok(
      usdxCards.some((c) => c.includes(`${grouped(USDX_AT_DEPOSIT / 10n ** 6n)} USDX`)),
      usdxCards.join('\n'),
    )

    // Move the ETH request along as the exchange answers: sent, then acknowledged.
    const eth = page.locator(`li[aria-label*="${DEPOSIT_ETH}"]`)
    await eth.getByRole('button', { name: 'Mark sent' }).click()
    const sent = page.locator('.freeze-column', { has: page.getByRole('heading', { name: /^Sent/ }) })
    await sent.locator(`li[aria-label*="${DEPOSIT_ETH}"]`).waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sent.locator(`li[aria-label*="${DEPOSIT_ETH}"]`).getByRole('button', { name: 'Evidence package' }).click(),
    ])
    const file = join(world.outDir, 'evidence.json')
    await download.saveAs(file)
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as EvidencePackage
    assert.equal(pkg.format, 'dragnet.evidence/2')
    assert.ok(pkg.manifest.files.length >= 3)
    assert.equal(pkg.manifest.files.length, pkg.files.length)
    for (const entry of pkg.manifest.files) {
      const f = pkg.files.find((x) => x.name === entry.name)
      assert.ok(f, `${entry.name} is in the package`)
      const bytes = Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8')
      assert.equal(bytes.length, entry.bytes, entry.name)
      assert.equal(createHash('sha256').update(bytes).digest('hex'), entry.sha256, entry.name)
    }
    const request = pkg.files.find((x) => x.mediaType === 'application/json')
    assert.ok(request?.content.includes(DEPOSIT_ETH))
    await noSeriousViolations(page, 'freeze board')
    await shoot(world, page, 'freeze-board')
  })
})
