import { hex } from '@scure/base'
import type { DevTxOut } from './dev-tx.ts'
import type { Utxo } from './tx-sign.ts'

// BIP69's canonical order: inputs by previous txid (serialised bytes) then index, outputs by value then script.
// Whirlpool and many wallets order their transactions this way, so the devnet's mixes look like theirs.

export function sortInputsBip69(inputs: Utxo[]): Utxo[] {
  const key = (u: Utxo) => hex.encode(hex.decode(u.txid).reverse())
  return [...inputs].sort((a, b) => (key(a) === key(b) ? a.vout - b.vout : key(a) < key(b) ? -1 : 1))
}

export function sortOutputsBip69(outputs: DevTxOut[]): DevTxOut[] {
  return [...outputs].sort((a, b) => {
    if (a.value !== b.value) return a.value < b.value ? -1 : 1
    const x = hex.encode(a.script)
    const y = hex.encode(b.script)
    return x < y ? -1 : x > y ? 1 : 0
  })
}
