import type { Context } from '../core/context.ts'
import type { BitcoinLegTruth } from '../devnet/bitcoin/bitcoin-leg-truth.ts'
import { BtcDevChain } from '../devnet/bitcoin/dev-chain.ts'
import { playBitcoinLeg } from '../devnet/bitcoin/play-bitcoin-leg.ts'
import { startBtcRpcServer } from '../devnet/bitcoin/rpc-server.ts'
import type { ThorchainLeg } from '../devnet/world/play-thorchain.ts'
import { WORLD_GENESIS_TIME } from '../devnet/world/scenario.ts'
import { type IngestBtcSummary, ingestBtc } from '../ingest/btc/ingest-btc.ts'
import type { EndpointLabel } from '../labels/endpoint-labels.ts'
import { BitcoinRpcClient } from '../sources/bitcoin-rpc/bitcoin-rpc-client.ts'
import { BtcFetcher } from '../sources/bitcoin-rpc/btc-fetcher.ts'
import type { BtcStore } from '../store/btc-store.ts'

/** The chain name of the demo's Bitcoin rows, beside the EVM chain `demo`. */
export const DEMO_BTC_CHAIN = 'demo-bitcoin'
/** The exchange the attacker cashes out at on Bitcoin: the demo's exchange, Harbor. */
export const BTC_EXCHANGE = 'Harbor Exchange'
/** What THORChain pays out for the 40 ETH swapped: 1 BTC (a round figure, as the demo's amounts are). */
export const SWAP_SATS = 100_000_000n
const RECEIVE_WALLET = 'lazarus/btc/receive'

/** The Bitcoin devnet of the demo, its blocks stamped from the EVM world's genesis time. */
export function demoBitcoinChain(): { chain: BtcDevChain; receive: string } {
  const chain = new BtcDevChain({ genesisTime: WORLD_GENESIS_TIME, seed: 'dragnet-demo' })
  return { chain, receive: chain.wallet(RECEIVE_WALLET).address }
}

export interface BitcoinDemoLeg {
  truth: BitcoinLegTruth
  ingest: IngestBtcSummary
  /** The labels an investigator holds on Bitcoin: the exchange's hot wallet and the deposit address it disclosed. */
  labels: Map<string, EndpointLabel[]>
}

/**
 * Plays THORChain's payout of the swap and the attacker's Bitcoin laundering on the devnet, serves the chain as
 * Bitcoin Core's JSON-RPC on loopback and ingests it into the store through that RPC, as from a real node.
 */
export async function playAndIngestBitcoinLeg(
  ctx: Context,
  store: BtcStore,
  chain: BtcDevChain,
  leg: ThorchainLeg,
): Promise<BitcoinDemoLeg> {
  const truth = playBitcoinLeg(chain, {
    inboundTxHash: leg.deposit,
    swapSats: SWAP_SATS,
    destination: RECEIVE_WALLET,
    exchangeName: BTC_EXCHANGE,
  })
  const server = await startBtcRpcServer(chain)
  try {
    const client = new BitcoinRpcClient({ url: server.url, logger: ctx.logger, timeoutMs: 30_000, retries: 0 })
    const ingest = await ingestBtc(ctx, store, new BtcFetcher(client), {
      chain: DEMO_BTC_CHAIN,
      from: 0n,
      to: BigInt(chain.height),
      batchSize: 100,
      enrich: 'store',
      restart: true,
    })
    // The exchange disclosed the deposit address it credits the attacker's account at, as exchanges do on request.
    const labels = new Map<string, EndpointLabel[]>([
      [truth.exchange.hotWallet, [{ category: 'hot-wallet', name: BTC_EXCHANGE }]],
      [truth.exchange.depositAddress, [{ category: 'exchange-deposit', name: BTC_EXCHANGE }]],
    ])
    return { truth, ingest, labels }
  } finally {
    await server.close()
  }
}
