import { hex } from '@scure/base'
import { hash160 } from '@scure/btc-signer/utils.js'
import type { DevTx, DevTxOut } from './dev-tx.ts'
import { btcAmount, type JsonValue } from './json-text.ts'
import { scriptAsm } from './script-ops.ts'
import { type BtcNetwork, describeScript, pubkeyHashAddress } from './script-type.ts'

/**
 * Which Bitcoin Core's answers to imitate: `modern` is Core 25–28 (scriptPubKey with `desc` and `address`, header
 * fields before `tx`, `fee` in getblock verbosity 2); `legacy` is the Core 0.17/0.18 of the recorded bitcoin-etl
 * answers (`reqSigs` and `addresses`, no tx `weight`, `tx` between `merkleroot` and `time`).
 */
export type CoreDialect = 'modern' | 'legacy'

export interface JsonContext {
  net: BtcNetwork
  dialect: CoreDialect
}

/** Core's scriptPubKey object (ScriptToUniv, or ScriptPubKeyToUniv in legacy Core). */
export function scriptPubKeyJson(script: Uint8Array, ctx: JsonContext): { [key: string]: JsonValue } {
  const info = describeScript(script, ctx.net)
  const asm = scriptAsm(script)
  if (ctx.dialect === 'modern') {
    const o: { [key: string]: JsonValue } = { asm, desc: info.desc, hex: hex.encode(script) }
    if (info.address !== null) o.address = info.address
    o.type = info.type
    return o
  }
  let addresses = info.address === null ? [] : [info.address]
  if (info.type === 'pubkey') addresses = [pubkeyHashAddress(hash160(script.subarray(1, -1)), ctx.net)]
  if (addresses.length === 0 || info.reqSigs === null) return { asm, hex: hex.encode(script), type: info.type }
  return { asm, hex: hex.encode(script), reqSigs: info.reqSigs, type: info.type, addresses }
}

function prevoutJson(p: DevTxOut & { height: number; generated: boolean }, ctx: JsonContext): JsonValue {
  return {
    generated: p.generated,
    height: p.height,
    value: btcAmount(p.value),
    scriptPubKey: scriptPubKeyJson(p.script, ctx),
  }
}

export interface TxJsonOptions {
  /** Core adds `fee` where it has the block's undo data (getblock verbosity 2 in modern Core). */
  fee?: boolean
  /** The spent outputs' details (getblock verbosity 3, getrawtransaction verbosity 2). */
  prevouts?: (DevTxOut & { height: number; generated: boolean })[]
}

/** Core's TxToUniv with the hex, for one transaction. */
export function txJson(tx: DevTx, ctx: JsonContext, opts: TxJsonOptions = {}): { [key: string]: JsonValue } {
  const vin = tx.inputs.map((i, n) => {
    const o: { [key: string]: JsonValue } = {}
    if (tx.isCoinbase) o.coinbase = hex.encode(i.scriptSig)
    else {
      o.txid = i.txid
      o.vout = i.vout
      o.scriptSig = { asm: scriptAsm(i.scriptSig, true), hex: hex.encode(i.scriptSig) }
    }
    if (i.witness.length > 0) o.txinwitness = i.witness.map((w) => hex.encode(w))
    const prevout = opts.prevouts?.[n]
    if (prevout !== undefined && !tx.isCoinbase) o.prevout = prevoutJson(prevout, ctx)
    o.sequence = i.sequence
    return o
  })
  const vout = tx.outputs.map((o, n) => ({
    value: btcAmount(o.value),
    n,
    scriptPubKey: scriptPubKeyJson(o.script, ctx),
  }))
  const j: { [key: string]: JsonValue } = {
    txid: tx.txid,
    hash: tx.wtxid,
    version: tx.version,
    size: tx.size,
    vsize: tx.vsize,
  }
  if (ctx.dialect === 'modern') j.weight = tx.weight
  j.locktime = tx.lockTime
  j.vin = vin
  j.vout = vout
  if (opts.fee && !tx.isCoinbase && ctx.dialect === 'modern') j.fee = btcAmount(tx.fee)
  j.hex = hex.encode(tx.bytes)
  return j
}
