import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { hex } from '@scure/base'
import { RawTx } from '@scure/btc-signer'
import { displayHex, dsha256 } from './bytes.ts'
import { recordedAnswers } from './recorded-core.ts'
import { type BtcRpcServer, startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'
import type { CoreDialect } from './tx-json.ts'

type Obj = Record<string, unknown>
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
const types = (o: Obj, drop: string[] = []) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([k]) => !drop.includes(k))
      .map(([k, v]) => [k, jsonType(v)]),
  )
const sorted = (o: Obj) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))

const recorded = recordedAnswers('rpc_response_getblock_', '_2.json').map((r) => ({
  file: r.file,
  block: r.value as Obj,
}))
// block_0 and block_1 keep Core's key order; the others were re-sorted when recorded, so only their key sets count.
const ordered = recorded.filter((r) => r.file.startsWith('block_1/'))[0]!.block
const withSpend = recorded.find((r) => (r.block.tx as Obj[]).length > 1)!.block

/** The recorded objects of each kind: a block, a coinbase tx and its input, a spend and its input, a P2PKH output. */
function parts(block: Obj, spend: Obj) {
  const cb = (block.tx as Obj[])[0]!
  const p2pkhOut = (spend.vout as Obj[]).find((o) => (o.scriptPubKey as Obj).type === 'pubkeyhash')!
  return {
    block,
    coinbase: cb,
    coinbaseIn: (cb.vin as Obj[])[0]!,
    spend,
    spendIn: (spend.vin as Obj[])[0]!,
    scriptSig: (spend.vin as Obj[])[0]!.scriptSig as Obj,
    out: p2pkhOut,
    scriptPubKey: p2pkhOut.scriptPubKey as Obj,
  }
}

async function served(node: BtcRpcServer, hash: string): Promise<Obj> {
  const res = await fetch(node.url, {
    method: 'POST',
    body: JSON.stringify({ id: 1, method: 'getblock', params: [hash, 2] }),
  })
  return JSON.parse(await res.text()).result as Obj
}

describe('getblock verbosity 2 has the shape of the recorded Core answers', () => {
  const chain = buildSampleChain()
  const nodes: Partial<Record<CoreDialect, BtcRpcServer>> = {}
  before(async () => {
    nodes.legacy = await startBtcRpcServer(chain, { dialect: 'legacy' })
    nodes.modern = await startBtcRpcServer(chain, { dialect: 'modern' })
  })
  after(async () => {
    await nodes.legacy?.close()
    await nodes.modern?.close()
  })
  const ourParts = (b: Obj) =>
    parts(b, (b.tx as Obj[]).find((t) => ((t.vin as Obj[])[0]!.scriptSig as Obj | undefined)?.hex)!)
  const want = parts(withSpend, (withSpend.tx as Obj[])[1]!)

  it('legacy: the same keys, in the same order, with the same JSON types at every level', async () => {
    const ours = ourParts(await served(nodes.legacy!, chain.blocks[102]!.hash))
    assert.deepEqual(Object.keys(ours.block), Object.keys(ordered))
    for (const r of recorded)
      assert.deepEqual(
        sorted(types(ours.block, ['previousblockhash', 'nextblockhash'])),
        sorted(types(r.block, ['previousblockhash', 'nextblockhash'])),
        r.file,
      )
    assert.deepEqual(Object.keys(ours.coinbase), Object.keys((ordered.tx as Obj[])[0]!))
    for (const k of ['coinbase', 'spend', 'scriptSig', 'out', 'scriptPubKey'] as const) {
      assert.deepEqual(types(ours[k]), types(want[k]), k)
      assert.deepEqual(Object.keys(ours[k]).sort(), Object.keys(want[k]).sort(), k)
    }
    // Segregated witness came after the recorded blocks: Core prints the witness stack between scriptSig and sequence.
    for (const k of ['coinbaseIn', 'spendIn'] as const)
      assert.deepEqual(types(ours[k], ['txinwitness']), types(want[k]), k)
    assert.deepEqual(Object.keys(ours.coinbaseIn), ['coinbase', 'txinwitness', 'sequence'])
  })

  it('modern: the recorded keys with Core 28 changes only (desc/address, tx weight and fee), header first', async () => {
    const ours = ourParts(await served(nodes.modern!, chain.blocks[102]!.hash))
    assert.deepEqual(Object.keys(ours.block), [
      'hash',
      'confirmations',
      'height',
      'version',
      'versionHex',
      'merkleroot',
      'time',
      'mediantime',
      'nonce',
      'bits',
      'difficulty',
      'chainwork',
      'nTx',
      'previousblockhash',
      'nextblockhash',
      'strippedsize',
      'size',
      'weight',
      'tx',
    ])
    assert.deepEqual(sorted(types(ours.block)), sorted(types(ordered)))
    assert.deepEqual(Object.keys(ours.coinbase), [
      'txid',
      'hash',
      'version',
      'size',
      'vsize',
      'weight',
      'locktime',
      'vin',
      'vout',
      'hex',
    ])
    assert.deepEqual(Object.keys(ours.spend), [
      'txid',
      'hash',
      'version',
      'size',
      'vsize',
      'weight',
      'locktime',
      'vin',
      'vout',
      'fee',
      'hex',
    ])
    assert.deepEqual(types(ours.spend, ['weight', 'fee']), types(want.spend))
    assert.deepEqual(Object.keys(ours.scriptPubKey), ['asm', 'desc', 'hex', 'address', 'type'])
    assert.deepEqual(types(ours.scriptPubKey, ['desc', 'address']), types(want.scriptPubKey, ['reqSigs', 'addresses']))
  })

  it('the served hex decodes to the served ids, and the ids to the merkle root', async () => {
    for (const b of chain.blocks.slice(100)) {
      const j = await served(nodes.modern!, b.hash)
      const ids = (j.tx as Obj[]).map((t) => {
        const raw = RawTx.decode(hex.decode(t.hex as string))
        assert.equal(displayHex(dsha256(hex.decode(t.hex as string))), t.hash)
        const id = displayHex(dsha256(RawTx.encode({ ...raw, segwitFlag: false, witnesses: undefined })))
        assert.equal(id, t.txid)
        return hex.decode(id).reverse()
      })
      let level = ids
      while (level.length > 1) {
        const next: Uint8Array[] = []
        for (let i = 0; i < level.length; i += 2)
          next.push(dsha256(new Uint8Array([...level[i]!, ...(level[i + 1] ?? level[i]!)])))
        level = next
      }
      assert.equal(displayHex(level[0]!), j.merkleroot)
    }
  })
})
