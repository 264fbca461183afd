import { RawTx } from '@scure/btc-signer'
import { compactSize, concat, displayHex, dsha256, internalBytes, u32le } from './bytes.ts'
import { COINBASE_TXID, type DevTx, type DevTxOut, decodeDevTx } from './dev-tx.ts'

/** A mined block on the active chain or a stale branch. */
export interface DevBlock {
  hash: string
  height: number
  version: number
  /** The previous block's hash; all zeros for the genesis block (as in its header). */
  prevHash: string
  merkleRoot: string
  time: number
  bits: number
  nonce: number
  txs: DevTx[]
  header: Uint8Array
  bytes: Uint8Array
  size: number
  strippedSize: number
  weight: number
}

/** Regtest's proof-of-work limit: any hash below 0x7fffff·2^232 (about every second one) will do. */
export const REGTEST_BITS = 0x207fffff
/** Versionbits' top bits, as Core's block template sets them. */
export const BLOCK_VERSION = 0x20000000

export function targetFromBits(bits: number): bigint {
  const exponent = bits >>> 24
  const mantissa = BigInt(bits & 0x007fffff)
  return exponent <= 3 ? mantissa >> BigInt(8 * (3 - exponent)) : mantissa << BigInt(8 * (exponent - 3))
}

/** The merkle root over hashes in display order, as Core computes it (the odd last one paired with itself). */
export function merkleRoot(hashes: string[]): string {
  if (hashes.length === 0) return '0'.repeat(64)
  let level = hashes.map(internalBytes)
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as Uint8Array
      next.push(dsha256(concat(a, level[i + 1] ?? a)))
    }
    level = next
  }
  return displayHex(level[0] as Uint8Array)
}

/** CScript's `<< n` for a block height (BIP34): OP_0, OP_1..OP_16, or a minimal CScriptNum push. */
export function scriptNumPush(n: number, smallAsOpcode: boolean): Uint8Array {
  if (smallAsOpcode && n === 0) return Uint8Array.of(0x00)
  if (smallAsOpcode && n >= 1 && n <= 16) return Uint8Array.of(0x50 + n)
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.push(v % 256)
  if (bytes.length > 0 && (bytes[bytes.length - 1] as number) & 0x80) bytes.push(0)
  return Uint8Array.of(bytes.length, ...bytes)
}

const WITNESS_RESERVED = new Uint8Array(32)

/** Core's coinbase: height and extra nonce in the scriptSig, the payout, and the BIP141 witness commitment. */
export function buildCoinbase(opts: {
  height: number
  extraNonce: number
  payout: DevTxOut[]
  /** wtxids of the block's other transactions, in block order. */
  wtxids: string[]
}): DevTx {
  const scriptSig = concat(scriptNumPush(opts.height, true), scriptNumPush(opts.extraNonce, false))
  const witnessRoot = internalBytes(merkleRoot([COINBASE_TXID, ...opts.wtxids]))
  const commitment = dsha256(concat(witnessRoot, WITNESS_RESERVED))
  const commitmentScript = concat(Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed), commitment)
  const bytes = RawTx.encode({
    version: 2,
    segwitFlag: true,
    inputs: [{ txid: new Uint8Array(32), index: 0xffffffff, finalScriptSig: scriptSig, sequence: 0xffffffff }],
    outputs: [
      ...opts.payout.map((o) => ({ amount: o.value, script: o.script })),
      { amount: 0n, script: commitmentScript },
    ],
    witnesses: [[WITNESS_RESERVED]],
    lockTime: 0,
  })
  return decodeDevTx(bytes, [])
}

export function encodeHeader(h: {
  version: number
  prevHash: string
  merkleRoot: string
  time: number
  bits: number
  nonce: number
}): Uint8Array {
  return concat(
    u32le(h.version),
    internalBytes(h.prevHash),
    internalBytes(h.merkleRoot),
    u32le(h.time),
    u32le(h.bits),
    u32le(h.nonce),
  )
}

/** Hashes a header under its target, trying nonces from 0: real double-SHA256 work, trivial at regtest's bits. */
export function assembleBlock(opts: { height: number; prevHash: string; time: number; txs: DevTx[] }): DevBlock {
  const root = merkleRoot(opts.txs.map((t) => t.txid))
  const target = targetFromBits(REGTEST_BITS)
  const fields = {
    version: BLOCK_VERSION,
    prevHash: opts.prevHash,
    merkleRoot: root,
    time: opts.time,
    bits: REGTEST_BITS,
  }
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    const header = encodeHeader({ ...fields, nonce })
    const hash = displayHex(dsha256(header))
    if (BigInt(`0x${hash}`) > target) continue
    const txBytes = opts.txs.map((t) => t.bytes)
    const bytes = concat(header, compactSize(opts.txs.length), ...txBytes)
    const strippedSize = 80 + compactSize(opts.txs.length).length + opts.txs.reduce((s, t) => s + t.strippedSize, 0)
    return {
      hash,
      height: opts.height,
      ...fields,
      nonce,
      txs: opts.txs,
      header,
      bytes,
      size: bytes.length,
      strippedSize,
      weight: strippedSize * 3 + bytes.length,
    }
  }
  throw new RangeError('no nonce meets the target')
}
