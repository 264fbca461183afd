import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../src/core/logger.ts'
import { playAndIngestHeist } from '../../src/demo/heist-demo.ts'
import type { HeistManifest } from '../../src/devnet/world/manifest.ts'
import { type EndpointLabel, MapEndpointLabels } from '../../src/labels/endpoint-labels.ts'
import type { LabelCategory } from '../../src/labels/label-types.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { startTestServer, type TestServer } from './server-kit.ts'

/** The labels a registry would hold for the demo world, as the trace engine's categories. */
export function manifestLabels(manifest: HeistManifest): MapEndpointLabels {
  const category: Record<string, LabelCategory> = {
    'hot-wallet': 'exchange',
    exchange: 'exchange',
    stablecoin: 'issuer-freezable',
    dex: 'dex',
    bridge: 'bridge',
    mixer: 'mixer',
  }
  const entries: [string, EndpointLabel][] = []
  for (const e of manifest.entities) {
    const c = e.label ? category[e.label.category] : undefined
    if (e.label && c) entries.push([e.address, { category: c, name: e.label.entity }])
  }
  return new MapEndpointLabels(entries)
}

export interface HeistServer {
  t: TestServer
  chain: DuckDbStore
  manifest: HeistManifest
  close: () => Promise<void>
}

/** The demo heist played on anvil and ingested into a DuckDB file, and a server tracing in it. */
export async function heistServer(): Promise<HeistServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-server-heist-'))
  let chain: DuckDbStore | undefined
  try {
    chain = await openDuckDbStore(join(dir, 'chain.duckdb'))
    const manifest = (await playAndIngestHeist({ logger: silentLogger() }, chain)).manifest
    const labels = manifestLabels(manifest)
    const t = await startTestServer({ chainStore: chain, labelsFor: () => labels })
    const store = chain
    return {
      t,
      chain: store,
      manifest,
      close: async () => {
        await t.close()
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await chain?.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
