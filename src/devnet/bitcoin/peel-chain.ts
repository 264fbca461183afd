import type { BtcDevChain, Payee } from './dev-chain.ts'
import type { DevTx } from './dev-tx.ts'
import type { Utxo } from './tx-sign.ts'

export interface PeelHop {
  tx: DevTx
  /** The address that spent in this hop. */
  from: string
  /** The address paid (the peel). */
  paidTo: string
  peel: bigint
  /** The fresh address the rest moved on to. */
  changeTo: string
  change: bigint
}

export interface PeelChainOptions {
  /** Who holds the coins at the start; every hop after moves to a fresh wallet `<prefix>/<n>`. */
  from: Payee
  /** Peeled amounts, one per hop. */
  peels: bigint[]
  /** Where each hop's peel goes. */
  payees: Payee[]
  fee: bigint
  prefix: string
  /** Mine a block after each hop, as peel chains usually spread over blocks. */
  minePerHop?: boolean
}

/**
 * A peel chain: each hop spends everything the current address holds, pays a small amount off and moves the
 * rest to a fresh address; the classic shape of laundering a large UTXO.
 */
export function peelChain(chain: BtcDevChain, opts: PeelChainOptions): { hops: PeelHop[]; last: Utxo } {
  const hops: PeelHop[] = []
  let holder: Payee = opts.from
  let inputs: Utxo[] = chain.unspent(opts.from)
  opts.peels.forEach((peel, i) => {
    const next = chain.wallet(`${opts.prefix}/${i + 1}`)
    const payee = opts.payees[i] ?? opts.payees[opts.payees.length - 1]
    if (payee === undefined) throw new RangeError('a peel chain needs at least one payee')
    const tx = chain.pay(holder, [{ to: payee, amount: peel }], { fee: opts.fee, inputs, changeTo: next })
    const change = tx.outputs[1]?.value ?? 0n
    hops.push({
      tx,
      from: typeof holder === 'string' ? chain.wallet(holder).address : holder.address,
      paidTo: typeof payee === 'string' ? addressOf(chain, payee) : payee.address,
      peel,
      changeTo: next.address,
      change,
    })
    holder = next
    inputs = [changeUtxo(tx, 1)]
    if (opts.minePerHop) chain.mine()
  })
  return { hops, last: inputs[0] as Utxo }
}

const addressOf = (chain: BtcDevChain, p: string): string => chain.ownerOf(chain.scriptOf(p))?.address ?? p

/** A transaction's output as a (not yet confirmed) UTXO. */
export function changeUtxo(tx: DevTx, vout: number): Utxo {
  const o = tx.outputs[vout]
  if (o === undefined) throw new RangeError(`${tx.txid} has no output ${vout}`)
  return { txid: tx.txid, vout, value: o.value, script: o.script, height: null, coinbase: false }
}
