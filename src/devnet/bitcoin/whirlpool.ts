import { sha256 } from '@noble/hashes/sha2.js'
import { DragnetError } from '../../core/errors.ts'
import { sortInputsBip69, sortOutputsBip69 } from './bip69.ts'
import { concat, utf8 } from './bytes.ts'
import type { BtcDevChain, Payee } from './dev-chain.ts'
import type { DevTx, DevTxOut } from './dev-tx.ts'
import { changeUtxo } from './peel-chain.ts'
import { opReturnOutput, type Utxo } from './tx-sign.ts'

/**
 * Whirlpool's pools (denominations in satoshi) and the coordinator's flat fee for entering each, as Samourai last
 * published them (the 0.05 and 0.5 pools charged 0.0025 and 0.025 BTC before; the 0.01 pool always 0.0005).
 */
export const WHIRLPOOL_POOLS: Record<string, { denomination: bigint; poolFee: bigint }> = {
  '0.001': { denomination: 100_000n, poolFee: 5_000n },
  '0.01': { denomination: 1_000_000n, poolFee: 50_000n },
  '0.05': { denomination: 5_000_000n, poolFee: 175_000n },
  '0.5': { denomination: 50_000_000n, poolFee: 1_750_000n },
}

export const WHIRLPOOL_MIX_SIZE = 5

export interface Tx0Options {
  from: Payee
  denomination: bigint
  /** Premix outputs to make. */
  count: number
  /** Added to each premix output to pay its share of the mix's miner fee. */
  premixFee?: bigint
  /** The coordinator's fee; the pool's published fee by default. */
  poolFee?: bigint
  /** The Tx0's own miner fee. */
  fee: bigint
  /** Premix wallets are `<prefix>/premix/<n>`, the change `<prefix>/tx0-change`. */
  prefix: string
  coordinator?: Payee
}

export interface Tx0 {
  tx: DevTx
  premix: Utxo[]
  change: Utxo | null
  poolFee: bigint
}

// Stands in for Samourai's encrypted fee payload: 46 opaque bytes, deterministic per Tx0.
const tx0Payload = (prefix: string): Uint8Array =>
  concat(sha256(utf8(`tx0:${prefix}`)), sha256(utf8(`tx0-fee:${prefix}`))).subarray(0, 46)

function poolFeeFor(denomination: bigint): bigint {
  const pool = Object.values(WHIRLPOOL_POOLS).find((p) => p.denomination === denomination)
  if (pool === undefined)
    throw new DragnetError('INVALID_ARGUMENT', `${denomination} sat is not a Whirlpool denomination`, {
      details: { denomination: denomination.toString() },
    })
  return pool.poolFee
}

/**
 * A Whirlpool Tx0: one wallet's coins split into premix outputs of denomination + premix fee, the coordinator's
 * fee output, an OP_RETURN (Samourai writes an encrypted fee payload there; the devnet an opaque 46 bytes) and
 * the change, in BIP69 order.
 */
export function whirlpoolTx0(chain: BtcDevChain, o: Tx0Options): Tx0 {
  const premixValue = o.denomination + (o.premixFee ?? 300n)
  const poolFee = o.poolFee ?? poolFeeFor(o.denomination)
  const need = premixValue * BigInt(o.count) + poolFee + o.fee
  const inputs: Utxo[] = []
  let have = 0n
  for (const u of chain.unspent(o.from)) {
    if (have >= need) break
    inputs.push(u)
    have += u.value
  }
  if (have < need)
    throw new DragnetError('INVALID_ARGUMENT', `Tx0 needs ${need} sat, the wallet holds ${have}`, {
      details: { need: need.toString(), have: have.toString() },
    })
  const premixScripts = Array.from({ length: o.count }, (_, i) => chain.wallet(`${o.prefix}/premix/${i + 1}`).script)
  const outs: DevTxOut[] = [
    ...premixScripts.map((script) => ({ value: premixValue, script })),
    { value: poolFee, script: chain.scriptOf(o.coordinator ?? 'whirlpool/coordinator') },
    opReturnOutput(tx0Payload(o.prefix)),
  ]
  if (have > need) outs.push({ value: have - need, script: chain.wallet(`${o.prefix}/tx0-change`).script })
  const tx = chain.spend(inputs, sortOutputsBip69(outs))
  const utxos = tx.outputs.map((_, vout) => changeUtxo(tx, vout))
  const isPremix = (u: Utxo) =>
    premixScripts.some((s) => s.length === u.script.length && s.every((b, i) => b === u.script[i]))
  return {
    tx,
    premix: utxos.filter(isPremix),
    change: utxos.find((u) => chain.ownerOf(u.script)?.name === `${o.prefix}/tx0-change`) ?? null,
    poolFee,
  }
}

/**
 * A Whirlpool mix: exactly five inputs from five owners (new premix entrants pay the miner fee, remixers enter
 * with exactly the denomination) and five outputs of exactly the denomination, in BIP69 order.
 */
export function whirlpoolMix(chain: BtcDevChain, o: { denomination: bigint; inputs: Utxo[]; outputs: Payee[] }): DevTx {
  const owners = new Set(o.inputs.map((u) => chain.ownerOf(u.script)?.name))
  if (o.inputs.length !== WHIRLPOOL_MIX_SIZE || o.outputs.length !== WHIRLPOOL_MIX_SIZE || owners.size !== 5)
    throw new DragnetError('INVALID_ARGUMENT', 'a Whirlpool mix has five inputs from five owners and five outputs', {
      details: { inputs: o.inputs.length, outputs: o.outputs.length, owners: owners.size },
    })
  if (o.inputs.some((u) => u.value < o.denomination))
    throw new DragnetError('INVALID_ARGUMENT', 'every mix input holds at least the denomination')
  const outs = o.outputs.map((p) => ({ value: o.denomination, script: chain.scriptOf(p) }))
  return chain.spend(sortInputsBip69(o.inputs), sortOutputsBip69(outs))
}
