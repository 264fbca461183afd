import { DragnetError } from '../../core/errors.ts'
import type { BitcoinLegTruth, BtcLegAddress, BtcLegRole, BtcLegStep, BtcLegTx } from './bitcoin-leg-truth.ts'
import type { BtcDevChain } from './dev-chain.ts'
import type { DevTx } from './dev-tx.ts'
import type { DevWallet } from './dev-wallet.ts'
import { exchangeDepositAddress, exchangeHotWallet, exchangeSweep } from './exchange.ts'
import { changeUtxo, type PeelHop, peelChain } from './peel-chain.ts'
import { THORCHAIN_VAULT, thorchainMemo, thorchainOutbound } from './thorchain-vault.ts'
import { addressScript } from './tx-sign.ts'
import { type Tx0, WHIRLPOOL_MIX_SIZE, whirlpoolMix, whirlpoolTx0 } from './whirlpool.ts'

export interface BitcoinLegOptions {
  /** The Ethereum transaction that paid THORChain (0x-prefixed or not). */
  inboundTxHash: string
  /** What THORChain pays out on Bitcoin, satoshi. */
  swapSats: bigint
  /** The attacker's receiving wallet: a name, or the address of one (`lazarus/btc/receive` by default). */
  destination?: string
  exchangeName: string
}

const DENOMINATION = 1_000_000n
const PEEL_HOPS = 4
/** Every fee of the leg, satoshi: fixed so that the ground truth's amounts can be worked out by hand. */
export const BTC_LEG_FEES = { outbound: 2_500n, peel: 1_000n, tx0: 1_000n, premix: 300n, deposit: 500n, sweep: 2_000n }
const F = BTC_LEG_FEES
/** Other users' coins in the vault, so that its payout has change as a real vault's does. */
const VAULT_FLOAT = 100_000_000n
const W = {
  premix: 'lazarus/btc/whirlpool/premix/1',
  tx0Change: 'lazarus/btc/whirlpool/tx0-change',
  postmix: 'lazarus/btc/postmix/1',
  bystanders: Array.from({ length: WHIRLPOOL_MIX_SIZE - 1 }, (_, i) => `whirlpool/remixer-${i + 1}`),
}

/** Notes each step's transaction; heights are read back from the chain once everything is mined. */
class Steps {
  private readonly list: { step: BtcLegStep; tx: DevTx }[] = []
  add(step: BtcLegStep, tx: DevTx, chain: BtcDevChain, mine = true): DevTx {
    this.list.push({ step, tx })
    if (mine) chain.mine()
    return tx
  }
  resolve(chain: BtcDevChain): BtcLegTx[] {
    return this.list.map(({ step, tx }) => ({
      step,
      txid: tx.txid,
      fee: tx.fee,
      height: chain.findTx(tx.txid)?.block?.height ?? -1,
    }))
  }
}

/** The attacker's receiving wallet, by name or by one of the devnet's addresses (it must sign the peels). */
function attackerWallet(chain: BtcDevChain, destination: string): DevWallet {
  const script = addressScript(destination, chain.net)
  if (script === undefined) return chain.wallet(destination)
  const owner = chain.ownerOf(script)
  if (owner === undefined)
    throw new DragnetError('INVALID_ADDRESS', `${destination} is not a devnet wallet's address`, {
      details: { destination },
    })
  return owner
}

/** Funds the vault and the four clean remixers from matured coinbases, mining until there are enough. */
function fundLeg(chain: BtcDevChain, swapSats: bigint): void {
  const vault = swapSats + F.outbound + VAULT_FLOAT
  const need = vault + DENOMINATION * BigInt(W.bystanders.length) + 5_000n
  for (let i = 0; chain.balance('miner') < need; i++) {
    if (i > 400) throw new DragnetError('INVALID_ARGUMENT', `the devnet miner cannot fund ${need} sat`)
    chain.mine()
  }
  const outs = [{ to: THORCHAIN_VAULT, amount: vault }, ...W.bystanders.map((to) => ({ to, amount: DENOMINATION }))]
  chain.pay('miner', outs, { fee: 5_000n })
  chain.mine()
}

function mixPhase(chain: BtcDevChain, steps: Steps, from: string) {
  const tx0 = whirlpoolTx0(chain, {
    from,
    denomination: DENOMINATION,
    count: 1,
    premixFee: F.premix,
    fee: F.tx0,
    prefix: 'lazarus/btc/whirlpool',
  })
  steps.add('whirlpool-tx0', tx0.tx, chain)
  const remixes = W.bystanders.map((b) => chain.unspent(b)[0]).filter((u) => u !== undefined)
  const outputs = [W.postmix, ...W.bystanders.map((b) => `${b}/postmix`)]
  const mix = whirlpoolMix(chain, { denomination: DENOMINATION, inputs: [...tx0.premix, ...remixes], outputs })
  steps.add('whirlpool-mix', mix, chain)
  const vout = mix.outputs.findIndex((x) => chain.ownerOf(x.script)?.name === W.postmix)
  return { tx0, mix, vout }
}

/**
 * The Bitcoin leg of the demo heist: THORChain's vault pays the swap to the attacker with `OUT:<inbound>`, the
 * attacker peels a tenth of it four times to an exchange deposit address (one block per hop), sends part of the
 * rest through a Whirlpool Tx0 and one 0.01 BTC mix with four clean remixers, deposits the mixed coin at the same
 * address, and the exchange sweeps it to its hot wallet. Returns the ground truth with exact amounts.
 */
export function playBitcoinLeg(chain: BtcDevChain, o: BitcoinLegOptions): BitcoinLegTruth {
  const peel = o.swapSats / 10n
  if (peel * BigInt(PEEL_HOPS) + DENOMINATION * 2n > o.swapSats)
    throw new DragnetError('INVALID_ARGUMENT', `a swap of ${o.swapSats} sat is too small for the Bitcoin leg`)
  const receive = attackerWallet(chain, o.destination ?? 'lazarus/btc/receive')
  fundLeg(chain, o.swapSats)
  const firstBlock = chain.height + 1
  const steps = new Steps()
  const deposit = exchangeDepositAddress(chain, o.exchangeName, 'lazarus-mule')
  const out = thorchainOutbound(chain, {
    to: receive,
    amount: o.swapSats,
    inboundTxHash: o.inboundTxHash,
    fee: F.outbound,
  })
  steps.add('thorchain-outbound', out, chain)
  const peels = Array<bigint>(PEEL_HOPS).fill(peel)
  const { hops } = peelChain(chain, {
    from: receive,
    peels,
    payees: [deposit],
    fee: F.peel,
    prefix: 'lazarus/btc/peel',
    minePerHop: true,
  })
  hops.forEach((h, i) => {
    steps.add(`peel-${i + 1}`, h.tx, chain, false)
  })
  const { tx0, mix, vout } = mixPhase(chain, steps, `lazarus/btc/peel/${PEEL_HOPS}`)
  const postmix = chain.wallet(W.postmix)
  const inputs = [changeUtxo(mix, vout)]
  const mixed = chain.pay(postmix, [{ to: deposit, amount: DENOMINATION - F.deposit }], { fee: F.deposit, inputs })
  steps.add('deposit-mixed', mixed, chain)
  const sweep = steps.add(
    'exchange-sweep',
    exchangeSweep(chain, o.exchangeName, { deposits: [deposit], fee: F.sweep }),
    chain,
  )
  const parts = { receive, deposit, hops, tx0, mix, vout, mixed, sweep, peel, firstBlock }
  return legTruth(chain, o, parts, steps.resolve(chain))
}

interface LegParts {
  receive: DevWallet
  deposit: DevWallet
  hops: PeelHop[]
  tx0: Tx0
  mix: DevTx
  vout: number
  mixed: DevTx
  sweep: DevTx
  peel: bigint
  firstBlock: number
}

function roleList(chain: BtcDevChain, o: BitcoinLegOptions, p: LegParts): BtcLegAddress[] {
  const roles: [string, BtcLegRole][] = [
    [THORCHAIN_VAULT, 'thorchain-vault'],
    [p.receive.name, 'attacker-receive'],
    ...p.hops.map((_, i): [string, BtcLegRole] => [`lazarus/btc/peel/${i + 1}`, 'attacker-peel-hop']),
    [W.premix, 'attacker-premix'],
    [W.tx0Change, 'attacker-tx0-change'],
    ['whirlpool/coordinator', 'whirlpool-coordinator'],
    [W.postmix, 'attacker-postmix'],
    ...W.bystanders.map((b): [string, BtcLegRole] => [b, 'mix-bystander']),
    ...W.bystanders.map((b): [string, BtcLegRole] => [`${b}/postmix`, 'bystander-postmix']),
    [p.deposit.name, 'exchange-deposit'],
    [exchangeHotWallet(chain, o.exchangeName).name, 'exchange-hot-wallet'],
  ]
  return roles.map(([wallet, role]) => ({ wallet, role, address: chain.wallet(wallet).address }))
}

function legTruth(chain: BtcDevChain, o: BitcoinLegOptions, p: LegParts, txs: BtcLegTx[]): BitcoinLegTruth {
  const deposited = p.peel * BigInt(PEEL_HOPS) + DENOMINATION - F.deposit
  const change = p.tx0.change?.value ?? 0n
  return {
    inboundTxHash: o.inboundTxHash,
    memo: thorchainMemo('OUT', o.inboundTxHash),
    swapSats: o.swapSats,
    attackerAddress: p.receive.address,
    addresses: roleList(chain, o, p),
    txs,
    peels: p.hops.map((h, i) => ({ hop: i + 1, from: h.from, sats: h.peel, txid: h.tx.txid })),
    mix: {
      txid: p.mix.txid,
      denomination: DENOMINATION,
      attackerInput: chain.wallet(W.premix).address,
      attackerOutput: { address: chain.wallet(W.postmix).address, vout: p.vout },
      bystanderInputs: W.bystanders.map((b) => chain.wallet(b).address),
    },
    exchange: {
      name: o.exchangeName,
      depositAddress: p.deposit.address,
      hotWallet: exchangeHotWallet(chain, o.exchangeName).address,
      deposited,
      depositTxids: [...p.hops.map((h) => h.tx.txid), p.mixed.txid],
      sweepTxid: p.sweep.txid,
      swept: deposited - F.sweep,
    },
    held:
      change > 0n ? [{ address: chain.wallet(W.tx0Change).address, role: 'attacker-tx0-change', sats: change }] : [],
    coordinatorFee: p.tx0.poolFee,
    attackerFees: F.peel * BigInt(PEEL_HOPS) + F.tx0 + p.mix.fee + F.deposit,
    firstBlock: p.firstBlock,
    lastBlock: chain.height,
  }
}
