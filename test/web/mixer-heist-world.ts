import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../src/core/logger.ts'
import { heistLabels } from '../../src/demo/heist-labels.ts'
import { deployWorld, startWorldAnvil } from '../../src/devnet/world/deploy-world.ts'
import type { HeistManifest } from '../../src/devnet/world/manifest.ts'
import { playHeist } from '../../src/devnet/world/play-heist.ts'
import { ingestEvm } from '../../src/ingest/ingest-evm.ts'
import { LabelIndex } from '../../src/labels/label-index.ts'
import { RegistryEndpointLabels } from '../../src/labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../../src/sources/evm-rpc/json-rpc-client.ts'
import { type DuckDbStore, openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts'
import { startTestServer, type TestServer } from '../server/server-kit.ts'

/** The chain name the demo's rows carry (src/demo/heist-demo.ts). */
export const CHAIN = 'demo'

export interface MixerHeistServer {
  t: TestServer
  origin: string
  chain: DuckDbStore
  manifest: HeistManifest
  close: () => Promise<void>
}

/**
 * The demo heist with its mixer leg, played on anvil and ingested through JSON-RPC into a DuckDB file as
 * `dragnet demo` does, labelled as the demo labels it, and a listening server tracing in it. Everything is
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
    const anvil = await startWorldAnvil()
    let manifest: HeistManifest
    try {
      const world = await deployWorld(anvil.rpcUrl)
      manifest = await playHeist(world, { mixers: true })
      const weth = manifest.entities.find((e) => e.label?.category === 'wrapped-native')
      if (weth) {
        await chain.putTokens([
          {
            chain: CHAIN,
            address: weth.address,
            symbol: 'WETH',
            name: 'Wrapped Ether',
            decimals: 18,
            wrappedNative: true,
          },
        ])
      }
      const last = manifest.mixerLeg && manifest.mixerLeg.blocks.to > manifest.heistBlocks.to
      const ctx = { logger: silentLogger() }
      await ingestEvm(ctx, chain, new JsonRpcClient({ url: anvil.rpcUrl, logger: ctx.logger }), {
        chain: CHAIN,
        from: 0n,
        to: last && manifest.mixerLeg ? manifest.mixerLeg.blocks.to : manifest.heistBlocks.to,
        traces: 'debug',
        concurrency: 4,
        batchSize: 100,
        entities: new Set(['blocks', 'receipts', 'traces']),
        restart: true,
      })
    } finally {
      await anvil.stop()
    }
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
