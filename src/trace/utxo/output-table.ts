import { StringTable } from '../../cluster/string-table.ts'

/** What became of a traced output's taint. */
export const OutState = {
  /** Unspent at the end of the data: held where it is (or at the endpoint its address is). */
  live: 0,
  /** Spent, and its taint passed on to the spending transaction's outputs. */
  followed: 1,
  /** At a labelled service (exchange, bridge, mixer): the trace does not expand it. */
  endpoint: 2,
  /** Spent, but not followed because of a limit; its taint stays here as `unfollowed`. */
  hopLimit: 3,
  dust: 4,
  maxAddresses: 5,
} as const

/**
 * Every output of every transaction the trace touched, in flat typed arrays (one slot per output, a transaction's
 * outputs side by side): value and taint as doubles (satoshi amounts are integers below 2^53, so exact), the
 * address as an index into `addresses`, the transaction as an index into `txs`, and the heaviest tainted input's
 * slot (`parent`, -1 for none) from which an endpoint's path is walked back.
 */
export class OutputTable {
  count = 0
  value = new Float64Array(1024)
  taint = new Float64Array(1024)
  addr = new Int32Array(1024)
  tx = new Int32Array(1024)
  vout = new Int32Array(1024)
  parent = new Int32Array(1024)
  hop = new Int32Array(1024)
  state = new Uint8Array(1024)
  /** Per transaction: hash, block, time (-1 when unknown). */
  readonly txHash: string[] = []
  /** Per transaction: the first input's address (who paid), \`coinbase\` for new coins. */
  readonly txPayer: string[] = []
  txBlock = new Float64Array(256)
  txTime = new Float64Array(256)
  private readonly addressIds = new StringTable()
  /** Addresses by id. */
  readonly addresses: string[] = this.addressIds.keys

  /** The id of an address, made on first use. */
  addressId(a: string): number {
    return this.addressIds.intern(a)
  }

  /** The id of a known address, -1 for one never seen. */
  findAddress(a: string): number {
    return this.addressIds.find(a)
  }

  /** Adds a transaction and room for its n outputs; returns the first output's slot. */
  addTx(hash: string, block: number, time: number, n: number): number {
    const t = this.txHash.length
    this.txHash.push(hash)
    if (t >= this.txBlock.length) {
      this.txBlock = grow(this.txBlock, t + 1)
      this.txTime = grow(this.txTime, t + 1)
    }
    this.txBlock[t] = block
    this.txTime[t] = time
    const first = this.count
    const need = first + n
    if (need > this.value.length) this.growSlots(need)
    for (let i = 0; i < n; i++) {
      this.tx[first + i] = t
      this.vout[first + i] = i
      this.parent[first + i] = -1
    }
    this.count = need
    return first
  }

  private growSlots(need: number): void {
    this.value = grow(this.value, need)
    this.taint = grow(this.taint, need)
    this.addr = grow(this.addr, need)
    this.tx = grow(this.tx, need)
    this.vout = grow(this.vout, need)
    this.parent = grow(this.parent, need)
    this.hop = grow(this.hop, need)
    this.state = grow(this.state, need)
  }
}

type Typed = Float64Array | Int32Array | Uint8Array

function grow<T extends Typed>(a: T, need: number): T {
  let n = a.length
  while (n < need) n *= 2
  const b = new (a.constructor as new (n: number) => T)(n)
  b.set(a)
  return b
}
