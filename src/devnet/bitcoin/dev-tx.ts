import { hex } from '@scure/base'
import { RawTx } from '@scure/btc-signer'
import { displayHex, dsha256 } from './bytes.ts'

/** An output: value in satoshi and its script. */
export interface DevTxOut {
  value: bigint
  script: Uint8Array
}

export interface DevTxIn {
  /** The spent transaction (display order); all zeros for a coinbase. */
  txid: string
  vout: number
  scriptSig: Uint8Array
  sequence: number
  witness: Uint8Array[]
}

/** A transaction as it sits in a block, with the sizes Core reports and the outputs it spends. */
export interface DevTx {
  txid: string
  wtxid: string
  version: number
  lockTime: number
  inputs: DevTxIn[]
  outputs: DevTxOut[]
  /** Serialised with witness (what `hex` shows). */
  bytes: Uint8Array
  size: number
  strippedSize: number
  weight: number
  vsize: number
  isCoinbase: boolean
  /** Inputs' value minus outputs' value; 0 for a coinbase. */
  fee: bigint
  /** The outputs the inputs spend, in input order; empty for a coinbase. */
  prevouts: DevTxOut[]
}

export const COINBASE_TXID = '0'.repeat(64)

/** Reads a serialised transaction and works out its ids and sizes the way Core does. */
export function decodeDevTx(bytes: Uint8Array, prevouts: DevTxOut[]): DevTx {
  const raw = RawTx.decode(bytes)
  const stripped = RawTx.encode({ ...raw, segwitFlag: false, witnesses: undefined })
  const hasWitness = raw.segwitFlag === true && (raw.witnesses ?? []).some((w) => w.length > 0)
  const txid = displayHex(dsha256(stripped))
  const isCoinbase = raw.inputs.length === 1 && hex.encode(raw.inputs[0]?.txid ?? new Uint8Array()) === COINBASE_TXID
  const inputs = raw.inputs.map((i, n) => ({
    txid: hex.encode(i.txid),
    vout: i.index,
    scriptSig: i.finalScriptSig,
    sequence: i.sequence,
    witness: raw.witnesses?.[n] ?? [],
  }))
  const outputs = raw.outputs.map((o) => ({ value: o.amount, script: o.script }))
  const weight = stripped.length * 3 + bytes.length
  const inValue = prevouts.reduce((s, p) => s + p.value, 0n)
  const outValue = outputs.reduce((s, o) => s + o.value, 0n)
  return {
    txid,
    wtxid: hasWitness ? displayHex(dsha256(bytes)) : txid,
    version: raw.version,
    lockTime: raw.lockTime,
    inputs,
    outputs,
    bytes,
    size: bytes.length,
    strippedSize: stripped.length,
    weight,
    vsize: Math.ceil(weight / 4),
    isCoinbase,
    fee: isCoinbase ? 0n : inValue - outValue,
    prevouts: isCoinbase ? [] : prevouts,
  }
}
