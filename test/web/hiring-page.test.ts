import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser } from 'playwright-core'
import { createOrg, startTestServer } from '../server/server-kit.ts'
import { seriousViolations } from './axe-check.ts'
import { checkApplicant, checkRepoScan } from './hiring-checks.ts'
import { launchChromium, screenshots, signInAt } from './pages-kit.ts'
import { chromiumMissing } from './web-fixture.ts'

// The hiring routes need no chain data, so the page is tested on a server of its own rather than the demo heist.
test('hiring page: a fixture applicant red flags with sources and linked applicants; a coding-test archive scan', {
  skip: chromiumMissing(),
  timeout: 180_000,
}, async (t) => {
  const server = await startTestServer()
  let browser: Browser | undefined
  t.after(async () => {
    await browser?.close()
    await server.close()
  })
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  const org = await createOrg(server, 'Alpha')
  browser = await launchChromium()
  const { page } = await signInAt(browser, base, org.investigatorKey)
  await page.goto(`${base}/#/hiring`)
  assert.deepEqual(await seriousViolations(page), [], 'the empty page')
  await checkApplicant(page)
  await checkRepoScan(page)
  assert.deepEqual(await seriousViolations(page), [], 'with both reports')
  await screenshots(page, join('test', 'web', 'out', 'hiring'), 'hiring')
})
