import { parseAbi } from 'viem'

/**
 * The THORChain router's events, as THORChain_Router.sol declares them in every router version (V1 to V6) and
 * as THORNode's Bifrost matches them by topic0 on Ethereum: a deposit names the vault (`to`, not the user) and
 * the asset (address(0) for ETH); a TransferOut pays an outbound or a refund, memo `OUT:<hash>` / `REFUND:<hash>`.
 */
export const ROUTER_EVENTS = parseAbi([
  'event Deposit(address indexed to, address indexed asset, uint256 amount, string memo)',
  'event TransferOut(address indexed vault, address indexed to, address asset, uint256 amount, string memo)',
])

/** keccak256("Deposit(address,address,uint256,string)"), the topic THORNode's Bifrost watches for. */
export const ROUTER_DEPOSIT_TOPIC = '0xef519b7eb82aaf6ac376a6df2d793843ebfd593de5f1a0601d3cc6ab49ebb395'
/** keccak256("TransferOut(address,address,address,uint256,string)"). */
export const ROUTER_TRANSFER_OUT_TOPIC = '0xa9cd03aa3c1b4515114539cd53d22085129d495cb9e9f9af77864526240f1bf7'

/**
 * THORChain's Ethereum routers seen in recorded mainnet deposits, lowercase: 0xd37b…7146 (2024) and
 * 0x42a5…f27b (2021). Labels can name more; these need no label.
 */
export const KNOWN_ETHEREUM_ROUTERS: ReadonlySet<string> = new Set([
  '0xd37bbe5744d730a1d98d8dc97c42f0ca46ad7146',
  '0x42a5ed456650a09dc10ebc6361a7480fdd61f27b',
])
