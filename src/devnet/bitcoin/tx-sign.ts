import { Address, NETWORK, OutScript, Script, TEST_NETWORK, Transaction } from '@scure/btc-signer'
import { DragnetError } from '../../core/errors.ts'
import { utf8 } from './bytes.ts'
import type { DevTxOut } from './dev-tx.ts'
import type { DevWallet } from './dev-wallet.ts'
import type { BtcNetwork } from './script-type.ts'

/** An unspent output the chain knows, with the height of its block (null while in the mempool). */
export interface Utxo extends DevTxOut {
  txid: string
  vout: number
  height: number | null
  coinbase: boolean
}

export interface SignedInput {
  utxo: Utxo
  wallet: DevWallet
  sequence?: number
}

// Schnorr signing takes auxiliary randomness; a fixed value keeps a rebuilt chain byte-identical (BIP340 allows it).
const AUX_RAND = new Uint8Array(32)
/** Core's wallet default: signals replaceability (BIP125) and allows a locktime. */
export const WALLET_SEQUENCE = 0xfffffffd

/** Builds, signs and finalises a transaction spending `inputs` with each owner's key; returns its serialisation. */
export function signTx(inputs: SignedInput[], outputs: DevTxOut[], opts: { lockTime?: number } = {}): Uint8Array {
  const tx = new Transaction({
    version: 2,
    lockTime: opts.lockTime ?? 0,
    allowLegacyWitnessUtxo: true,
    allowUnknownOutputs: true,
  })
  for (const { utxo, wallet, sequence } of inputs) {
    tx.addInput({
      txid: utxo.txid,
      index: utxo.vout,
      sequence: sequence ?? WALLET_SEQUENCE,
      witnessUtxo: { script: utxo.script, amount: utxo.value },
      ...(wallet.redeemScript ? { redeemScript: wallet.redeemScript } : {}),
      ...(wallet.tapInternalKey ? { tapInternalKey: wallet.tapInternalKey } : {}),
    })
  }
  for (const o of outputs) tx.addOutput({ script: o.script, amount: o.value })
  inputs.forEach(({ wallet }, i) => {
    if (!tx.signIdx(wallet.key, i, undefined, AUX_RAND)) {
      throw new DragnetError('INVALID_ARGUMENT', `input ${i} cannot be signed by ${wallet.name}`, {
        details: { input: i, wallet: wallet.name },
      })
    }
  })
  tx.finalize()
  return tx.extract()
}

/** An OP_RETURN output carrying `data` (a memo such as `OUT:<hash>`). */
export function opReturnOutput(data: string | Uint8Array): DevTxOut {
  const bytes = typeof data === 'string' ? utf8(data) : data
  if (bytes.length > 80) {
    throw new DragnetError('INVALID_ARGUMENT', `OP_RETURN data is ${bytes.length} bytes; Core relays at most 80`, {
      details: { bytes: bytes.length },
    })
  }
  return { value: 0n, script: Script.encode(['RETURN', bytes]) }
}

/** The output script for an address of the chain's network; undefined when `s` is not such an address. */
export function addressScript(s: string, net: BtcNetwork): Uint8Array | undefined {
  const n = net.name === 'main' ? NETWORK : { ...TEST_NETWORK, bech32: net.bech32 }
  try {
    return OutScript.encode(Address(n).decode(s))
  } catch {
    return undefined
  }
}
