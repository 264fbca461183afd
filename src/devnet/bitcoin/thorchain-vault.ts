import { DragnetError } from '../../core/errors.ts'
import type { BtcDevChain, Payee } from './dev-chain.ts'
import type { DevTx } from './dev-tx.ts'

/** The devnet's THORChain Asgard vault on Bitcoin. */
export const THORCHAIN_VAULT = 'thorchain/asgard-vault'

/**
 * THORChain's outbound memo: `OUT:<inbound tx id>` (or `REFUND:`), the id in upper-case hex without `0x`, as
 * THORChain writes it (e.g. `OUT:A709EC70E2254ECE1E32CCF857047663E395C7CA259CB9C3099652C552A409D4`).
 */
export function thorchainMemo(kind: 'OUT' | 'REFUND', inboundTxHash: string): string {
  const id = inboundTxHash.replace(/^0x/i, '')
  if (!/^[0-9a-fA-F]{64}$/.test(id))
    throw new DragnetError('INVALID_HASH', `${inboundTxHash} is not a 32-byte transaction hash`, {
      details: { inboundTxHash },
    })
  return `${kind}:${id.toUpperCase()}`
}

/**
 * The vault's payout of a swap (or its refund): the amount to the destination, change back to the vault, and the
 * memo in an OP_RETURN, in the order THORChain's signer writes its outputs.
 */
export function thorchainOutbound(
  chain: BtcDevChain,
  o: { to: Payee; amount: bigint; inboundTxHash: string; fee: bigint; refund?: boolean; vault?: Payee },
): DevTx {
  const memo = thorchainMemo(o.refund ? 'REFUND' : 'OUT', o.inboundTxHash)
  return chain.pay(o.vault ?? THORCHAIN_VAULT, [{ to: o.to, amount: o.amount }], { fee: o.fee, opReturn: memo })
}
