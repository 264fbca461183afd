import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { silentLogger } from '../../src/core/logger.ts'
import { type Anvil, startAnvil } from '../../src/devnet/anvil.ts'
import { ENTITIES, ingestEvm } from '../../src/ingest/ingest-evm.ts'
import { loadPolicy } from '../../src/screen/policy.ts'
import { bootstrapServer } from '../../src/server/bootstrap.ts'
import { buildServer } from '../../src/server/build-server.ts'
import { loadServerLabels, type Serving, startServing } from '../../src/server/serve.ts'
import { JsonRpcClient } from '../../src/sources/evm-rpc/json-rpc-client.ts'
import { openPgliteClient } from '../../src/store/postgres/pglite-client.ts'
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts'
import { runCli } from '../support/run-cli.ts'
import { HOLDER, KUCOIN, LAZARUS, type LabelledWorld, playLabelledWorld, THIEF } from './labelled-world.ts'

const E18 = 10n ** 18n
const eth = (n: bigint) => (n * E18).toString()
const DATABASE_URL = process.env.DATABASE_URL

let anvil: Anvil
let world: LabelledWorld
const dir = mkdtempSync(join(tmpdir(), 'dragnet-chain-serve-'))

before(async () => {
  anvil = await startAnvil()
  world = await playLabelledWorld(anvil.rpcUrl)
})
after(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A database of its own on the test PostgreSQL (server state and chain data both), dropped at the end. */
async function createDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dragnet_serve_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const u = new URL(url)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await c.end()
      }
    },
  }
}

/** A server reading the chain store, with a key of an organisation that opens incidents and runs traces. */
interface Started {
  serving: Serving
  key: string
}

interface Setup {
  start: () => Promise<Started>
  drop: () => Promise<void>
}

/** What a user runs: `ingest evm --db`, `server init`, `server create-org`, then `serve` (startServing). */
async function startFromCli(chainDb: string, serverDb: string, serveChainDb: string | undefined): Promise<Started> {
  const ingest = await runCli(
    ['ingest', 'evm', '--rpc', anvil.rpcUrl, '--from', '0', '--to', String(world.lastBlock)].concat([
      '--db',
      chainDb,
      '--json',
    ]),
  )
  assert.equal(ingest.code, 0, ingest.stderr)
  // Mint, two transfers from Lazarus, three from the thief (gas is no transfer; the deploy moves nothing).
  assert.equal(JSON.parse(ingest.stdout).transfers, 6)
  const init = await runCli(['server', 'init', '--org', 'Platform', '--admin', 'root', '--db', serverDb])
  assert.equal(init.code, 0, init.stderr)
  const org = await runCli(
    ['server', 'create-org', '--name', 'Harbor', '--user', 'ops', '--role', 'investigator'].concat([
      '--db',
      serverDb,
      '--json',
    ]),
  )
  assert.equal(org.code, 0, org.stderr)
  const serving = await startServing({
    port: 0,
    host: '127.0.0.1',
    db: serverDb,
    chainDb: serveChainDb,
    logger: silentLogger(),
  })
  return { serving, key: JSON.parse(org.stdout).key }
}

/** The same on PGlite, in this process: the chain in one in-memory PostgreSQL, server state in another. */
async function startOnPglite(): Promise<Started> {
  const chain = await openPostgresStore(await openPgliteClient())
  const state = await openPgliteClient()
  try {
    const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() })
    const summary = await ingestEvm({ logger: silentLogger() }, chain, client, {
      chain: 'ethereum',
      from: 0n,
      to: world.lastBlock,
      traces: 'auto',
      concurrency: 4,
      batchSize: 50,
      entities: new Set(ENTITIES),
    })
    assert.equal(summary.transfers, 6)
    const boot = await bootstrapServer(state, { organisation: 'Platform', admin: 'root' })
    const { labels, labelSources } = await loadServerLabels(chain)
    const app = await buildServer(
      { logger: silentLogger() },
      { db: state, chainStore: chain, labels, labelSources, policy: loadPolicy(), chainRefreshMs: 5000 },
    )
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const close = async () => {
      await app.close()
      await chain.close()
      await state.close()
    }
    return { serving: { app, url, close }, key: boot.key }
  } catch (error) {
    await chain.close()
    await state.close()
    throw error
  }
}

const setups: Record<string, () => Promise<Setup>> = {
  duckdb: async () => {
    const chainDb = join(dir, 'chain.duckdb')
    return { start: () => startFromCli(chainDb, join(dir, 'server'), chainDb), drop: async () => {} }
  },
  postgres: async () => {
    const db = await createDatabase(DATABASE_URL as string)
    return { start: () => startFromCli(db.url, db.url, undefined), drop: db.drop }
  },
  pglite: async () => ({ start: startOnPglite, drop: async () => {} }),
}

for (const kind of DATABASE_URL ? ['duckdb', 'postgres', 'pglite'] : ['duckdb', 'pglite']) {
  describe(`serve with the chain store on ${kind}: ingest, an incident's trace, exposure, the address page`, () => {
    let s: Setup
    let serving: Serving | undefined
    let key: string
    // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field and every field asserted
    const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const res = await fetch(`${serving?.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: await res.json() }
    }

    before(async () => {
      const setup = setups[kind]
      if (!setup) throw new Error(`no setup for ${kind}`)
      s = await setup()
      ;({ serving, key } = await s.start())
    })
    after(async () => {
      await serving?.close().catch(() => {})
      await s?.drop()
    })

    test('an incident seeded with the thief: its trace finds the exchange deposit and the holdings, exactly', async () => {
      const ready = await fetch(`${serving?.url}/ready`)
      assert.equal(((await ready.json()) as { chainStore: boolean }).chainStore, true)
      const inc = await api('POST', '/v1/incidents', { title: 'Lazarus payout', tlp: 'AMBER', chain: 'ethereum' })
      assert.equal(inc.status, 201, JSON.stringify(inc.body))
      const id = inc.body.id as string
      assert.equal((await api('POST', `/v1/incidents/${id}/seeds`, { seeds: [THIEF] })).status, 201)
      const job = await api('POST', `/v1/incidents/${id}/traces`, { model: 'haircut' })
      assert.equal(job.status, 202, JSON.stringify(job.body))
      await serving?.app.dragnet.runner.idle()
      const done = await api('GET', `/v1/incidents/${id}/traces/${job.body.id}`)
      assert.equal(done.body.status, 'done', JSON.stringify(done.body))
      const result = (await api('GET', `/v1/incidents/${id}/traces/${job.body.id}/result`)).body
      // The thief received 10 ETH and 1,000 TST, all of it Lazarus's: 6 ETH went to KuCoin, 3 ETH and 250 TST to
      // the holder; 1 ETH and 750 TST stayed.
      const endpoints = result.endpoints
        .map((e: { address: string; category: string; asset: string; amount: string }) =>
          [e.address, e.category, e.asset, e.amount].join(' '),
        )
        .sort()
      assert.deepEqual(
        endpoints,
        [
          `${HOLDER} held native ${eth(3n)}`,
          `${HOLDER} held ${world.token} ${eth(250n)}`,
          `${KUCOIN} exchange native ${eth(6n)}`,
          `${THIEF} held native ${eth(1n)}`,
          `${THIEF} held ${world.token} ${eth(750n)}`,
        ].sort(),
      )
      const fig = await api('GET', `/v1/incidents/${id}/figures`)
      const byAsset = Object.fromEntries(fig.body.assets.map((x: { asset: string }) => [x.asset, x]))
      const pick = (x: Record<string, string>) =>
        ['stolen', 'traced', 'held', 'exchange'].map((k) => [k, x[k]] as const)
      assert.deepEqual(pick(byAsset.native), [
        ['stolen', eth(10n)],
        ['traced', eth(10n)],
        ['held', eth(4n)],
        ['exchange', eth(6n)],
      ])
      assert.deepEqual(pick(byAsset[world.token]), [
        ['stolen', eth(1000n)],
        ['traced', eth(1000n)],
        ['held', eth(1000n)],
        ['exchange', '0'],
      ])
      assert.deepEqual([byAsset[world.token].symbol, byAsset[world.token].decimals], ['TST', 18])
      // The address page finds the incident through the trace that reached the holder.
      const page = await api('GET', `/v1/addresses/ethereum/${HOLDER}?hops=2`)
      assert.equal(page.status, 200)
      assert.deepEqual(page.body.incidents, [id])
    })

    test('screening the holder: incoming exposure to Lazarus two hops away, 3 of 3 ETH and 250 of 250 TST', async () => {
      const r = await api('POST', '/v1/screen', { address: HOLDER, chain: 'ethereum', hops: 2 })
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.equal(r.body.exposureNote, null)
      const sanctioned = r.body.reasons
        .filter((x: { category: string; direction: string }) => x.category === 'sanctioned')
        .map((x: { direction: string; asset: string; amount: string; total: string; sharePct: string }) =>
          [x.direction, x.asset, x.amount, x.total, x.sharePct].join(' '),
        )
        .sort()
      assert.deepEqual(
        sanctioned,
        [
          `incoming native ${eth(3n)} ${eth(3n)} 100.00`,
          `incoming ${world.token} ${eth(250n)} ${eth(250n)} 100.00`,
        ].sort(),
      )
      // The default policy: indirect exposure to a sanctioned address of 5 % or more is high (direct would be severe).
      assert.equal(r.body.severity, 'high')
      // Lazarus itself: a direct hit, whatever the hops.
      const direct = await api('POST', '/v1/screen', { address: LAZARUS, chain: 'ethereum' })
      assert.equal(direct.body.labels[0].name, 'Lazarus Group')
    })
  })
}
