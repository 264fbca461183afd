import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { recordAlerts } from '../../src/server/alerts/record-alerts.ts'
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import type { Alert } from '../../src/watch/alert-types.ts'
import { fixtureChain, fixtureLabels, THIEF } from './fixture-world.ts'
import { call, createOrg, type OrgSetup, startTestServer, type TestServer } from './server-kit.ts'

/** A listening server; A owns an AMBER incident shared with B (traced once) and a GREEN one; C is outside. */
export interface AlertWorld {
  t: TestServer
  chain: DuckDbStore
  base: string
  a: OrgSetup
  b: OrgSetup
  c: OrgSetup
  amber: string
  green: string
  record: (alerts: Alert[]) => Promise<{ id: string; seq: number; outcome: string }[]>
  close: () => Promise<void>
}

export async function alertWorld(retryDelaysMs: number[] = [1100]): Promise<AlertWorld> {
  const chain = await fixtureChain()
  const t = await startTestServer({
    chainStore: chain,
    labelsFor: fixtureLabels,
    alertDelivery: { streamPollMs: 50, keepAliveMs: 200, webhooks: { pollMs: 50, retryDelaysMs, timeoutMs: 5000 } },
  })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  const a = await createOrg(t, 'Alpha')
  const b = await createOrg(t, 'Bravo')
  const c = await createOrg(t, 'Charlie')
  const open = async (title: string, tlp: string) =>
    (await call(t.app, a.investigatorKey, 'POST', '/v1/incidents', { title, tlp, chain: 'ethereum' })).body.id as string
  const amber = await open('Amber heist', 'AMBER')
  const green = await open('Green advisory', 'GREEN')
  await call(t.app, a.investigatorKey, 'PUT', `/v1/incidents/${amber}/shares`, { organisations: [b.id] })
  await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${amber}/seeds`, { seeds: [THIEF] })
  await call(t.app, a.investigatorKey, 'POST', `/v1/incidents/${amber}/traces`, {})
  await t.app.dragnet.runner.idle()
  return {
    t,
    chain,
    base,
    a,
    b,
    c,
    amber,
    green,
    record: (alerts) => recordAlerts(t.db, alerts),
    close: async () => {
      await t.close()
      await chain.close()
    },
  }
}

/** Records alerts from a separate process on the same database (PostgreSQL only: PGlite is in this process). */
export function recordElsewhere(w: AlertWorld, alerts: Alert[]): Promise<{ id: string; seq: number }[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', new URL('./record-alerts-child.ts', import.meta.url).pathname, w.t.db.schema],
      { env: process.env },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    )
    child.stdin?.end(JSON.stringify(alerts))
  })
}
