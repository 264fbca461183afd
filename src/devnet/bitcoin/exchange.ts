import { DragnetError } from '../../core/errors.ts'
import type { BtcDevChain, Payee } from './dev-chain.ts'
import type { DevTx } from './dev-tx.ts'
import type { DevWallet } from './dev-wallet.ts'

/** The deposit address an exchange gives one customer: `<exchange>/deposit/<customer>`. */
export function exchangeDepositAddress(chain: BtcDevChain, exchange: string, customer: string): DevWallet {
  return chain.wallet(`${exchange}/deposit/${customer}`)
}

/** The exchange's hot wallet, where its deposit addresses are swept. */
export function exchangeHotWallet(chain: BtcDevChain, exchange: string): DevWallet {
  return chain.wallet(`${exchange}/hot`)
}

/**
 * An exchange's sweep: every coin on the given deposit addresses, in one multi-input transaction, to its hot
 * wallet (the consolidation that multi-input clustering reads as one owner).
 */
export function exchangeSweep(chain: BtcDevChain, exchange: string, o: { deposits: Payee[]; fee: bigint }): DevTx {
  const inputs = o.deposits.flatMap((d) => chain.unspent(d))
  const total = inputs.reduce((s, u) => s + u.value, 0n)
  if (inputs.length === 0 || total <= o.fee)
    throw new DragnetError('INVALID_ARGUMENT', `nothing to sweep for ${exchange}`, {
      details: { inputs: inputs.length, total: total.toString() },
    })
  return chain.spend(inputs, [{ value: total - o.fee, script: exchangeHotWallet(chain, exchange).script }])
}
