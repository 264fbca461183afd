import type { TransactionReceipt } from 'viem'
import type { ActorKey } from './actors.ts'
import { type HeistLedger, step } from './heist-ledger.ts'
import type { MixingMove } from './manifest.ts'
import { AMOUNTS } from './scenario.ts'
import { addressOf, sendTx, type World } from './world-driver.ts'

/**
 * The leg where the taint models part: split5 sends 100 stolen ETH to a fresh wallet, a clean wallet then adds
 * 100 ETH of its own, and the wallet pays 120 ETH into the attacker's second Harbor deposit address (which
 * Harbor sweeps to its hot wallet) and then 60 ETH to a cash-out wallet, keeping 20. The stolen funds arrive
 * first, so FIFO puts all 100 stolen ETH into the first payout; haircut splits every payout half and half;
 * poison taints everything the wallet pays or keeps.
 */
export async function playMixingWallet(world: World, ledger: HeistLedger): Promise<void> {
  const wallet = addressOf(world, 'mixed')
  const deposit = addressOf(world, 'depositUsdx')
  const hot = addressOf(world, 'hotWallet')
  const cashOut = addressOf(world, 'cashOut')
  const m = AMOUNTS.mixing
  const moves: MixingMove[] = []
  const move = (
    r: TransactionReceipt,
    direction: MixingMove['direction'],
    counterparty: ActorKey,
    amount: bigint,
    extra: Partial<Pick<MixingMove, 'stolen' | 'endpoint'>> = {},
  ) =>
    moves.push({
      direction,
      counterparty: addressOf(world, counterparty),
      amount,
      hash: r.transactionHash,
      blockNumber: r.blockNumber,
      stolen: extra.stolen ?? false,
      endpoint: extra.endpoint ?? null,
    })
  const send = (from: ActorKey, to: ActorKey, value: bigint, name: string, note: string) =>
    sendTx(world, from, { to: addressOf(world, to), value }, step(name, note))

  move(
    await send('split5', 'mixed', m.stolenIn, 'mixing', 'split5 funds the mixing wallet'),
    'in',
    'split5',
    m.stolenIn,
    {
      stolen: true,
    },
  )
  move(
    await send('cleanFunder', 'mixed', m.cleanIn, 'mixing', 'clean ETH into the same wallet'),
    'in',
    'cleanFunder',
    m.cleanIn,
  )
  const paid = await send(
    'mixed',
    'depositUsdx',
    m.toExchange,
    'exchange',
    'mixing wallet pays into a Harbor deposit address',
  )
  move(paid, 'out', 'depositUsdx', m.toExchange, {
    endpoint: {
      category: 'exchange',
      address: deposit,
      heldBy: hot,
      name: 'Harbor Exchange deposit address',
      asset: 'native',
      freezableBy: ['exchange'],
      arrivalTx: paid.transactionHash,
    },
  })
  await send('depositUsdx', 'hotWallet', m.toExchange, 'sweep', 'Harbor sweeps the ETH of the USDX deposit address')
  const cashed = await send('mixed', 'cashOut', m.toCashOut, 'mixing', 'mixing wallet pays a cash-out wallet')
  move(cashed, 'out', 'cashOut', m.toCashOut, {
    endpoint: {
      category: 'held',
      address: cashOut,
      heldBy: cashOut,
      name: 'Cash-out wallet',
      asset: 'native',
      freezableBy: [],
      arrivalTx: cashed.transactionHash,
    },
  })
  ledger.mixing = { wallet, name: 'Mixing wallet', asset: 'native', moves }
}
