import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { CHROMIUM } from './web-fixture.ts'

/** The widths every page is photographed at: a desktop, a small laptop or tablet, a phone. */
export const WIDTHS = [1440, 1024, 390] as const

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/** Headless Chromium with the project's flags, for a server the test stands up itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
}

/** A new context at `width` px, signed in at `origin` with `apiKey` through the sign-in form. */
export async function signInAt(
  browser: Browser,
  origin: string,
  apiKey: string,
  width = 1440,
): Promise<{ context: BrowserContext; page: Page }> {
  // The app's CSP refuses inline scripts, axe-core's injected one included: the test context bypasses it.
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(`${origin}/#/signin`)
  await page.getByLabel('API key').fill(apiKey)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
  return { context, page }
}

/** Full-page screenshots of the page at each width (NAME-WIDTH.png under outDir); fails if it overflows a width. */
export async function screenshots(page: Page, outDir: string, name: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true })
  const files: string[] = []
  const size = page.viewportSize() ?? { width: 1440, height: 900 }
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    // A page wider than the screen makes a phone scroll sideways: tables scroll inside their own box instead.
    const wide = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: runs in the browser, whose types the test lacks
      const d = (globalThis as any).document.documentElement
      return d.scrollWidth as number
    })
    if (wide > width) throw new Error(`${name} is ${wide} px wide at a ${width} px viewport`)
    const file = join(outDir, `${name}-${width}.png`)
    await page.screenshot({ path: file, fullPage: true })
    files.push(file)
  }
  await page.setViewportSize(size)
  return files
}

/**
 * Presses Tab until the focused element matches `accessibleName` (its aria-label, label or text), at most `max`
 * times: the way a keyboard user reaches a control. Fails naming what was focused on the way.
 */
export async function tabTo(page: Page, accessibleName: RegExp, max = 60): Promise<void> {
  const seen: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const name = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: the callback runs in the browser, which the test's types lack
      const d = (globalThis as any).document
      const el = d.activeElement
      if (!el) return ''
      const byId = el.id ? d.querySelector(`label[for="${el.id}"]`)?.textContent : ''
      return String(el.getAttribute('aria-label') || byId || el.textContent || '').trim()
    })
    seen.push(name)
    if (accessibleName.test(name)) return
  }
  throw new Error(`no ${accessibleName} within ${max} tabs; focused: ${seen.join(' | ')}`)
}
