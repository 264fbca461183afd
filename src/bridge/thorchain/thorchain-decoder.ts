import type { BridgeDecoder, OutboundData } from '../bridge-decoder.ts'
import type { CrossChainLink } from '../cross-chain-link.ts'
import { CHAIN_NAMES, chainNameOf } from './asset-notation.ts'
import { decodeDepositLog, decodeTransferOutLog, type ThorchainDeposit } from './decode-router-logs.ts'
import { linkThorchain } from './link-thorchain.ts'
import { KNOWN_ETHEREUM_ROUTERS, ROUTER_DEPOSIT_TOPIC } from './router-events.ts'

/** THORChain as a BridgeDecoder: router Deposit events in, Bitcoin OUT:/REFUND: payments and router refunds out. */
export function thorchainDecoder(
  chainNames: Readonly<Record<string, string>> = CHAIN_NAMES,
  routers: ReadonlySet<string> = KNOWN_ETHEREUM_ROUTERS,
): BridgeDecoder<ThorchainDeposit> {
  return {
    protocol: 'thorchain',
    labelName: 'THORChain',
    depositTopics: [ROUTER_DEPOSIT_TOPIC],
    knownContracts: routers,
    decodeLog: decodeDepositLog,
    link(deposits: readonly ThorchainDeposit[], outbound: OutboundData): CrossChainLink[] {
      const chain = deposits[0]?.chain ?? ''
      const transferOuts = outbound.evmLogs.flatMap((r) => decodeTransferOutLog(r, chain) ?? [])
      const btc = outbound.utxo.get(chainNameOf('BTC', chainNames)) ?? []
      return linkThorchain(deposits, btc, { chainNames, transferOuts })
    },
  }
}
