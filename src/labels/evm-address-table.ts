// Hex digit values by UTF-16 code unit, upper and lower case alike; -1 for anything else. A full 64K table
// (64 KB) takes the range check out of the per-character loop.
const STRIDE = 6
const HEX = new Int8Array(0x10000).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i
  HEX[97 + i] = 10 + i
}

/** Reads 8 hex digits from `at` as a 32-bit word; -1 in `bad` marks a non-hex character. */
function word(address: string, at: number, bad: Int32Array): number {
  let v = 0
  let b = 0
  for (let k = at; k < at + 8; k++) {
    const d = HEX[address.charCodeAt(k)] as number
    b |= d
    v = (v << 4) | (d & 15)
  }
  bad[0] = (bad[0] as number) | b
  return v
}

/**
 * An open-addressing hash table from EVM addresses (`0x` and 40 hex digits, any case) to values, keyed by the
 * address's 20 bytes held in typed arrays. A lookup reads the string's characters once, allocates nothing
 * (no lowercased copy, no key string) and compares 32-bit words, so checksum-case input costs the same as
 * lowercase input. The slot is chosen by the last 16 hex digits (the end of a hash, where vanity addresses
 * have no pattern): a miss usually reads only those, and the first 24 are read only to confirm a hit.
 */
export class EvmAddressTable<T> {
  // Slot i is STRIDE words at STRIDE * i: the address's five words, then entry + 1 (0 = empty). The key sits
  // in the slot, so a probe, hit or miss, reads one place in memory before the value.
  private slots = new Int32Array(STRIDE * 32)
  private mask = 31
  private readonly values: T[] = []
  // The words of the address being looked up or added, and the bad-character flag of the last read.
  private readonly probe = new Int32Array(5)
  private readonly bad = new Int32Array(1)

  /** Entries held. */
  get size(): number {
    return this.values.length
  }

  /** Whether the string has the form 0x (or 0X) + 40 characters; the digits are checked as they are read. */
  private static shaped(address: string): boolean {
    return address.length === 42 && address.charCodeAt(0) === 48 && (address.charCodeAt(1) | 32) === 120
  }

  /** Reads the last 16 hex digits into probe words 3 and 4; false if one is not hex. */
  private readTail(address: string): boolean {
    this.bad[0] = 0
    this.probe[3] = word(address, 26, this.bad)
    this.probe[4] = word(address, 34, this.bad)
    return (this.bad[0] as number) >= 0
  }

  /** Reads the first 24 hex digits into probe words 0 to 2; false if one is not hex. */
  private readHead(address: string): boolean {
    this.bad[0] = 0
    this.probe[0] = word(address, 2, this.bad)
    this.probe[1] = word(address, 10, this.bad)
    this.probe[2] = word(address, 18, this.bad)
    return (this.bad[0] as number) >= 0
  }

  private start(): number {
    let h = Math.imul((this.probe[3] as number) ^ 0x5bd1e995, 0x2c1b3c6d) ^ (this.probe[4] as number)
    h = Math.imul(h ^ (h >>> 16), 0x297a2d39)
    return (h ^ (h >>> 15)) & this.mask
  }

  /**
   * The slot holding the address whose tail is in the probe, or the empty slot where it would go. The head is
   * read from `address` at the first slot whose tail matches (with `address` null, it is already in the probe).
   */
  private find(address: string | null): number {
    const p = this.probe
    const slots = this.slots
    let headRead = address === null
    for (let i = this.start(); ; i = (i + 1) & this.mask) {
      const o = STRIDE * i
      if (slots[o + 5] === 0) return i
      if (slots[o + 3] !== p[3] || slots[o + 4] !== p[4]) continue
      if (!headRead) {
        if (!this.readHead(address as string)) return -1
        headRead = true
      }
      if (slots[o] === p[0] && slots[o + 1] === p[1] && slots[o + 2] === p[2]) return i
    }
  }

  /** The value of an address, or undefined (also for a string that is not a 0x address). */
  get(address: string): T | undefined {
    if (!EvmAddressTable.shaped(address) || !this.readTail(address)) return undefined
    const i = this.find(address)
    if (i < 0) return undefined
    const e = (this.slots[STRIDE * i + 5] as number) - 1
    return e >= 0 ? this.values[e] : undefined
  }

  /** Sets an address's value; false (and nothing stored) when the string is not `0x` + 40 hex digits. */
  set(address: string, value: T): boolean {
    if (!EvmAddressTable.shaped(address) || !this.readTail(address) || !this.readHead(address)) return false
    const o = STRIDE * this.find(null)
    const e = (this.slots[o + 5] as number) - 1
    if (e >= 0) {
      this.values[e] = value
      return true
    }
    this.values.push(value)
    this.slots.set(this.probe, o)
    this.slots[o + 5] = this.values.length
    // At most half full: probes stay short and a miss usually ends at its first slot.
    if (2 * this.values.length > this.mask + 1) this.rehash(2 * (this.mask + 1))
    return true
  }

  private rehash(capacity: number): void {
    const old = this.slots
    this.slots = new Int32Array(STRIDE * capacity)
    this.mask = capacity - 1
    for (let o = 0; o < old.length; o += STRIDE) {
      if (old[o + 5] === 0) continue
      this.probe.set(old.subarray(o, o + 5))
      this.slots.set(old.subarray(o, o + STRIDE), STRIDE * this.find(null))
    }
  }
}
