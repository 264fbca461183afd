import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../src/core/logger.ts'
import { DEMO_CHAIN, playAndIngestHeist } from '../../src/demo/heist-demo.ts'
import { heistLabels } from '../../src/demo/heist-labels.ts'
import type { HeistManifest } from '../../src/devnet/world/manifest.ts'
import { LabelIndex } from '../../src/labels/label-index.ts'
import { RegistryEndpointLabels } from '../../src/labels/registry-endpoint-labels.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { startTestServer, type TestServer } from '../server/server-kit.ts'

/** The chain name the demo's rows carry. */
export const CHAIN = DEMO_CHAIN

export interface MixerHeistServer {
  t: TestServer
  origin: string
  chain: DuckDbStore
  manifest: HeistManifest
  close: () => Promise<void>
}

/**
 * The demo heist with its mixer leg, played on anvil and ingested through JSON-RPC into a DuckDB file by
 * `dragnet demo`'s own code, labelled as the demo labels it, and a listening server tracing in it. Everything is
 * removed on close.
 */
export async function mixerHeistServer(): Promise<MixerHeistServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-web-mixers-'))
  let chain: DuckDbStore | undefined
  let t: TestServer | undefined
  const close = async () => {
    await t?.close()
    await chain?.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    chain = await openDuckDbStore(join(dir, 'chain.duckdb'))
    const { manifest } = await playAndIngestHeist({ logger: silentLogger() }, chain, undefined, { mixers: true })
    const labels = new RegistryEndpointLabels(LabelIndex.fromLabels(heistLabels(manifest, CHAIN)), CHAIN)
    t = await startTestServer({ chainStore: chain, labelsFor: () => labels })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    return { t, origin, chain, manifest, close }
  } catch (error) {
    await close()
    throw error
  }
}
