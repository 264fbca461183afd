// The trace view on a large trace: a synthetic dragnet.trace/1 result of 5,000 addresses and 20,000 transfers,
// served through the real API and the built app, drawn in headless Chromium. Measures the time from navigation to
// the graph drawn, and the frame times while the reader pans and zooms.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { mulberry32 as rng } from '../src/core/mulberry32.ts'
import { call, createOrg, startTestServer } from '../test/server/server-kit.ts'
import { report } from './report.ts'

const NODES = 5_000
const EDGES = 20_000
/** The baseline: the same view and gestures on a small trace, measured in the same run. */
const SMALL = { nodes: 60, edges: 120 }
const LAYERS = 10
const SEEDS = 5
const CHROMIUM = '/usr/bin/chromium'
const BENCH = 'web'

const addr = (i: number) => `0x${(i + 1).toString(16).padStart(40, '0')}`
const tx = (i: number) => `0x${(i + 1).toString(16).padStart(64, '0')}`

/**
 * Seeds at hop 0, the rest spread over the layers; every address gets one transfer from the layer before, the rest
 * of the transfers join random addresses of neighbouring layers. One in 25 addresses of the last layers is an
 * exchange deposit address.
 */
export function syntheticTrace(count: number, transfers: number): Record<string, unknown> {
  const r = rng(7)
  const layerOf: number[] = []
  const byLayer: number[][] = Array.from({ length: LAYERS + 1 }, () => [])
  for (let i = 0; i < count; i++) {
    const l = i < SEEDS ? 0 : 1 + Math.floor(((i - SEEDS) * LAYERS) / (count - SEEDS))
    layerOf.push(l)
    byLayer[l]?.push(i)
  }
  const pick = (l: number) => {
    const xs = byLayer[l] ?? []
    return xs[Math.floor(r() * xs.length)] as number
  }
  const pairs = new Set<string>()
  const edges: Record<string, unknown>[] = []
  const add = (from: number, to: number) => {
    const k = `${from}>${to}`
    if (pairs.has(k) || from === to) return
    pairs.add(k)
    const n = edges.length
    const amount = BigInt(Math.floor(1 + r() * 1e6)) * 10n ** 15n
    edges.push({
      from: addr(from),
      to: addr(to),
      asset: 'native',
      amount: amount.toString(),
      tainted: ((amount * BigInt(1 + Math.floor(r() * 100))) / 100n).toString(),
      tx: tx(n),
      block: String(1000 + Math.floor(n / 20)),
      time: String(1_740_000_000 + Math.floor(n / 20) * 12),
      position: `log:${n % 20}`,
      hop: layerOf[to],
    })
  }
  for (let i = SEEDS; i < count; i++) add(pick((layerOf[i] as number) - 1), i)
  while (edges.length < transfers) {
    const l = Math.floor(r() * LAYERS)
    add(pick(l), pick(Math.min(LAYERS, l + 1 + (r() < 0.2 ? 1 : 0))))
  }
  const exchange = (i: number) => layerOf[i] !== undefined && (layerOf[i] as number) >= LAYERS - 2 && i % 25 === 0
  const received = new Map<number, bigint>()
  for (const e of edges) {
    const to = Number.parseInt((e.to as string).slice(2), 16) - 1
    received.set(to, (received.get(to) ?? 0n) + BigInt(e.tainted as string))
  }
  const nodes = layerOf.map((l, i) => ({
    address: addr(i),
    label: exchange(i) ? { category: 'exchange', name: 'Synthetic Exchange' } : null,
    labels: exchange(i) ? [{ category: 'exchange', name: 'Synthetic Exchange' }] : [],
    category: exchange(i) ? 'exchange' : l === LAYERS ? 'held' : null,
    hop: l,
    expanded: l < LAYERS,
    stop: exchange(i) ? 'endpoint' : null,
    received: { native: (received.get(i) ?? 0n).toString() },
    final: exchange(i) || l === LAYERS ? { native: (received.get(i) ?? 0n).toString() } : {},
  }))
  const endpoints = nodes
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => n.category === 'exchange')
    .map(({ n, i }) => ({
      address: n.address,
      category: 'exchange',
      name: 'Synthetic Exchange',
      depositAddress: true,
      asset: 'native',
      amount: (received.get(i) ?? 0n).toString(),
      firstArrival: null,
      txs: [],
      freezableBy: [{ kind: 'exchange', name: 'Synthetic Exchange' }],
      hop: n.hop,
      path: [],
    }))
  const total = [...received.entries()].filter(([i]) => (layerOf[i] as number) >= 1).reduce((s, [, v]) => s + v, 0n)
  const zero = '0'
  return {
    format: 'dragnet.trace/1',
    chain: 'ethereum',
    direction: 'forward',
    model: 'haircut',
    seeds: { addresses: nodes.slice(0, SEEDS).map((n) => n.address), txs: [], rules: [] },
    limits: { hops: LAYERS, minAmount: '0', maxAddresses: 100000 },
    asset: null,
    empty: null,
    assets: { native: { symbol: 'ETH', decimals: 18, issuerFreezable: false } },
    totals: {
      native: {
        stolen: total.toString(),
        swappedIn: zero,
        traced: total.toString(),
        held: total.toString(),
        exchange: zero,
        issuerFreezable: zero,
        bridge: zero,
        mixer: zero,
        dex: zero,
        dark: zero,
        unfollowed: zero,
      },
    },
    endpoints,
    nodes,
    edges,
    stops: [],
    stopCounts: {},
    listed: {
      endpoints: endpoints.length,
      endpointsTotal: endpoints.length,
      edges: edges.length,
      edgesTotal: edges.length,
      nodes: nodes.length,
      nodesTotal: nodes.length,
    },
    leftOut: {},
    freezeWindows: [],
    freezeTotals: {},
    stats: { addressesReached: count, addressesExpanded: count, edgesLoaded: transfers, queries: 0, ms: 0, phases: {} },
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    report({ bench: BENCH, metric: 'skipped', value: 0, unit: '', reason: `${CHROMIUM} is not installed` })
    return
  }
  if (!existsSync(join('web', 'dist', 'index.html'))) {
    spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' })
  }
  const t = await startTestServer()
  // Playwright launches on a fresh temporary profile of its own and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
  try {
    const org = await createOrg(t, 'Bench Investigations')
    const key = org.investigatorKey
    const inc = await call(t.app, key, 'POST', '/v1/incidents', {
      title: 'Large trace',
      tlp: 'GREEN',
      chain: 'ethereum',
    })
    const incidentId = inc.body.id as string
    await call(t.app, key, 'POST', `/v1/incidents/${incidentId}/seeds`, { seeds: [addr(0)] })
    const large = await recordedTrace(t, key, incidentId, syntheticTrace(NODES, EDGES))
    const small = await recordedTrace(t, key, incidentId, syntheticTrace(SMALL.nodes, SMALL.edges))
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' })

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const signIn = await context.newPage()
    await signIn.goto(`${origin}/#/signin`)
    await signIn.getByLabel('API key').fill(key)
    await signIn.getByRole('button', { name: 'Sign in' }).click()
    await signIn.getByRole('navigation', { name: 'Main' }).waitFor()
    await signIn.close()

    const view = (traceId: string) => `${origin}/#/incidents/${incidentId}/traces/${traceId}`
    const base = await measure(context, view(small), 1)
    const big = await measure(context, view(large), 3)
    const baseMedian = quantile(base.frames, 0.5)
    const baseP95 = quantile(base.frames, 0.95)
    const drawn = quantile(big.drawn, 0.5)
    const ms = (v: number) => Number(v.toFixed(1))
    report({
      bench: BENCH,
      metric: 'drawn',
      value: Math.round(drawn),
      unit: 'ms',
      baseline: { name: `drawn, ${SMALL.nodes} nodes`, value: Math.round(base.drawn[0] ?? 0), unit: 'ms' },
      ratio: ms(drawn / (base.drawn[0] ?? 1)),
      aim: '<= 2000 ms from navigation to the graph drawn',
      runs: big.drawn.map(Math.round),
      nodes: NODES,
      edges: EDGES,
    })
    report({
      bench: BENCH,
      metric: 'frame-median',
      value: ms(quantile(big.frames, 0.5)),
      unit: 'ms',
      baseline: { name: `frame median, ${SMALL.nodes} nodes`, value: ms(baseMedian), unit: 'ms' },
      ratio: ms(quantile(big.frames, 0.5) / baseMedian),
      aim: '<= 16 ms while panning and zooming',
      frames: big.frames.length,
    })
    report({
      bench: BENCH,
      metric: 'frame-p95',
      value: ms(quantile(big.frames, 0.95)),
      unit: 'ms',
      baseline: { name: `frame p95, ${SMALL.nodes} nodes`, value: ms(baseP95), unit: 'ms' },
      ratio: ms(quantile(big.frames, 0.95) / baseP95),
      aim: '<= 33 ms while panning and zooming',
      frames: big.frames.length,
    })
    await context.close()
  } finally {
    await browser.close()
    await t.close()
  }
}

/** A trace job of the incident whose stored result is `result`, as if the engine had produced it. */
async function recordedTrace(
  t: Awaited<ReturnType<typeof startTestServer>>,
  key: string,
  incidentId: string,
  result: Record<string, unknown>,
): Promise<string> {
  const job = await call(t.app, key, 'POST', `/v1/incidents/${incidentId}/traces`, {})
  const traceId = job.body.id as string
  await t.app.dragnet.runner.idle()
  // The server has no chain store here, so the job fails; the recorded result takes its place.
  await t.db.query(
    `UPDATE trace_jobs SET status = 'done', phase = 'done', error = NULL, result = $2, summary = $3::JSONB,
     finished_at = $4 WHERE id = $1`,
    [traceId, JSON.stringify(result), JSON.stringify({ totals: result.totals }), new Date().toISOString()],
  )
  return traceId
}

/** Loads the view `runs` times in a new page each (navigation to drawn), then pans and zooms on the last one. */
async function measure(
  context: import('playwright-core').BrowserContext,
  url: string,
  runs: number,
): Promise<{ drawn: number[]; frames: number[] }> {
  const drawn: number[] = []
  let frames: number[] = []
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage()
    await page.goto(url)
    const graph = page.locator('.trace-graph[data-drawn-at]')
    await graph.waitFor({ timeout: 60_000 })
    drawn.push(Number(await graph.getAttribute('data-drawn-at')))
    if (run === runs - 1) frames = await panAndZoom(page)
    await page.close()
  }
  return { drawn, frames }
}

/** Drags across the graph and zooms in and out with the wheel, recording requestAnimationFrame deltas meanwhile. */
async function panAndZoom(page: import('playwright-core').Page): Promise<number[]> {
  const box = await page.locator('.trace-graph').boundingBox()
  if (!box) throw new Error('no graph on the page')
  // A string, not a function: tsx names functions with a helper the page does not have.
  await page.evaluate(`(() => {
    window.__frames = []
    window.__stopFrames = false
    let last = performance.now()
    const tick = (now) => {
      window.__frames.push(now - last)
      last = now
      if (!window.__stopFrames) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    for (let i = 1; i <= 30; i++) await page.mouse.move(cx + i * 8, cy + Math.sin(i / 5) * 40)
    await page.mouse.up()
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -120)
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 120)
  }
  const frames = (await page.evaluate('(() => { window.__stopFrames = true; return window.__frames })()')) as number[]
  return frames.slice(1)
}

await main()
