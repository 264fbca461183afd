import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'
import { NETWORK, p2pkh, p2sh, p2tr, p2wpkh, TEST_NETWORK } from '@scure/btc-signer'
import { pubECDSA, pubSchnorr } from '@scure/btc-signer/utils.js'
import { DragnetError } from '../../core/errors.ts'
import { utf8 } from './bytes.ts'
import type { BtcNetwork } from './script-type.ts'

/** The output kinds a devnet wallet can receive on and spend from. */
export type WalletKind = 'p2wpkh' | 'p2pkh' | 'p2tr' | 'p2sh-p2wpkh'

/** A named key and the one address it uses. */
export interface DevWallet {
  name: string
  kind: WalletKind
  address: string
  /** The output script paying this address. */
  script: Uint8Array
  /** Private key: sha256 of `<seed>:<name>`. */
  key: Uint8Array
  publicKey: Uint8Array
  /** P2SH-P2WPKH's redeem script (the P2WPKH program). */
  redeemScript?: Uint8Array
  /** P2TR's internal (untweaked x-only) key. */
  tapInternalKey?: Uint8Array
}

// scure's networks only differ from Core's regtest in the bech32 prefix; the base58 versions are testnet's.
function scureNetwork(net: BtcNetwork) {
  return net.name === 'main' ? NETWORK : { ...TEST_NETWORK, bech32: net.bech32 }
}

/** Derives a wallet from its name, deterministically: the same seed and name give the same key and address. */
export function deriveWallet(seed: string, name: string, kind: WalletKind, net: BtcNetwork): DevWallet {
  const key = sha256(utf8(`${seed}:${name}`))
  const n = scureNetwork(net)
  const publicKey = pubECDSA(key, true)
  switch (kind) {
    case 'p2wpkh': {
      const p = p2wpkh(publicKey, n)
      return { name, kind, address: p.address as string, script: p.script, key, publicKey }
    }
    case 'p2pkh': {
      const p = p2pkh(publicKey, n)
      return { name, kind, address: p.address as string, script: p.script, key, publicKey }
    }
    case 'p2sh-p2wpkh': {
      const p = p2sh(p2wpkh(publicKey, n), n)
      const w = { name, kind, address: p.address as string, script: p.script, key, publicKey }
      return { ...w, redeemScript: p.redeemScript as Uint8Array }
    }
    case 'p2tr': {
      const internal = pubSchnorr(key)
      const p = p2tr(internal, undefined, n)
      return { name, kind, address: p.address, script: p.script, key, publicKey: internal, tapInternalKey: internal }
    }
    default:
      throw new DragnetError('INVALID_ARGUMENT', `unknown wallet kind ${String(kind)}`, { details: { kind } })
  }
}

/** The script's hex: the key the chain's address book and UTXO set use. */
export const scriptKey = (script: Uint8Array): string => hex.encode(script)
