import type { Label } from './manifest.ts'

/** A key-holding participant of the demo world. */
export interface ActorSpec {
  index: number
  role: string
  name: string
  label: Label | null
}

const VICTIM = 'Meridian Exchange'
const EXCHANGE = 'Harbor Exchange'

/**
 * The world's accounts by derivation index. Indexes 0-5 are anvil's prefunded accounts (they fund the world,
 * or are honest users with money of their own); every other account starts empty, so with zero gas fees its
 * final balance is exactly what the story sent it. The exchange's deposit addresses carry no label: a tracer
 * recognises them by their sweeps to the labelled hot wallet.
 */
export const ACTORS = {
  deployer: { index: 0, role: 'deployer', name: 'Deployer of the world contracts', label: null },
  liquidityProvider: { index: 1, role: 'liquidity-provider', name: 'USDX/WETH liquidity provider', label: null },
  customer: { index: 2, role: 'customer', name: 'Honest user (exchange customer, mixer user)', label: null },
  cleanFunder: {
    index: 4,
    role: 'clean-funder',
    name: 'Clean wallet that tops up the mixing wallet',
    label: null,
  },
  poolUser: { index: 5, role: 'customer', name: 'Later user of the USDX/WETH pool', label: null },
  issuer: {
    index: 3,
    role: 'issuer',
    name: 'USDX issuer',
    label: { category: 'issuer', name: 'USDX issuer', entity: 'USDX issuer' },
  },
  victim: {
    index: 10,
    role: 'victim',
    name: 'Meridian Exchange cold wallet',
    label: { category: 'victim', name: 'Meridian Exchange cold wallet (hacked)', entity: VICTIM },
  },
  attacker: {
    index: 11,
    role: 'attacker',
    name: 'Attacker main wallet',
    label: { category: 'attacker', name: 'Meridian heist attacker', entity: 'Meridian heist' },
  },
  split1: { index: 12, role: 'split-wallet', name: 'Split wallet 1 (peel chain)', label: null },
  split2: { index: 13, role: 'split-wallet', name: 'Split wallet 2 (bridge)', label: null },
  split3: { index: 14, role: 'split-wallet', name: 'Split wallet 3 (mixer)', label: null },
  split4: { index: 15, role: 'split-wallet', name: 'Split wallet 4 (forwarder split)', label: null },
  split5: { index: 16, role: 'split-wallet', name: 'Split wallet 5 (forwarder, dormant)', label: null },
  split6: { index: 17, role: 'split-wallet', name: 'Split wallet 6 (swap, bridge)', label: null },
  split7: { index: 18, role: 'split-wallet', name: 'Split wallet 7 (exchange deposit)', label: null },
  split8: { index: 19, role: 'split-wallet', name: 'Split wallet 8 (bridge, dormant USDX)', label: null },
  peel1: { index: 20, role: 'peel-hop', name: 'Peel chain hop 1', label: null },
  peel2: { index: 21, role: 'peel-hop', name: 'Peel chain hop 2', label: null },
  peel3: { index: 22, role: 'peel-hop', name: 'Peel chain hop 3', label: null },
  peel4: { index: 23, role: 'peel-hop', name: 'Peel chain hop 4 (deposits at the exchange)', label: null },
  side1: { index: 24, role: 'peel-side', name: 'Peel side address 1', label: null },
  side2: { index: 25, role: 'peel-side', name: 'Peel side address 2', label: null },
  side3: { index: 26, role: 'peel-side', name: 'Peel side address 3', label: null },
  side4: { index: 27, role: 'peel-side', name: 'Peel side address 4', label: null },
  forwardA: { index: 28, role: 'forward-recipient', name: 'Forwarder split recipient A', label: null },
  forwardB: { index: 29, role: 'forward-recipient', name: 'Forwarder split recipient B', label: null },
  forwardC: { index: 30, role: 'forward-recipient', name: 'Forwarder recipient C', label: null },
  hotWallet: {
    index: 31,
    role: 'hot-wallet',
    name: 'Harbor Exchange hot wallet',
    label: { category: 'hot-wallet', name: 'Harbor Exchange hot wallet', entity: EXCHANGE },
  },
  depositEth: {
    index: 32,
    role: 'exchange-deposit',
    name: 'Harbor deposit address (attacker, ETH)',
    label: null,
  },
  depositUsdx: {
    index: 33,
    role: 'exchange-deposit',
    name: 'Harbor deposit address (attacker, USDX, then ETH)',
    label: null,
  },
  depositCustomer: {
    index: 34,
    role: 'exchange-deposit',
    name: 'Harbor deposit address (honest customer)',
    label: null,
  },
  mixerRecipient: { index: 35, role: 'customer', name: 'Honest user withdrawal address', label: null },
  bridgeRecipient: {
    index: 36,
    role: 'bridge-recipient',
    name: 'Attacker address on the destination chain',
    label: null,
  },
  mixed: { index: 37, role: 'mixing-wallet', name: 'Mixing wallet (stolen and clean ETH)', label: null },
  cashOut: { index: 38, role: 'cash-out', name: 'Cash-out wallet paid by the mixing wallet', label: null },
  mixerRecipient2: {
    index: 39,
    role: 'customer',
    name: 'Honest user withdrawal address after the heist',
    label: null,
  },
} as const satisfies Record<string, ActorSpec>

export type ActorKey = keyof typeof ACTORS
