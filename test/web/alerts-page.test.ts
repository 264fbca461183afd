import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser } from 'playwright-core'
import type { Alert } from '../../src/watch/alert-types.ts'
import { alertWorld } from '../server/alert-world.ts'
import { EXCHANGE, SPLIT, TX } from '../server/fixture-world.ts'
import { call } from '../server/server-kit.ts'
import { seriousViolations } from './axe-check.ts'
import { launchChromium, screenshots, signInAt, tabTo } from './pages-kit.ts'
import { chromiumMissing } from './web-fixture.ts'

/**
 * The fixture chain's freezable arrival as the watcher would raise it: 600 wei from SPLIT reaching the exchange's
 * deposit wallet in block 3 (tx 3), with the freeze request the watcher fills in.
 */
function arrival(incident: string): Alert {
  return {
    format: 'dragnet.alert/1',
    id: 'web-alert-1',
    kind: 'freezable-arrival',
    severity: 'high',
    incident,
    chain: 'ethereum',
    block: '3',
    blockHash: `0x${'cd'.repeat(32)}`,
    tx: TX(3),
    addresses: [EXCHANGE],
    asset: 'native',
    amount: '600',
    symbol: 'ETH',
    decimals: 18,
    path: [{ from: SPLIT, to: EXCHANGE, tx: TX(3), block: '3', asset: 'native', amount: '600' }],
    place: 'exchange-deposit',
    freezeRequest: {
      freezer: { kind: 'exchange', name: 'Harbor Exchange' },
      address: EXCHANGE,
      asset: 'native',
      amount: '600',
      txs: [TX(3)],
      evidence: { incident, model: 'haircut', path: [], labels: ['Harbor Exchange'] },
    },
    // The fixture chain's block 3 is at 1,700,000,003 (test/server/fixture-world.ts); nothing has left since.
    freezeWindow: {
      address: EXCHANGE,
      asset: 'native',
      freezableBy: [{ kind: 'exchange', name: 'Harbor Exchange' }],
      arrived: { tx: TX(3), block: '3', time: '1700000003' },
      departed: null,
      seconds: null,
    },
    retracts: null,
    raisedAt: '2026-03-01T00:00:03.000Z',
  }
}

test('alerts page: live alerts and the freeze request of a freezable one', {
  skip: chromiumMissing(),
  timeout: 180_000,
}, async (t) => {
  const w = await alertWorld()
  let browser: Browser | undefined
  t.after(async () => {
    await browser?.close()
    await w.close()
  })
  browser = await launchChromium()
  const { page } = await signInAt(browser, w.base, w.a.investigatorKey)
  const card = page.locator(`article[data-alert-id="web-alert-1"]`)

  await t.test('an alert recorded while the page is open appears, newest first, with its exact amount', async () => {
    await page.goto(`${w.base}/#/alerts`)
    await page.getByRole('heading', { name: 'Alerts' }).waitFor()
    // The world's trace raised its own freezable-funds alert already: the feed lists it before any live one.
    await page.locator('article[data-alert-id]').first().waitFor()
    const before = await page.locator('article[data-alert-id]').count()
    await page.locator('.stream-live').waitFor({ timeout: 15_000 })
    const [recorded] = await w.record([arrival(w.amber)])
    await card.waitFor({ timeout: 15_000 })
    assert.equal(await page.locator('article[data-alert-id]').count(), before + 1)
    assert.equal(await page.locator('article[data-alert-id]').first().getAttribute('data-alert-id'), 'web-alert-1')
    assert.equal(await card.getAttribute('data-seq'), String(recorded?.seq))
  })

  await t.test('the alert in full, and its freeze request drafted with Tab and Enter only', async () => {
    // Recorded by the subtest above, or here when it failed before recording: the list shows it after a reload.
    await w.record([arrival(w.amber)])
    await page.goto(`${w.base}/#/alerts`)
    await page.reload()
    await card.waitFor({ timeout: 15_000 })
    // 600 wei at 18 decimals, worked out by hand: 0.000000000000000600 ETH.
    assert.match((await card.locator('.alert-facts .amount').textContent()) ?? '', /^0\.0000000000000006 ETH$/)
    const text = (await card.textContent()) ?? ''
    assert.match(text, /freezable-arrival/)
    assert.match(text, /high/)
    assert.match(text, /block 3/)
    assert.ok(text.includes(TX(3)), 'the transaction in full')
    assert.ok(text.includes(EXCHANGE), 'the deposit address in full')
    assert.match(text, /Harbor Exchange/)
    assert.match(text, /open since block 3 \(.+\); still open: the funds are there; freezable by Harbor Exchange/)
    assert.equal(
      await card.getByRole('link', { name: `Freeze board of ${w.amber}` }).getAttribute('href'),
      `#/incidents/${w.amber}/freeze`,
    )
    assert.deepEqual(await seriousViolations(page), [])
    await screenshots(page, join('test', 'web', 'out', 'alerts'), 'alerts')

    // Keyboard only: from the top of the page, Tab to the alert's freeze action and press Enter.
    await page.locator('body').focus()
    await tabTo(page, /^Draft freeze request to Harbor Exchange$/)
    await page.keyboard.press('Enter')
    await card
      .getByRole('status')
      .getByText(/Drafted 1 freeze request/)
      .waitFor({ timeout: 15_000 })
    const list = await call(w.t.app, w.a.investigatorKey, 'GET', `/v1/incidents/${w.amber}/freeze-requests`)
    assert.equal(list.status, 200)
    const drafted = list.body.freezeRequests as { address: string; asset: string; amount: string; status: string }[]
    assert.deepEqual(
      drafted.map((f) => [f.address, f.asset, f.amount, f.status]),
      [[EXCHANGE, 'native', '600', 'drafted']],
    )
    // The board link is the next stop for the keyboard after the outcome.
    await tabTo(page, /^Open the freeze board$/, 5)
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/#/incidents/${w.amber}/freeze`)
  })
})
