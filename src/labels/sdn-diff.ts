import { readSdn, type SdnAddress } from './ofac-sdn.ts'

export interface SdnDiff {
  old: { issued: string | null; entries: number }
  new: { issued: string | null; entries: number }
  /** Entries (address and asset) in the newer list only. */
  added: SdnAddress[]
  /** Entries in the older list only: delisted. */
  removed: SdnAddress[]
}

const key = (a: SdnAddress) => `${a.asset}|${a.address}`

/** What a newer SDN list adds and delists among digital currency addresses (by address and asset). */
export async function diffSdnFiles(oldPath: string, newPath: string): Promise<SdnDiff> {
  const [a, b] = await Promise.all([readSdn(oldPath), readSdn(newPath)])
  const before = new Set(a.addresses.map(key))
  const after = new Set(b.addresses.map(key))
  return {
    old: { issued: a.issued, entries: a.addresses.length },
    new: { issued: b.issued, entries: b.addresses.length },
    added: b.addresses.filter((x) => !before.has(key(x))),
    removed: a.addresses.filter((x) => !after.has(key(x))),
  }
}
