import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { parseEther } from 'viem'
import { silentLogger } from '../../src/core/logger.ts'
import { type Anvil, startAnvil } from '../../src/devnet/anvil.ts'
import { loadPolicy } from '../../src/screen/policy.ts'
import { bootstrapServer } from '../../src/server/bootstrap.ts'
import { buildServer } from '../../src/server/build-server.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { openTestSqlClient } from '../../src/store/postgres/open-sql-client.ts'
import { loadLabelsFile } from '../../src/trace/labels-file.ts'
import { loadAlertPolicy } from '../../src/watch/alert-policy.ts'
import type { Alert } from '../../src/watch/alert-types.ts'
import { BYSTANDER, EXCHANGE, lower, MULE, pay, playTheft, THIEF, writeLabels } from '../support/laundering.ts'
import { call, createOrg, testLabels } from './server-kit.ts'
import { openSse, type SseStream } from './sse-client.ts'
import { webhookReceiver } from './webhook-receiver.ts'

const PORT = 18652

describe('serve --watch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-serve-watch-'))
  const cleanup: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanup.reverse()) await c()
    rmSync(dir, { recursive: true, force: true })
  })

  it('watches the incidents marked for watching: alerts stored, streamed (resumable) and signed to a webhook that fails once; figures as blocks arrive', async () => {
    const anvil: Anvil = await startAnvil({ port: PORT })
    cleanup.push(() => anvil.stop())
    const theft = await playTheft(anvil.rpcUrl)
    const labelsPath = join(dir, 'labels.csv')
    writeLabels(labelsPath, theft.token)
    const chain: DuckDbStore = await openDuckDbStore(join(dir, 'chain.duckdb'))
    cleanup.push(() => chain.close())
    const { client, drop } = await openTestSqlClient()
    cleanup.push(drop)
    const boot = await bootstrapServer(client, { organisation: 'Platform', admin: 'root' })
    const labels = loadLabelsFile(labelsPath, 'ethereum')
    const app = await buildServer(
      { logger: silentLogger() },
      {
        db: client,
        labels: testLabels(),
        policy: loadPolicy(),
        authCacheMs: 0,
        chainStore: chain,
        labelsFor: () => labels,
        alertDelivery: {
          streamPollMs: 50,
          keepAliveMs: 200,
          webhooks: { pollMs: 50, retryDelaysMs: [300], timeoutMs: 5000 },
        },
        watch: {
          store: chain,
          options: {
            rpcUrl: anvil.rpcUrl,
            chain: 'ethereum',
            policy: loadAlertPolicy(),
            pollIntervalMs: 100,
            fromBlock: theft.firstBlock,
          },
        },
      },
    )
    cleanup.push(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const t = { app, db: client, platformKey: boot.key, close: async () => {} }
    const org = await createOrg(t, 'Alpha')
    const inv = org.investigatorKey

    // Bad input first: an unknown incident, a malformed webhook URL, a viewer marking an incident.
    const unknown = await call(app, inv, 'PUT', '/v1/incidents/00000000-0000-4000-8000-000000000000/watch', {})
    assert.equal(unknown.status, 404, unknown.text)
    assert.equal(unknown.body.code, 'SERVER_NOT_FOUND')
    const badHook = await call(app, org.adminKey, 'POST', '/v1/webhooks', { url: 'http//127.0.0.1/hook' })
    assert.equal(badHook.status, 400, badHook.text)
    assert.equal(badHook.body.code, 'WEBHOOK_URL_INVALID')

    const incident = (
      await call(app, inv, 'POST', '/v1/incidents', { title: 'USDX drain', tlp: 'AMBER', chain: 'ethereum' })
    ).body.id as string
    assert.equal(
      (await call(app, inv, 'POST', `/v1/incidents/${incident}/seeds`, { seeds: theft.seedTxs })).status,
      201,
    )
    const viewer = await call(app, org.viewerKey, 'PUT', `/v1/incidents/${incident}/watch`, {})
    assert.equal(viewer.status, 403, viewer.text)
    const marked = await call(app, inv, 'PUT', `/v1/incidents/${incident}/watch`, {
      model: 'haircut',
      fromBlock: String(theft.firstBlock),
    })
    assert.equal(marked.status, 200, marked.text)
    assert.equal(marked.body.model, 'haircut')

    const hook = await webhookReceiver([500])
    cleanup.push(() => hook.close())
    const reg = await call(app, org.adminKey, 'POST', '/v1/webhooks', { url: hook.url, kinds: ['freezable-arrival'] })
    assert.equal(reg.status, 201, reg.text)
    hook.setSecret(reg.body.secret)
    const auth = { authorization: `Bearer ${org.viewerKey}` }
    const stream: SseStream = await openSse(`${base}/v1/alerts/stream`, auth)
    cleanup.push(async () => stream.close())

    await pay(anvil.rpcUrl, THIEF, MULE.address, '6')
    await pay(anvil.rpcUrl, MULE, BYSTANDER.address, '0.5')
    const toExchange = await pay(anvil.rpcUrl, MULE, EXCHANGE.address, '5')
    await app.dragnet.watcher?.through(toExchange.block)

    // The stream delivers the exchange arrival; every alert is the incident's.
    const isArrival = (a: Alert) => a.kind === 'freezable-arrival' && a.tx === toExchange.hash
    for (;;) {
      await stream.waitFor(stream.events.length + (stream.events.some((e) => isArrival(JSON.parse(e.data))) ? 0 : 1))
      if (stream.events.some((e) => isArrival(JSON.parse(e.data)))) break
    }
    const events = stream.events.map((e) => ({ id: e.id, alert: JSON.parse(e.data) as Alert }))
    assert.ok(events.every((e) => e.alert.incident === incident))
    const arrival = events.find((e) => isArrival(e.alert))
    assert.ok(arrival)
    assert.equal(arrival.alert.amount, parseEther('5').toString())
    assert.equal(arrival.alert.freezeRequest?.address, lower(EXCHANGE.address))
    stream.close()

    // Resumed after the first event: the rest again, in order, nothing before it.
    if (events.length > 1) {
      const resumed = await openSse(`${base}/v1/alerts/stream`, { ...auth, 'last-event-id': events[0]?.id as string })
      cleanup.push(async () => resumed.close())
      const again = await resumed.waitFor(events.length - 1)
      assert.deepEqual(
        again.map((e) => e.id),
        events.slice(1).map((e) => e.id),
      )
      resumed.close()
    }

    // The webhook: the first try answered 500, its retry arrives under the same webhook-id; every try is signed,
    // and the exchange arrival is among what was delivered.
    const delivered = (r: (typeof hook.received)[number]) => JSON.parse(r.body).data as Alert
    for (let n = 2; !hook.received.some((r) => r.status === 204 && isArrival(delivered(r))); n++) await hook.waitFor(n)
    const first = hook.received[0]
    assert.equal(first?.status, 500)
    const retry = hook.received.find((r, i) => i > 0 && r.headers['webhook-id'] === first?.headers['webhook-id'])
    assert.equal(retry?.status, 204)
    assert.equal(retry?.body, first?.body)
    assert.ok(hook.received.every((r) => r.verified))

    // The incident's figures come from the watch: 5 ETH at the exchange, which reached a freezable place.
    const figures = await call(app, inv, 'GET', `/v1/incidents/${incident}/figures`)
    assert.equal(figures.status, 200, figures.text)
    assert.equal(figures.body.source, 'watch')
    assert.equal(figures.body.watchedThrough, String(toExchange.block))
    const eth = figures.body.assets.find((a: { asset: string }) => a.asset === 'native')
    assert.equal(eth.exchange, parseEther('5').toString())
    assert.equal(eth.freezeWindow.reached, parseEther('5').toString())
    assert.equal(eth.freezeWindow.remaining, parseEther('5').toString())
    const listed = await call(app, org.viewerKey, 'GET', `/v1/alerts?incident=${incident}`)
    assert.equal(listed.status, 200, listed.text)
    assert.ok(listed.body.alerts.some((a: { id: string }) => a.id === arrival.alert.id))
  })
})
