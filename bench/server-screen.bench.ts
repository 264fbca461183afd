// POST /v1/screen (one address per request) under autocannon over loopback, against a server holding 1M labelled
// addresses in its label index. Baseline in the same run and under the same load: GET /health, the cheapest
// route Fastify can answer, so the ratio shows what auth, validation, lookup and policy cost per request.
// The server runs in a child process; autocannon runs here: both share this machine's cores.
import { fork } from 'node:child_process'
import autocannon from 'autocannon'
import { report } from './report.ts'
import { LABELLED, labelledAddress } from './server-screen-target.ts'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const BODIES = 4096

interface Target {
  url: string
  key: string
  labelled: number
}

function startTarget(): Promise<{ target: Target; stop: () => Promise<void> }> {
  const child = fork(new URL('./server-screen-target.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    child.once('message', (m) => {
      child.removeAllListeners('exit')
      resolve({
        target: m as Target,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done())
            child.send({ stop: true })
          }),
      })
    })
  })
}

interface Measured {
  result: autocannon.Result
  /** Every response time in ms (autocannon's own percentiles are whole milliseconds). */
  p50: number
  p99: number
}

async function run(opts: autocannon.Options): Promise<Measured> {
  const times: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err, r) => (err ? reject(err) : resolve(r)))
    instance.on('response', (_client, _status, _bytes, ms: number) => void times.push(ms))
  })
  times.sort((a, b) => a - b)
  const at = (q: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 1000) / 1000
  return { result, p50: at(0.5), p99: at(0.99) }
}

const { target, stop } = await startTarget()
try {
  const headers = { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' }
  // Half hits (a labelled address, random over the million), half misses: both paths of the lookup.
  let seed = 12345
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
    return seed
  }
  const bodies = Array.from({ length: BODIES }, (_, i) =>
    JSON.stringify({
      address:
        i % 2 === 0 ? labelledAddress(next() % LABELLED) : `0x${next().toString(16).padStart(8, '0')}${'b'.repeat(32)}`,
    }),
  )
  const probe = await fetch(`${target.url}/v1/screen`, { method: 'POST', headers, body: bodies[0] as string })
  const probeBody = (await probe.json()) as { severity?: string }
  if (probe.status !== 200 || probeBody.severity === undefined)
    throw new Error(`screening probe failed: ${probe.status}`)
  let i = 0
  const screenOpts: autocannon.Options = {
    url: `${target.url}/v1/screen`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => ({ ...req, body: bodies[i++ % BODIES] as string }),
      },
    ],
  }
  const healthOpts: autocannon.Options = { url: `${target.url}/health`, connections: CONNECTIONS, duration: DURATION_S }
  // Warm both paths (JIT, caches) before measuring.
  await run({ ...screenOpts, duration: 2 })
  await run({ ...healthOpts, duration: 2 })
  const h = await run(healthOpts)
  const sc = await run(screenOpts)
  const health = h.result
  const screen = sc.result
  const errors = screen.errors + screen.non2xx + health.errors + health.non2xx
  const extra = { labelled: target.labelled, connections: CONNECTIONS, durationS: DURATION_S, errors }
  const base = { name: 'GET /health under the same load', value: health.requests.average, unit: 'req/s' }
  report({
    bench: 'server-screen',
    metric: 'screen requests/s',
    value: screen.requests.average,
    unit: 'req/s',
    baseline: base,
    ratio: screen.requests.average / health.requests.average,
    aim: '>= 10000 req/s',
    ...extra,
  })
  report({
    bench: 'server-screen',
    metric: 'screen p50 latency',
    value: sc.p50,
    unit: 'ms',
    baseline: { name: 'GET /health p50', value: h.p50, unit: 'ms' },
    ...extra,
  })
  report({
    bench: 'server-screen',
    metric: 'screen p99 latency',
    value: sc.p99,
    unit: 'ms',
    baseline: { name: 'GET /health p99', value: h.p99, unit: 'ms' },
    aim: '<= 5 ms',
    ...extra,
  })
} finally {
  await stop()
}
