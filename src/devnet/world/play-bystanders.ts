import { keccak256, stringToHex } from 'viem'
import type { Address } from '../../core/hex.ts'
import type { Asset } from '../../core/types.ts'
import { type HeistLedger, step, usdx } from './heist-ledger.ts'
import { AMOUNTS } from './scenario.ts'
import { addressOf, callContract, readContract, sendTx, type World } from './world-driver.ts'

/** Uniswap V2's output for an exact input after the 0.3% fee, as the pair and the router compute it. */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee)
}

/**
 * Honest activity around the laundering, after the stolen funds passed: Harbor pays a customer's withdrawal from
 * the hot wallet that holds swept stolen ETH, the mixer's honest user withdraws a note from the pool that holds
 * stolen notes, and someone buys USDX from the pair that holds the stolen USDX. None of it is stolen funds; a
 * tracer that followed funds through these services instead of stopping or converting would taint them.
 */
export async function playBystanders(world: World, ledger: HeistLedger): Promise<void> {
  const delta = (address: Address, asset: Asset, amount: bigint) => ledger.clean.push({ address, asset, amount })
  const hot = addressOf(world, 'hotWallet')
  const customer = addressOf(world, 'customer')
  const withdrawal = AMOUNTS.hotWalletWithdrawal
  await sendTx(world, 'hotWallet', { to: customer, value: withdrawal }, step('customer', 'Harbor pays a withdrawal'))
  delta(hot, 'native', -withdrawal)
  delta(customer, 'native', withdrawal)

  const recipient = addressOf(world, 'mixerRecipient2')
  await callContract(
    world,
    'mixerRecipient2',
    'mixer',
    'withdraw',
    [keccak256(stringToHex('customer-nullifier-1')), recipient],
    step('customer', 'the honest user withdraws its second note'),
  )
  delta(world.contracts.mixer.address, 'native', -AMOUNTS.mixerDenomination)
  delta(recipient, 'native', AMOUNTS.mixerDenomination)

  await laterPoolUser(world, ledger)
}

/** A clean user wraps 40 ETH and sells the WETH to the pair for USDX, after the attacker's swap. */
async function laterPoolUser(world: World, ledger: HeistLedger): Promise<void> {
  const delta = (address: Address, asset: Asset, amount: bigint) => ledger.clean.push({ address, asset, amount })
  const { pair, router, weth } = world.contracts
  const user = addressOf(world, 'poolUser')
  const amountIn = AMOUNTS.poolUserWeth
  const log = (note: string) => step('pool-user', note)
  await callContract(world, 'poolUser', 'weth', 'deposit', [], log('a pool user wraps ETH'), amountIn)
  await callContract(world, 'poolUser', 'weth', 'approve', [router.address, amountIn], log('approve router'))
  // token0 is USDX, token1 WETH: the input is reserve1.
  const [reserveUsdx, reserveWeth] = (await readContract(world, 'pair', 'getReserves', [])) as [bigint, bigint]
  const out = amountOut(amountIn, reserveWeth, reserveUsdx)
  await callContract(
    world,
    'poolUser',
    'router',
    'swapExactIn',
    [pair.address, weth.address, amountIn, out, user],
    log('a pool user buys USDX with WETH'),
  )
  delta(user, 'native', -amountIn)
  delta(weth.address, 'native', amountIn)
  delta(pair.address, weth.address, amountIn)
  delta(pair.address, usdx(world), -out)
  delta(user, usdx(world), out)
}
