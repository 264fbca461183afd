import { pathToFileURL } from 'node:url'
import type { BitcoinLegTruth } from './bitcoin-leg-truth.ts'
import { BtcDevChain } from './dev-chain.ts'
import { playBitcoinLeg } from './play-bitcoin-leg.ts'
import { type BtcRpcServer, type BtcRpcServerOptions, startBtcRpcServer } from './rpc-server.ts'

export interface ServedBitcoinDevnet {
  chain: BtcDevChain
  truth: BitcoinLegTruth
  node: BtcRpcServer
}

/** Builds the heist's Bitcoin leg on a fresh devnet chain and serves it over JSON-RPC. */
export async function serveBitcoinDevnet(
  opts: BtcRpcServerOptions & { inboundTxHash: string; swapSats: bigint; exchangeName: string; genesisTime?: number },
): Promise<ServedBitcoinDevnet> {
  const chain = new BtcDevChain({ genesisTime: opts.genesisTime ?? 1_740_000_000 })
  const truth = playBitcoinLeg(chain, opts)
  const node = await startBtcRpcServer(chain, opts)
  return { chain, truth, node }
}

// `node --import tsx src/devnet/bitcoin/serve-bitcoin-devnet.ts [port]`: a node to point `dragnet ingest btc` at.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const served = await serveBitcoinDevnet({
    port: Number(process.argv[2] ?? 0),
    auth: { user: 'dragnet', password: 'devnet' },
    inboundTxHash: `0x${'3b7c1e0f9a4d2c6b8e5f7a1d3c9b0e2f'.repeat(2)}`,
    swapSats: 150_000_000n,
    exchangeName: 'exchange-x',
  })
  const summary = {
    url: served.node.url,
    user: 'dragnet',
    height: served.chain.height,
    attacker: served.truth.attackerAddress,
    depositAddress: served.truth.exchange.depositAddress,
    deposited: String(served.truth.exchange.deposited),
    held: served.truth.held.map((h) => ({ address: h.address, sats: String(h.sats) })),
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`)
  const stop = () => void served.node.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
