import { keccak256, stringToHex } from 'viem'
import type { Address, Hex } from '../../core/hex.ts'
import type { ActorKey } from './actors.ts'
import { buildManifest } from './build-manifest.ts'
import { endpoint, type HeistLedger, step, usdx } from './heist-ledger.ts'
import type { HeistManifest } from './manifest.ts'
import { playBystanders } from './play-bystanders.ts'
import { type MixerLegPlan, mixerLegEntities, playMixerLeg } from './play-mixer-leg.ts'
import { playMixingWallet } from './play-mixing.ts'
import { playThorchainSwap, type ThorchainLeg, type ThorchainPlan } from './play-thorchain.ts'
import { AMOUNTS, BRIDGE_DESTINATION_CHAIN_ID, FEE_FINGERPRINTS } from './scenario.ts'
import { addressOf, callContract, sendTx, type World, ZERO_FEES } from './world-driver.ts'

export interface PlayHooks {
  /** Called once the theft is mined, before the laundering: a live watch starts from its transactions. */
  afterDrain?: (seedTransactions: readonly Hex[], block: bigint) => Promise<void>
  /** Also swap part of the stolen ETH to Bitcoin through a THORChain router (docs/bitcoin.md); `played` gets the deposit. */
  thorchain?: ThorchainPlan & { played?: (leg: ThorchainLeg) => void }
  /**
   * Also play the mixer leg (docs/demo-world.md): more pools, relayers, the stolen notes withdrawn and a crowd,
   * after everything else, so every earlier transaction and exact figure stays as it is.
   */
  mixers?: true | MixerLegPlan
}

/**
 * Plays the theft from the Meridian cold wallet and its laundering on a world from deployWorld, then
 * checks the intended endpoints against on-chain balances and returns the manifest with the ground truth.
 */
export async function playHeist(world: World, hooks: PlayHooks = {}): Promise<HeistManifest> {
  const ledger: HeistLedger = { seedTransactions: [], endpoints: [], conversions: [], mixing: null, clean: [] }
  const drainBlock = await drain(world, ledger)
  await hooks.afterDrain?.(ledger.seedTransactions, drainBlock)
  await split(world)
  await peelChainToExchange(world, ledger)
  await bridgeEth(world, ledger)
  await mixerDeposits(world, ledger)
  await forwarderMoves(world, ledger)
  await swapToEthAndBridge(world, ledger)
  await usdxToExchange(world, ledger)
  await usdxBridgeAndHold(world, ledger)
  await playMixingWallet(world, ledger)
  await playBystanders(world, ledger)
  const thor = hooks.thorchain ? await playThorchainSwap(world, ledger, hooks.thorchain) : null
  if (thor) hooks.thorchain?.played?.(thor)
  const mixerPlan = hooks.mixers === true ? {} : hooks.mixers
  if (mixerPlan) {
    ledger.mixerLeg = await playMixerLeg(world, mixerPlan)
    mixerPlan.played?.(ledger.mixerLeg)
  }
  const legEntities = ledger.mixerLeg ? mixerLegEntities(world, ledger.mixerLeg) : []
  return await buildManifest(world, ledger, [...(thor?.entities ?? []), ...legEntities])
}

/** The theft; resolves to the block of its first transaction. */
async function drain(world: World, ledger: HeistLedger): Promise<bigint> {
  const attacker = addressOf(world, 'attacker')
  const eth = await sendTx(world, 'victim', { to: attacker, value: AMOUNTS.victimEth }, step('drain', 'ETH drained'))
  const tok = await callContract(
    world,
    'victim',
    'usdx',
    'transfer',
    [attacker, AMOUNTS.victimUsdx],
    step('drain', 'USDX drained'),
  )
  ledger.seedTransactions.push(eth.transactionHash, tok.transactionHash)
  return eth.blockNumber
}

async function split(world: World): Promise<void> {
  for (const [wallet, value] of Object.entries(AMOUNTS.splitEth) as [ActorKey, bigint][]) {
    await sendTx(world, 'attacker', { to: addressOf(world, wallet), value }, step('split', `ETH to ${wallet}`))
  }
  for (const [wallet, value] of Object.entries(AMOUNTS.splitUsdx) as [ActorKey, bigint][]) {
    const to = addressOf(world, wallet)
    await callContract(world, 'attacker', 'usdx', 'transfer', [to, value], step('split', `USDX to ${wallet}`))
  }
}

/** split1 peels 10 ETH to a side address at each of four hops; the last hop deposits the rest at Harbor. */
async function peelChainToExchange(world: World, ledger: HeistLedger): Promise<void> {
  const hops: ActorKey[] = ['split1', 'peel1', 'peel2', 'peel3', 'peel4']
  const sides: ActorKey[] = ['side1', 'side2', 'side3', 'side4']
  let remaining = AMOUNTS.splitEth.split1
  for (let i = 0; i < AMOUNTS.peelHops; i++) {
    const from = hops[i]!
    const side = addressOf(world, sides[i]!)
    const peel = await sendTx(world, from, { to: side, value: AMOUNTS.peel }, step('peel', `${from} peels to ${side}`))
    endpoint(ledger, {
      category: 'held',
      address: side,
      name: `Peel side address ${i + 1}`,
      asset: 'native',
      amount: AMOUNTS.peel,
      arrivalTx: peel.transactionHash,
    })
    remaining -= AMOUNTS.peel
    await sendTx(world, from, { to: addressOf(world, hops[i + 1]!), value: remaining }, step('peel', `${from} hops`))
  }
  const depositAddress = addressOf(world, 'depositEth')
  const deposit = await sendTx(
    world,
    'peel4',
    { to: depositAddress, value: remaining },
    step('exchange', 'deposit at Harbor'),
  )
  const hot = addressOf(world, 'hotWallet')
  await sendTx(world, 'depositEth', { to: hot, value: remaining }, step('sweep', 'Harbor sweeps to its hot wallet'))
  endpoint(ledger, {
    category: 'exchange',
    address: depositAddress,
    heldBy: hot,
    name: 'Harbor Exchange deposit address',
    asset: 'native',
    amount: remaining,
    freezableBy: ['exchange'],
    arrivalTx: deposit.transactionHash,
  })
}

async function bridgeEth(world: World, ledger: HeistLedger): Promise<void> {
  const value = AMOUNTS.splitEth.split2
  const receipt = await callContract(
    world,
    'split2',
    'bridge',
    'lockETH',
    [BRIDGE_DESTINATION_CHAIN_ID, addressOf(world, 'bridgeRecipient')],
    step('bridge', 'lock ETH for chain 56'),
    value,
  )
  const bridge = world.contracts.bridge.address
  endpoint(ledger, {
    category: 'bridge',
    address: bridge,
    name: 'Bridge',
    asset: 'native',
    amount: value,
    arrivalTx: receipt.transactionHash,
  })
}

/** split3 deposits three notes; the second with the attacker's own fee cap, the gas fingerprint of the mixer leg. */
async function mixerDeposits(world: World, ledger: HeistLedger): Promise<void> {
  for (let i = 0; i < AMOUNTS.mixerNotes; i++) {
    const commitment = keccak256(stringToHex(`heist-note-${i}`))
    const receipt = await callContract(
      world,
      'split3',
      'mixer',
      'deposit',
      [commitment],
      step('mixer', `mixer deposit ${i}`),
      AMOUNTS.mixerDenomination,
      i === 1 ? FEE_FINGERPRINTS.attacker : ZERO_FEES,
    )
    endpoint(ledger, {
      category: 'mixer',
      address: world.contracts.mixer.address,
      name: 'Mixer (100 ETH pool)',
      asset: 'native',
      amount: AMOUNTS.mixerDenomination,
      arrivalTx: receipt.transactionHash,
    })
  }
}

/**
 * ETH that moves only in internal calls: split4 splits through the Forwarder; split5's first attempt is
 * reverted inside the transaction (the funds come back), its second forwards 100 ETH; 200 ETH stay dormant.
 */
async function forwarderMoves(world: World, ledger: HeistLedger): Promise<void> {
  const [a, b, c] = [addressOf(world, 'forwardA'), addressOf(world, 'forwardB'), addressOf(world, 'forwardC')]
  const half = AMOUNTS.splitEth.split4 / 2n
  const splitTx = await callContract(
    world,
    'split4',
    'forwarder',
    'split',
    [a, b],
    step('forwarder', 'split through the Forwarder'),
    AMOUNTS.splitEth.split4,
  )
  const held = (address: Address, name: string, amount: bigint, arrivalTx: Hex) =>
    endpoint(ledger, { category: 'held', address, name, asset: 'native', amount, arrivalTx })
  held(a, 'Forwarder split recipient A', half, splitTx.transactionHash)
  held(b, 'Forwarder split recipient B', half, splitTx.transactionHash)
  await callContract(
    world,
    'split5',
    'forwarder',
    'forwardThenRevert',
    [c],
    step('forwarder', 'forward reverted inside the transaction; refunded'),
    AMOUNTS.forwardRevertedEth,
  )
  const fwd = await callContract(
    world,
    'split5',
    'forwarder',
    'forward',
    [c],
    step('forwarder', 'forward through the Forwarder'),
    AMOUNTS.forwardEth,
  )
  held(c, 'Forwarder recipient C', AMOUNTS.forwardEth, fwd.transactionHash)
  const split5 = addressOf(world, 'split5')
  const split5Arrival = world.transactions.find((t) => t.step === 'split' && t.to === split5)!.hash
  // Of the 200 ETH left, 100 go to the mixing wallet later (playMixingWallet).
  const dormant = AMOUNTS.splitEth.split5 - AMOUNTS.forwardEth - AMOUNTS.mixing.stolenIn
  held(split5, 'Split wallet 5 (dormant)', dormant, split5Arrival)
}

/** split6 swaps 1,000,000 USDX for exactly 400 WETH, unwraps it and bridges the 400 ETH. */
async function swapToEthAndBridge(world: World, ledger: HeistLedger): Promise<void> {
  const { router, pair, weth } = world.contracts
  const wallet = addressOf(world, 'split6')
  const amountIn = AMOUNTS.swapUsdxIn
  const amountOut = AMOUNTS.swapWethOut
  await callContract(world, 'split6', 'usdx', 'approve', [router.address, amountIn], step('swap', 'approve router'))
  const swap = await callContract(
    world,
    'split6',
    'router',
    'swapExactIn',
    [pair.address, usdx(world), amountIn, amountOut, wallet],
    step('swap', 'swap USDX for WETH'),
  )
  const unwrap = await callContract(world, 'split6', 'weth', 'withdraw', [amountOut], step('swap', 'unwrap WETH'))
  ledger.conversions.push(
    {
      kind: 'swap',
      hash: swap.transactionHash,
      via: pair.address,
      assetIn: usdx(world),
      amountIn,
      assetOut: weth.address,
      amountOut,
    },
    {
      kind: 'unwrap',
      hash: unwrap.transactionHash,
      via: weth.address,
      assetIn: weth.address,
      amountIn: amountOut,
      assetOut: 'native',
      amountOut,
    },
  )
  const lock = await callContract(
    world,
    'split6',
    'bridge',
    'lockETH',
    [BRIDGE_DESTINATION_CHAIN_ID, addressOf(world, 'bridgeRecipient')],
    step('bridge', 'lock the swapped ETH for chain 56'),
    amountOut,
  )
  endpoint(ledger, {
    category: 'bridge',
    address: world.contracts.bridge.address,
    name: 'Bridge',
    asset: 'native',
    amount: amountOut,
    origin: { asset: usdx(world), amount: amountIn },
    arrivalTx: lock.transactionHash,
  })
}

async function usdxToExchange(world: World, ledger: HeistLedger): Promise<void> {
  const depositAddress = addressOf(world, 'depositUsdx')
  const value = AMOUNTS.splitUsdx.split7
  const receipt = await callContract(
    world,
    'split7',
    'usdx',
    'transfer',
    [depositAddress, value],
    step('exchange', 'USDX deposit at Harbor, not yet swept'),
  )
  endpoint(ledger, {
    category: 'exchange',
    address: depositAddress,
    name: 'Harbor Exchange deposit address',
    asset: usdx(world),
    amount: value,
    freezableBy: ['exchange', 'issuer'],
    arrivalTx: receipt.transactionHash,
  })
}

async function usdxBridgeAndHold(world: World, ledger: HeistLedger): Promise<void> {
  const bridge = world.contracts.bridge.address
  const value = AMOUNTS.bridgeUsdx
  await callContract(world, 'split8', 'usdx', 'approve', [bridge, value], step('bridge', 'approve bridge'))
  const lock = await callContract(
    world,
    'split8',
    'bridge',
    'lockToken',
    [usdx(world), value, BRIDGE_DESTINATION_CHAIN_ID, addressOf(world, 'bridgeRecipient')],
    step('bridge', 'lock USDX for chain 56'),
  )
  endpoint(ledger, {
    category: 'bridge',
    address: bridge,
    name: 'Bridge',
    asset: usdx(world),
    amount: value,
    arrivalTx: lock.transactionHash,
  })
  const split8 = addressOf(world, 'split8')
  endpoint(ledger, {
    category: 'held',
    address: split8,
    name: 'Split wallet 8 (dormant USDX)',
    asset: usdx(world),
    amount: AMOUNTS.splitUsdx.split8 - value,
    freezableBy: ['issuer'],
    arrivalTx: world.transactions.find((t) => t.step === 'split' && t.note === 'USDX to split8')!.hash,
  })
}
