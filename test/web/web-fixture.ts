import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * Browser tests need Debian's Chromium. Without it they skip on a developer's machine, but fail under CI=true,
 * where .ci/run installs it: a CI run must never pass by skipping them.
 */
export function chromiumMissing(): string | false {
  if (existsSync(CHROMIUM)) return false
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing; .ci/run installs it (apt-get install chromium)`)
  return `${CHROMIUM} is not installed (apt-get install -y --no-install-recommends chromium)`
}

/** What `dragnet demo --serve --keys-file` writes: the URL and the two organisations' keys and incidents. */
export interface DemoKeys {
  url: string
  demo: { orgId: string; apiKey: string; incidentId: string }
  other: { orgId: string; apiKey: string; incidentId: string }
}

export interface WebWorld {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  origin: string
  /** The one-time sign-in URL the demo printed (usable once). */
  signInUrl: string
  keys: DemoKeys
  browser: Browser
  /** A folder for screenshots and downloads, kept after the test (under test/web/out/NAME, gitignored). */
  outDir: string
  /** A new browser context at `width` px, signed in with `apiKey` through the sign-in form. */
  signedIn: (apiKey: string, width?: number) => Promise<{ context: BrowserContext; page: Page }>
  close: () => Promise<void>
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/**
 * The demo heist served as a new user meets it: `dragnet demo --serve` in a child process on a free port, with its
 * embedded stores in a temporary folder, and headless Chromium. Everything is removed on close.
 */
export async function startWebWorld(name: string): Promise<WebWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-web-'))
  const outDir = join('test', 'web', 'out', name)
  mkdirSync(outDir, { recursive: true })
  const keysFile = join(dir, 'keys.json')
  let child: ChildProcess | undefined
  let browser: Browser | undefined
  const close = async () => {
    await browser?.close().catch(() => undefined)
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'demo',
        '--serve',
        '--port',
        '0',
        '--db',
        join(dir, 'demo.duckdb'),
        '--keys-file',
        keysFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const signInUrl = await waitForLine(child, /^Web app: (\S+)/m, 240_000)
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as DemoKeys
    const origin = new URL(signInUrl).origin
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })
    const b = browser
    const signedIn = async (apiKey: string, width = 1440) => {
      const context = await b.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })
      const page = await context.newPage()
      await page.goto(`${origin}/#/signin`)
      await page.getByLabel('API key').fill(apiKey)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      return { context, page }
    }
    return { origin, signInUrl, keys, browser: b, outDir, signedIn, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Reads the child's stdout until `pattern` matches; fails with what it printed if it exits or times out first. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(
      () => done(new Error(`no "${pattern}" within ${timeoutMs} ms:\n${out}\n${err}`)),
      timeoutMs,
    )
    const done = (e: Error | null, v?: string) => {
      clearTimeout(timer)
      child.stdout?.off('data', onOut)
      // Keep draining: a child whose stdout pipe fills up blocks.
      child.stdout?.on('data', () => undefined)
      child.off('exit', onExit)
      if (e) reject(e)
      else resolve(v as string)
    }
    const onOut = (d: Buffer) => {
      out += d.toString()
      const m = pattern.exec(out)
      if (m?.[1]) done(null, m[1])
    }
    const onExit = (code: number | null) =>
      done(new Error(`demo --serve exited ${code} before serving:\n${out}\n${err}`))
    child.stdout?.on('data', onOut)
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.once('exit', onExit)
  })
}
