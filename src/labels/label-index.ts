import { addressKey, chainFamily } from './chain-address.ts'
import { EvmAddressTable } from './evm-address-table.ts'
import type { LabelStore } from './label-store.ts'
import { CATEGORY_PRIORITY, type Label } from './label-types.ts'

const NONE: readonly Label[] = Object.freeze([])

/**
 * Every listed label in memory, keyed by `family:normalised address`: built once, then a direct lookup is
 * one key computation and one Map.get. Labels of an address are kept most severe category first.
 */
export class LabelIndex {
  private readonly byKey = new Map<string, Label[]>()
  // EVM addresses also sit in a table keyed by their 20 bytes: the hot path then lowercases nothing and builds
  // no key string. The rare EVM-family key that is not 0x + 40 hex digits stays in a map by its lowercase form.
  private readonly evm = new EvmAddressTable<Label[]>()
  private readonly evmOther = new Map<string, Label[]>()
  private lastChain = ''
  private lastIsEvm = false

  /** Builds an index from labels. */
  static fromLabels(labels: Iterable<Label>): LabelIndex {
    const index = new LabelIndex()
    for (const l of labels) index.add(l)
    index.sort()
    return index
  }

  /** Builds an index of a store's listed labels, streaming them in batches. */
  static async fromStore(store: LabelStore): Promise<LabelIndex> {
    const index = new LabelIndex()
    for await (const batch of store.active()) for (const l of batch) index.add(l)
    index.sort()
    return index
  }

  private add(l: Label): void {
    const key = addressKey(l.chain, l.address)
    const list = this.byKey.get(key)
    if (list) list.push(l)
    else {
      const fresh = [l]
      this.byKey.set(key, fresh)
      if (key.startsWith('evm:') && !this.evm.set(key.slice(4), fresh)) this.evmOther.set(key.slice(4), fresh)
    }
  }

  private sort(): void {
    const rank = (l: Label) => CATEGORY_PRIORITY.indexOf(l.category)
    for (const list of this.byKey.values()) if (list.length > 1) list.sort((a, b) => rank(a) - rank(b))
  }

  /** Labelled addresses. */
  get size(): number {
    return this.byKey.size
  }

  /** The labels of an address on a chain (any chain of its family), most severe first; empty when none. */
  lookup(chain: string, address: string): readonly Label[] {
    if (chain !== this.lastChain) {
      this.lastChain = chain
      this.lastIsEvm = chainFamily(chain) === 'evm'
    }
    if (this.lastIsEvm && address.length === 42) {
      const hit = this.evm.get(address)
      if (hit !== undefined || this.evmOther.size === 0) return hit ?? NONE
      return this.evmOther.get(address.toLowerCase()) ?? NONE
    }
    return this.byKey.get(addressKey(chain, address)) ?? NONE
  }

  /** The labels under a key already computed with addressKey. */
  lookupKey(key: string): readonly Label[] {
    return this.byKey.get(key) ?? NONE
  }

  /** Every (key, labels) pair. */
  entries(): IterableIterator<[string, Label[]]> {
    return this.byKey.entries()
  }
}
