import { BtcDevChain } from './dev-chain.ts'
import type { WalletKind } from './dev-wallet.ts'

export const SAMPLE_GENESIS_TIME = 1_740_000_000
export const SAMPLE_KINDS: WalletKind[] = ['p2wpkh', 'p2pkh', 'p2tr', 'p2sh-p2wpkh']

/**
 * A small chain with every wallet kind: blocks 0–100 are coinbases (the genesis one matures at 101), block 101
 * funds one wallet of each kind with 1 BTC (fee 10,000 sat, an OP_RETURN memo), block 102 has each of them pay
 * 0.5 BTC to `erin` (fee 1,000 sat each), block 103 is empty.
 */
export function buildSampleChain(): BtcDevChain {
  const chain = new BtcDevChain({ genesisTime: SAMPLE_GENESIS_TIME })
  chain.mine(100)
  const funded = SAMPLE_KINDS.map((k) => ({ to: chain.wallet(`holder-${k}`, k), amount: 100_000_000n }))
  chain.pay('miner', funded, { fee: 10_000n, opReturn: 'OUT:4F2A' })
  chain.mine()
  for (const k of SAMPLE_KINDS) chain.pay(`holder-${k}`, [{ to: 'erin', amount: 50_000_000n }], { fee: 1_000n })
  chain.mine(2)
  return chain
}
