import { parseEther } from 'viem'

const usdx = (whole: number): bigint => BigInt(whole) * 1_000_000n

/** Genesis time of the world's anvil (2025-02-19T21:20:00Z); every block is 12 s after the previous one. */
export const WORLD_GENESIS_TIME = 1_740_000_000
export const WORLD_BLOCK_INTERVAL = 12

/** Chain id written into bridge locks: where the bridged funds are released (BNB Smart Chain's id). */
export const BRIDGE_DESTINATION_CHAIN_ID = 56n

/** Fixed amounts of the story, in base units (wei; USDX has 6 decimals). Round so a report checks by eye. */
export const AMOUNTS = {
  mixerDenomination: parseEther('100'),
  // Pool reserves chosen so that 1,000,000 USDX in buys exactly 400 WETH out after the 0.3% fee.
  poolUsdx: usdx(8_973_000),
  poolWeth: parseEther('4000'),
  victimEth: parseEther('1000'),
  victimUsdx: usdx(5_000_000),
  hotWalletEth: parseEther('500'),
  hotWalletUsdx: usdx(2_000_000),
  customerDeposit: parseEther('50'),
  splitEth: {
    split1: parseEther('100'),
    split2: parseEther('200'),
    split3: parseEther('300'),
    split4: parseEther('100'),
    split5: parseEther('300'),
  },
  splitUsdx: { split6: usdx(1_000_000), split7: usdx(1_500_000), split8: usdx(2_500_000) },
  peel: parseEther('10'),
  peelHops: 4,
  mixerNotes: 3,
  forwardRevertedEth: parseEther('300'),
  forwardEth: parseEther('100'),
  swapUsdxIn: usdx(1_000_000),
  swapWethOut: parseEther('400'),
  bridgeUsdx: usdx(500_000),
  // The mixing wallet: 100 stolen ETH arrive first, then 100 clean; it pays 120 to a deposit address, then 60
  // to a cash-out wallet, and keeps 20. Poison taints 120/60/20, haircut (half) 60/30/10, FIFO 100/0/0.
  mixing: {
    stolenIn: parseEther('100'),
    cleanIn: parseEther('100'),
    toExchange: parseEther('120'),
    toCashOut: parseEther('60'),
  },
  hotWalletWithdrawal: parseEther('30'),
  poolUserWeth: parseEther('40'),
} as const

/**
 * Gas fingerprints the mixer leg plants for the gas-price rule: a fee cap nobody else uses, with a zero tip, so at
 * the zero base fee the transaction still pays nothing. The attacker's is on the heist's second mixer deposit
 * (always, so the heist is the same with and without the leg) and on its withdrawal by wallet W1.
 */
export const FEE_FINGERPRINTS = {
  attacker: { maxFeePerGas: 37_777_777_777n, maxPriorityFeePerGas: 0n },
  careless: { maxFeePerGas: 27_182_818_284n, maxPriorityFeePerGas: 0n },
} as const
