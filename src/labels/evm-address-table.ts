// Hex digit values by UTF-16 code unit, upper and lower case alike; -1 for anything else. A full 64K table
// (64 KB) takes the range check out of the per-character loop.
const STRIDE = 6
const HEX = new Int8Array(0x10000).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i
  HEX[97 + i] = 10 + i
}

/**
 * An open-addressing hash table from EVM addresses (`0x` and 40 hex digits, any case) to values, keyed by the
 * address's 20 bytes held in typed arrays. A lookup reads the string's characters once, allocates nothing
 * (no lowercased copy, no key string) and compares five 32-bit words, so checksum-case input costs the same as
 * lowercase input.
 */
export class EvmAddressTable<T> {
  // Slot i is STRIDE words at STRIDE * i: the address's five words, then entry + 1 (0 = empty). The key sits
  // in the slot, so a probe, hit or miss, reads one place in memory before the value.
  private slots = new Int32Array(STRIDE * 32)
  private mask = 31
  private readonly values: T[] = []
  // The words of the address being looked up or added.
  private readonly probe = new Int32Array(5)

  /** Entries held. */
  get size(): number {
    return this.values.length
  }

  /** Reads `0x` + 40 hex digits (either case, `0X` too) into the probe words; false for any other string. */
  private parse(address: string): boolean {
    if (address.length !== 42 || address.charCodeAt(0) !== 48 || (address.charCodeAt(1) | 32) !== 120) return false
    let at = 2
    let bad = 0
    for (let w = 0; w < 5; w++) {
      let v = 0
      for (let k = 0; k < 8; k++) {
        const d = HEX[address.charCodeAt(at++)] as number
        bad |= d
        v = (v << 4) | (d & 15)
      }
      this.probe[w] = v
    }
    // A non-hex character's -1 sets the sign bit of `bad`.
    return bad >= 0
  }

  /** The probe's slot: the one holding its address, or the empty one where it would go. */
  private find(): number {
    const p = this.probe
    const p0 = p[0] as number
    let h = p0
    for (let w = 1; w < 5; w++) h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ (p[w] as number)
    h = Math.imul(h ^ (h >>> 16), 0x297a2d39)
    const slots = this.slots
    for (let i = (h ^ (h >>> 15)) & this.mask; ; i = (i + 1) & this.mask) {
      const o = STRIDE * i
      if (slots[o + 5] === 0) return i
      if (slots[o] === p0 && slots[o + 1] === p[1] && slots[o + 2] === p[2] && slots[o + 3] === p[3]) {
        if (slots[o + 4] === p[4]) return i
      }
    }
  }

  /** The value of an address, or undefined (also for a string that is not a 0x address). */
  get(address: string): T | undefined {
    if (!this.parse(address)) return undefined
    const e = (this.slots[STRIDE * this.find() + 5] as number) - 1
    return e >= 0 ? this.values[e] : undefined
  }

  /** Sets an address's value; false (and nothing stored) when the string is not `0x` + 40 hex digits. */
  set(address: string, value: T): boolean {
    if (!this.parse(address)) return false
    const o = STRIDE * this.find()
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
      this.slots.set(old.subarray(o, o + STRIDE), STRIDE * this.find())
    }
  }
}
