import { pbkdf2Sync } from 'node:crypto'
import { type HDAccount, HDKey, hdKeyToAccount } from 'viem/accounts'

/**
 * Derives accounts m/44'/60'/0'/0/i from a BIP-39 mnemonic. The seed is computed once: deriving each
 * account from the mnemonic would redo 2048 rounds of PBKDF2 per account.
 */
export function deriveAccounts(mnemonic: string, indexes: readonly number[]): Map<number, HDAccount> {
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512')
  const root = HDKey.fromMasterSeed(seed)
  return new Map(indexes.map((i) => [i, hdKeyToAccount(root, { addressIndex: i })]))
}
