import { outpointKey } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import type { DevBlock } from './block-build.ts'
import type { DevTx, DevTxOut } from './dev-tx.ts'
import type { Utxo } from './tx-sign.ts'

/**
 * The unspent outputs of the active chain plus the mempool's overlay: what a node checks before it accepts a
 * transaction (inputs exist, are not spent twice, coinbase outputs have matured, values cover the outputs).
 */
export class UtxoSet {
  readonly confirmed = new Map<string, Utxo>()
  readonly pending = new Map<string, Utxo>()
  readonly pendingSpent = new Set<string>()

  constructor(readonly coinbaseMaturity: number) {}

  /** Spends and creates the outputs of a mined block's transactions. */
  connect(block: DevBlock): void {
    for (const tx of block.txs) {
      if (!tx.isCoinbase) for (const i of tx.inputs) this.confirmed.delete(outpointKey(i))
      tx.outputs.forEach((o, vout) => {
        if (isSpendable(o)) this.confirmed.set(outpointKey({ txid: tx.txid, vout }), utxoOf(tx, vout, block.height))
      })
    }
  }

  clearPending(): void {
    this.pending.clear()
    this.pendingSpent.clear()
  }

  /** Looks up what each input spends, refusing missing, double-spent or immature outputs. */
  resolveInputs(tx: Pick<DevTx, 'inputs' | 'txid'>, nextHeight: number): Utxo[] {
    const seen = new Set<string>()
    return tx.inputs.map((i) => {
      const key = outpointKey(i)
      const u = this.confirmed.get(key) ?? this.pending.get(key)
      const details = { txid: tx.txid, outpoint: key }
      if (u === undefined) throw new DragnetError('CHAIN_INCONSISTENT', `${key} is not an unspent output`, { details })
      if (this.pendingSpent.has(key) || seen.has(key))
        throw new DragnetError('CHAIN_INCONSISTENT', `${key} is already spent in the mempool`, { details })
      if (u.coinbase && (u.height === null || nextHeight - u.height < this.coinbaseMaturity))
        throw new DragnetError('CHAIN_INCONSISTENT', `${key} is a coinbase output that has not matured`, { details })
      seen.add(key)
      return u
    })
  }

  /** Adds a checked mempool transaction to the overlay. */
  acceptPending(tx: DevTx): void {
    for (const i of tx.inputs) this.pendingSpent.add(outpointKey(i))
    tx.outputs.forEach((o, vout) => {
      if (isSpendable(o)) this.pending.set(outpointKey({ txid: tx.txid, vout }), utxoOf(tx, vout, null))
    })
  }

  /** Spendable outputs (confirmed, then mempool), in the order they were created. */
  spendable(filter: (u: Utxo) => boolean, nextHeight: number): Utxo[] {
    const out: Utxo[] = []
    for (const [key, u] of [...this.confirmed, ...this.pending]) {
      if (this.pendingSpent.has(key) || !filter(u)) continue
      if (u.coinbase && (u.height === null || nextHeight - u.height < this.coinbaseMaturity)) continue
      out.push(u)
    }
    return out
  }
}

// OP_RETURN outputs are provably unspendable: Core never adds them to its UTXO set.
const isSpendable = (o: DevTxOut): boolean => !(o.script.length > 0 && o.script[0] === 0x6a)

function utxoOf(tx: DevTx, vout: number, height: number | null): Utxo {
  const o = tx.outputs[vout] as DevTxOut
  return { txid: tx.txid, vout, value: o.value, script: o.script, height, coinbase: tx.isCoinbase }
}
