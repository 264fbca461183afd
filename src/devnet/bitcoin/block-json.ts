import type { DevBlock } from './block-build.ts'
import type { BtcDevChain } from './dev-chain.ts'
import type { JsonValue } from './json-text.ts'
import { type JsonContext, type TxJsonOptions, txJson } from './tx-json.ts'

/** Core's GetDifficulty: the genesis target 0x1d00ffff over this one, computed in doubles as Core does. */
export function difficulty(bits: number): number {
  let shift = (bits >>> 24) & 0xff
  let diff = 0x0000ffff / (bits & 0x00ffffff)
  for (; shift < 29; shift++) diff *= 256.0
  for (; shift > 29; shift--) diff /= 256.0
  return diff
}

/** The block and its ancestors, newest first, following previous hashes (stale branches included). */
function ancestors(chain: BtcDevChain, block: DevBlock, count: number): DevBlock[] {
  const out: DevBlock[] = []
  for (let b: DevBlock | undefined = block; b !== undefined && out.length < count; ) {
    out.push(b)
    b = b.height === 0 ? undefined : chain.allBlocks.get(b.prevHash)
  }
  return out
}

/** Core's GetMedianTimePast: the median of this block's and its ten predecessors' times. */
export function medianTime(chain: BtcDevChain, block: DevBlock): number {
  const times = ancestors(chain, block, 11)
    .map((b) => b.time)
    .sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] as number
}

// Every regtest block (bits 207fffff) adds 2 to the chain's work: 2^256 / (target + 1) rounds down to 2.
const chainwork = (block: DevBlock): string => (BigInt(block.height + 1) * 2n).toString(16).padStart(64, '0')

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/** getblockheader's verbose object (also the head of a modern getblock answer). */
export function headerJson(chain: BtcDevChain, block: DevBlock): { [key: string]: JsonValue } {
  const active = chain.isActive(block)
  const o: { [key: string]: JsonValue } = {
    hash: block.hash,
    confirmations: active ? chain.height - block.height + 1 : -1,
    height: block.height,
    version: block.version,
    versionHex: hex8(block.version),
    merkleroot: block.merkleRoot,
    time: block.time,
    mediantime: medianTime(chain, block),
    nonce: block.nonce,
    bits: hex8(block.bits),
    difficulty: difficulty(block.bits),
    chainwork: chainwork(block),
    nTx: block.txs.length,
  }
  if (block.height > 0) o.previousblockhash = block.prevHash
  const next = active ? chain.blocks[block.height + 1] : undefined
  if (next !== undefined) o.nextblockhash = next.hash
  return o
}

/** getblock's verbosity 1–3 answer in the chosen dialect's field order. */
export function blockJson(chain: BtcDevChain, block: DevBlock, verbosity: 1 | 2 | 3, ctx: JsonContext): JsonValue {
  const opts = (i: number): TxJsonOptions => {
    if (verbosity < 3) return { fee: true }
    return { fee: true, prevouts: prevoutsOf(chain, block, i) }
  }
  const tx: JsonValue = block.txs.map((t, i) => (verbosity === 1 ? t.txid : txJson(t, ctx, opts(i))))
  const head = headerJson(chain, block)
  const sizes = { strippedsize: block.strippedSize, size: block.size, weight: block.weight }
  if (ctx.dialect === 'modern') return { ...head, ...sizes, tx }
  const { hash, confirmations, height, version, versionHex, merkleroot, ...rest } = head
  return { hash, confirmations, ...sizes, height, version, versionHex, merkleroot, tx, ...rest } as JsonValue
}

/** The outputs a block's transaction spends, with the height and coinbase flag of the transactions creating them. */
export function prevoutsOf(chain: BtcDevChain, block: DevBlock, index: number) {
  const tx = block.txs[index]
  if (tx === undefined || tx.isCoinbase) return []
  return tx.inputs.map((input, n) => {
    const found = chain.findTx(input.txid)
    const p = tx.prevouts[n]
    return {
      value: p?.value ?? 0n,
      script: p?.script ?? new Uint8Array(),
      height: found?.block?.height ?? block.height,
      generated: found?.tx.isCoinbase ?? false,
    }
  })
}
