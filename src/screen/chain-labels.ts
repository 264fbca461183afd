import { addressKey, chainFamily, toChecksumAddress, validateAddress } from '../labels/chain-address.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import { CATEGORY_PRIORITY, type Label, labelIdentity } from '../labels/label-types.ts'

const EVM_SHAPE = /^0x[0-9a-fA-F]{40}$/

/**
 * Validates an address for its chain and returns the form the store keeps. A chain Dragnet does not know by
 * name (demo, local) but holds data of is EVM-shaped (the chain tables are ethereum-etl's): a 0x address is
 * then checked as EVM (EIP-55 when mixed case) and lowercased, as transfers store it.
 */
export function normaliseAddress(chain: string, address: string, holdsData: boolean): string {
  const a = address.trim()
  if (chainFamily(chain) === 'other' && holdsData && /^0x/i.test(a)) return validateAddress('ethereum', a)
  return validateAddress(chain, a)
}

/**
 * The labels of an address on a chain, most severe first. Labels of a chain not known by name are keyed
 * as their source wrote the address, so an EVM-shaped one is looked up lowercase, as written and in
 * checksum form.
 */
export function labelsOn(index: LabelIndex, chain: string, address: string): Label[] {
  const first = index.lookup(chain, address)
  if (chainFamily(chain) !== 'other' || !EVM_SHAPE.test(address)) return [...first]
  const seen = new Set<string>()
  const out: Label[] = []
  for (const form of new Set([address, address.toLowerCase(), toChecksumAddress(address)])) {
    for (const l of index.lookup(chain, form)) {
      const id = labelIdentity(l)
      if (seen.has(id)) continue
      seen.add(id)
      out.push(l)
    }
  }
  return out.sort((x, y) => CATEGORY_PRIORITY.indexOf(x.category) - CATEGORY_PRIORITY.indexOf(y.category))
}

/**
 * Every labelled address of a chain with its most severe label, in the form transfers store it (EVM and
 * EVM-shaped addresses lowercase): EVM labels for an EVM chain, the chain's own labels for any other.
 */
export function* labelledOn(index: LabelIndex, chain: string): Iterable<[string, Label]> {
  const prefix = addressKey(chain, '')
  const family = chainFamily(chain)
  for (const [key, labels] of index.entries()) {
    if (!key.startsWith(prefix)) continue
    const first = labels[0]
    if (!first) continue
    const address = key.slice(prefix.length)
    yield [family === 'evm' || EVM_SHAPE.test(address) ? address.toLowerCase() : address, first]
  }
}

/** The chains the index's labels name, sorted. */
export function chainsOfIndex(index: LabelIndex): string[] {
  const chains = new Set<string>()
  for (const [, labels] of index.entries()) for (const l of labels) chains.add(l.chain)
  return [...chains].sort()
}
