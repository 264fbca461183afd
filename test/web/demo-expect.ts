import { mnemonicToAccount } from 'viem/accounts'
import { DEFAULT_PACK_PATH, readPack } from '../../src/labels/label-pack.ts'
import { loadPolicy, maxSeverity, type Severity } from '../../src/screen/policy.ts'

/** The demo world's accounts by their mnemonic index (docs/demo-world.md): the public anvil test mnemonic. */
const MNEMONIC = 'test test test test test test test test test test test junk'
export const account = (index: number): string =>
  mnemonicToAccount(MNEMONIC, { addressIndex: index }).address.toLowerCase()

/** The accounts the tests visit, by their index in the demo world's table. */
export const DEMO = {
  cleanFunder: account(4),
  attacker: account(11),
  split7: account(18),
  hotWallet: account(31),
  depositUsdx: account(33),
  mixed: account(37),
}

/** USDX has 6 decimals, ETH 18 (the manifest's assets). */
export const USDX = (units: bigint) => units * 10n ** 6n
export const ETH = (units: bigint) => units * 10n ** 18n

/**
 * A Lazarus-named Ethereum address of the shipped label pack and the severity the default policy gives it by its
 * own labels (the most severe of their categories' `self` severities): the expectation comes from the registry
 * and the policy, not from the page.
 */
export function lazarusAddress(): { address: string; severity: Severity; sources: string[] } {
  const pack = readPack(DEFAULT_PACK_PATH)
  const hit = pack.labels.find(
    (l) => l.chain === 'ethereum' && /lazarus/i.test(l.name) && /^0x[0-9a-fA-F]{40}$/.test(l.address),
  )
  if (!hit) throw new Error('the label pack names no Lazarus address on ethereum')
  const policy = loadPolicy()
  const all = pack.labels.filter((l) => l.chain === 'ethereum' && l.address.toLowerCase() === hit.address.toLowerCase())
  let severity: Severity = 'none'
  for (const l of all) severity = maxSeverity(severity, policy.self[l.category] ?? 'none')
  return { address: hit.address, severity, sources: [...new Set(all.map((l) => l.source))] }
}

/** The policy's reading of the demo world's attacker label (`hack`, src/demo/heist-labels.ts). */
export const attackerSeverity = (): Severity => loadPolicy().self.hack ?? 'none'
