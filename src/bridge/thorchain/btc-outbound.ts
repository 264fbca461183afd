import type { BtcOutput, BtcTransaction } from '../../core/btc-types.ts'
import type { OutboundOutput } from '../cross-chain-link.ts'
import { type OutboundMemo, parseThorMemo } from './parse-memo.ts'

/** A Bitcoin transaction that pays a THORChain outbound or refund: its memo and the outputs it pays. */
export interface BtcOutbound {
  memo: OutboundMemo
  tx: BtcTransaction
  /** The inputs' addresses: the vault that paid (its change goes back to it). */
  vault: ReadonlySet<string>
}

/**
 * The text an OP_RETURN output carries, or null for any other output. bitcoin-etl writes the script as
 * `OP_RETURN <hex>`; the script's hex is read when the asm is not in that form.
 */
export function opReturnText(output: BtcOutput): string | null {
  const asm = /^OP_RETURN ([0-9a-fA-F]+)$/.exec(output.scriptAsm.trim())
  const hex = asm ? asm[1] : pushedData(output.scriptHex)
  if (hex === undefined || hex === null || hex.length % 2 !== 0) return null
  return Buffer.from(hex, 'hex').toString('latin1')
}

/** The bytes pushed after OP_RETURN (0x6a) by one direct push or OP_PUSHDATA1, as hex; null otherwise. */
function pushedData(scriptHex: string): string | null {
  const s = scriptHex.toLowerCase()
  if (!s.startsWith('6a') || s.length < 4) return null
  const op = Number.parseInt(s.slice(2, 4), 16)
  if (op >= 1 && op <= 0x4b) return s.length === 4 + op * 2 ? s.slice(4) : null
  if (op === 0x4c && s.length >= 6) {
    const n = Number.parseInt(s.slice(4, 6), 16)
    return s.length === 6 + n * 2 ? s.slice(6) : null
  }
  return null
}

/** The transaction's THORChain outbound memo (`OUT:`/`REFUND:` in an OP_RETURN), or null. */
export function recogniseBtcOutbound(tx: BtcTransaction): BtcOutbound | null {
  for (const out of tx.outputs) {
    const text = opReturnText(out)
    if (text === null) continue
    const memo = parseThorMemo(text)
    if (memo.function !== 'out' && memo.function !== 'refund') continue
    return { memo, tx, vault: new Set(tx.inputs.flatMap((i) => i.addresses)) }
  }
  return null
}

/**
 * The outputs an outbound pays its recipient: those to `destination` when the memo named an address that the
 * transaction pays, else every output that is neither the OP_RETURN nor change back to the vault.
 */
export function paidOutputs(o: BtcOutbound, destination: string | null): OutboundOutput[] {
  const spendable = o.tx.outputs.filter((out) => opReturnText(out) === null && out.value > 0n)
  const pays = (out: BtcOutput, a: string) => out.addresses.some((x) => sameBtcAddress(x, a))
  const toDest = destination ? spendable.filter((out) => pays(out, destination)) : []
  const chosen = toDest.length > 0 ? toDest : spendable.filter((out) => !out.addresses.some((a) => o.vault.has(a)))
  return chosen.map((out) => ({
    txid: o.tx.hash,
    vout: out.index,
    address: out.addresses[0] ?? '',
    value: out.value,
  }))
}

/** Bech32 addresses compare case-insensitively; base58 ones exactly. */
function sameBtcAddress(a: string, b: string): boolean {
  return /^(bc1|tb1|bcrt1)/i.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b
}
