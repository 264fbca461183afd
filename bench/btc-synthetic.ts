// A seeded synthetic Bitcoin transaction graph for the UTXO taint and clustering benchmarks, generated in
// batches (so that 10M outputs never sit in memory at once as objects): funding transactions bring new coins,
// ordinary ones spend 1-3 random unspent outputs into 1-3 outputs paying addresses drawn from a fixed pool
// (so addresses are reused, as on the chain), with a fee.
import type { BtcInput, BtcOutput, BtcTransaction } from '../src/core/btc-types.ts'
import { mulberry32 as rng } from '../src/core/mulberry32.ts'

export interface BtcSyntheticParams {
  /** Stop after this many outputs (taint bench) or inputs (cluster bench). */
  target: number
  count: 'outputs' | 'inputs'
  addresses: number
  /** Transactions per batch yielded. */
  batch: number
  seed: number
}

// Hash-like names (as real txids and addresses are): names with long common parts would hash into few buckets.
const mix = (x: number, k: number) => {
  let h = Math.imul(x ^ Math.imul(k, 0x9e3779b9), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
// A flat string, as parsed data gives: concatenations and slices are ropes or views that V8 walks or flattens on
// each first read, which would make the engine look slower than it is on real data.
const flat = (s: string) => Buffer.from(s, 'latin1').toString('latin1')
const hex = (x: number, words: number) => {
  let s = ''
  for (let k = 0; k < words; k++) s += mix(x, k).toString(16).padStart(8, '0')
  return s
}
/** The synthetic address of id i: a bech32-looking name with a hash-like body. */
export const btcAddress = (i: number): string => flat(`bc1q${hex(i + 0x5bd1e995, 5).slice(0, 38)}`)
const txHash = (i: number): string => flat(hex(i, 8))

/** Yields the graph in batches of transactions in (block, index) order; the same params give the same graph. */
export function* btcSyntheticBatches(p: BtcSyntheticParams): Generator<BtcTransaction[]> {
  const r = rng(p.seed)
  // The unspent outputs: transaction number, vout, value, address id; a spent one is swapped with the last.
  let cap = 1 << 20
  let poolTx = new Int32Array(cap)
  let poolVout = new Uint8Array(cap)
  let poolValue = new Float64Array(cap)
  let poolAddr = new Int32Array(cap)
  let pool = 0
  let done = 0
  let n = 0
  while (done < p.target) {
    const batch: BtcTransaction[] = []
    for (let b = 0; b < p.batch && done < p.target; b++, n++) {
      const inputs: BtcInput[] = []
      let value = 0
      const funding = pool < 1000 || r() < 0.04
      const k = funding ? 0 : 1 + (r() < 0.4 ? 1 : 0) + (r() < 0.15 ? 1 : 0)
      for (let j = 0; j < k && pool > 0; j++) {
        const x = Math.floor(r() * pool)
        const v = poolValue[x] as number
        inputs.push(input(j, txHash(poolTx[x] as number), poolVout[x] as number, btcAddress(poolAddr[x] as number), v))
        value += v
        pool--
        poolTx[x] = poolTx[pool] as number
        poolVout[x] = poolVout[pool] as number
        poolValue[x] = poolValue[pool] as number
        poolAddr[x] = poolAddr[pool] as number
      }
      if (funding) value = 1e6 + Math.floor(r() * 5e8)
      const m = value < 3000 ? 1 : 1 + (r() < 0.85 ? 1 : 0) + (r() < 0.1 ? 1 : 0)
      let left = funding ? value : value - Math.min(1000, Math.floor(value / 10))
      const outputs: BtcOutput[] = []
      const hash = txHash(n)
      for (let i = 0; i < m; i++) {
        const v = i === m - 1 ? left : Math.floor(left * (0.1 + 0.8 * r()))
        left -= v
        const a = Math.floor(r() * p.addresses)
        // A fresh string per output, as parsed data gives (not one shared object per address).
        outputs.push(output(i, btcAddress(a), v))
        if (pool === cap) {
          cap *= 2
          poolTx = grow(poolTx, cap)
          poolVout = grow(poolVout, cap)
          poolValue = grow(poolValue, cap)
          poolAddr = grow(poolAddr, cap)
        }
        if (v > 0) {
          poolTx[pool] = n
          poolVout[pool] = i
          poolValue[pool] = v
          poolAddr[pool] = a
          pool++
        }
      }
      batch.push(transaction(n, hash, inputs, outputs, value))
      done += p.count === 'outputs' ? outputs.length : inputs.length
    }
    yield batch
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n)
  b.set(a)
  return b
}

function input(index: number, hash: string, vout: number, address: string, value: number): BtcInput {
  return {
    index,
    spentTransactionHash: hash,
    spentOutputIndex: vout,
    scriptAsm: '',
    scriptHex: '',
    sequence: 0xffffffffn,
    requiredSignatures: 1,
    type: 'witness_v0_keyhash',
    addresses: [address],
    value: BigInt(value),
  }
}

function output(index: number, address: string, value: number): BtcOutput {
  return {
    index,
    scriptAsm: '',
    scriptHex: '',
    requiredSignatures: 1,
    type: 'witness_v0_keyhash',
    addresses: [address],
    value: BigInt(value),
  }
}

function transaction(
  n: number,
  hash: string,
  inputs: BtcInput[],
  outputs: BtcOutput[],
  inputValue: number,
): BtcTransaction {
  const block = BigInt(Math.floor(n / 2000))
  const outputValue = outputs.reduce((s, o) => s + o.value, 0n)
  const coinbase = inputs.length === 0
  return {
    hash,
    size: 250,
    virtualSize: 170,
    version: 2,
    lockTime: 0n,
    blockNumber: block,
    blockHash: '00'.repeat(32),
    blockTimestamp: 1_600_000_000n + block * 600n,
    isCoinbase: coinbase,
    index: n % 2000,
    inputs,
    outputs,
    inputValue: coinbase ? 0n : BigInt(inputValue),
    outputValue,
    fee: coinbase ? 0n : BigInt(inputValue) - outputValue,
  }
}

/** A young-generation collection when the process runs with --expose-gc (bench/run.ts passes it); else nothing. */
export function minorGc(): void {
  const gc = (globalThis as { gc?: (o?: { type: string }) => void }).gc
  gc?.({ type: 'minor' })
}
