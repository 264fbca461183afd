import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { seedDemoServer } from '../../demo/demo-server-seed.ts'
import type { HeistManifest } from '../../devnet/world/manifest.ts'
import { loadPolicy } from '../../screen/policy.ts'
import { buildServer } from '../../server/build-server.ts'
import { loadServerLabels } from '../../server/serve.ts'
import { createServerLogger } from '../../server/server-logger.ts'
import { defaultWebRoot } from '../../server/web/static-app.ts'
import type { DemoKeysFile } from '../../server/web/web-api-types.ts'
import { createSignInLink } from '../../server/web/web-sessions.ts'
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts'
import { openSqlClient } from '../../store/postgres/open-sql-client.ts'
import { cliIO } from '../io.ts'
import { listenError } from './serve.ts'

export interface DemoServeOptions {
  /** The demo's DuckDB file, just played and traced by `dragnet demo`. */
  dbPath: string
  manifest: HeistManifest
  port: number
  host: string
  keysFile?: string
}

/** How long the printed sign-in link stays valid (it signs in once). */
const LINK_TTL_SECONDS = 3600

/** The demo server's own state, beside the demo's store; made afresh on every run, as the demo's chain is. */
export const demoServerDir = (dbPath: string): string => `${dbPath}.demo-server`

/** The address a browser on this machine reaches the server at. */
function browserUrl(app: FastifyInstance, host: string): string {
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return `http://${h}:${port}`
}

/** Resolves on the first SIGINT or SIGTERM. */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })

/**
 * `dragnet demo --serve`: the web app and the API over the demo's embedded stores only (the demo's DuckDB file as
 * chain store, PGlite as server state in a folder beside it), with the demo incident traced, a second
 * organisation's incident it may not see, and a one-time sign-in link; until SIGINT or SIGTERM.
 */
export async function serveDemo(o: DemoServeOptions): Promise<void> {
  const io = cliIO()
  const dir = demoServerDir(o.dbPath)
  // The chain is played anew on every run, so yesterday's incidents and keys would point at nothing current.
  rmSync(dir, { recursive: true, force: true })
  const chain = await openDuckDbStore(o.dbPath)
  const db = await openSqlClient(dir)
  let app: FastifyInstance | undefined
  try {
    const logger = createServerLogger({ level: process.env.DRAGNET_LOG_LEVEL ?? 'warn' })
    const { labels, labelSources } = await loadServerLabels(chain)
    app = await buildServer({ logger }, { db, chainStore: chain, labels, labelSources, policy: loadPolicy(), logger })
    const seed = await seedDemoServer(app, db, o.manifest)
    const link = await db.transaction((tx) =>
      createSignInLink(tx, null, { keyId: seed.demo.keyId, orgId: seed.demo.orgId, ttlSeconds: LINK_TTL_SECONDS }),
    )
    await app.listen({ port: o.port, host: o.host }).catch((error: unknown) => {
      throw listenError(error, o.host, o.port) ?? error
    })
    const url = browserUrl(app, o.host)
    if (o.keysFile) writeKeysFile(o.keysFile, url, seed)
    const lines = [
      '',
      `Serving the demo at ${url}: the API under /v1, server state in ${dir} (embedded, reset on every run).`,
      `Web app: ${url}/#/signin?link=${link.token}`,
      "  (the link signs in once, within an hour, as the demo organisation's admin)",
    ]
    if (!existsSync(join(defaultWebRoot(), 'index.html'))) {
      lines.push(
        'The web app is not built yet: run `npm run build:web`, then open the link (the API answers meanwhile).',
      )
    }
    lines.push('Stop with Ctrl-C (or SIGTERM).')
    io.out(`${lines.join('\n')}\n`)
    await untilSignal()
  } finally {
    await app?.close()
    await chain.close()
    await db.close()
  }
}

function writeKeysFile(path: string, url: string, seed: Awaited<ReturnType<typeof seedDemoServer>>): void {
  const body: DemoKeysFile = {
    url,
    demo: { orgId: seed.demo.orgId, apiKey: seed.demo.apiKey, incidentId: seed.demo.incidentId },
    other: { orgId: seed.other.orgId, apiKey: seed.other.apiKey, incidentId: seed.other.incidentId },
  }
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 })
  // A file that existed keeps its old mode through writeFileSync: it holds keys, so it is made private either way.
  chmodSync(path, 0o600)
}
