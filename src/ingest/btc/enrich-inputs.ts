import type { BtcOutput, BtcTransaction, Outpoint } from '../../core/btc-types.ts'
import { outpointKey } from '../../core/btc-types.ts'
import type { BtcFetcher } from '../../sources/bitcoin-rpc/btc-fetcher.ts'
import type { BtcStore } from '../../store/btc-store.ts'

/** Where the spent outputs of a batch's inputs were found, and how many stay unknown. */
export interface EnrichCounts {
  fromBatch: number
  fromStore: number
  fromRpc: number
  unknown: number
}

export function emptyEnrichCounts(): EnrichCounts {
  return { fromBatch: 0, fromStore: 0, fromRpc: 0, unknown: 0 }
}

/**
 * Fills each input's value, type, addresses and required signatures from the output it spends, as
 * bitcoin-etl's enrichment does: from the same batch first, then from the store, then (when `rpc` is given)
 * from `getrawtransaction <txid> true`. An input whose output is found nowhere stays null, and so do its
 * transaction's input value and fee: a sum with a missing part is no total.
 */
export async function enrichInputs(
  store: BtcStore,
  chain: string,
  txs: readonly BtcTransaction[],
  rpc: BtcFetcher | null,
  counts: EnrichCounts,
): Promise<void> {
  const found = new Map<string, BtcOutput>()
  for (const t of txs) for (const o of t.outputs) found.set(`${t.hash}:${o.index}`, o)
  const missing: Outpoint[] = []
  for (const t of txs) {
    for (const i of t.inputs) {
      const key = `${i.spentTransactionHash}:${i.spentOutputIndex}`
      if (found.has(key)) counts.fromBatch++
      else if (i.value === null) missing.push({ txid: i.spentTransactionHash, vout: i.spentOutputIndex })
    }
  }
  if (missing.length > 0) {
    const stored = await store.btcOutputs(chain, missing)
    for (const [k, o] of stored) found.set(k, o)
    counts.fromStore += missing.filter((m) => stored.has(outpointKey(m))).length
    const still = missing.filter((m) => !stored.has(outpointKey(m)))
    if (still.length > 0 && rpc) counts.fromRpc += await fromRpc(rpc, still, found)
  }
  for (const t of txs) fill(t, found, counts)
}

async function fromRpc(rpc: BtcFetcher, outpoints: readonly Outpoint[], found: Map<string, BtcOutput>) {
  const txids = [...new Set(outpoints.map((o) => o.txid))]
  const byTx = await rpc.transactionOutputs(txids)
  for (const [txid, outputs] of byTx) for (const o of outputs ?? []) found.set(`${txid}:${o.index}`, o)
  return outpoints.filter((o) => found.has(outpointKey(o))).length
}

function fill(t: BtcTransaction, found: ReadonlyMap<string, BtcOutput>, counts: EnrichCounts): void {
  if (t.isCoinbase) return
  let sum = 0n
  let known = true
  for (const i of t.inputs) {
    if (i.value === null) {
      const o = found.get(`${i.spentTransactionHash}:${i.spentOutputIndex}`)
      if (o) {
        i.value = o.value
        i.type = o.type
        i.addresses = [...o.addresses]
        i.requiredSignatures = o.requiredSignatures
      }
    }
    if (i.value === null) {
      known = false
      counts.unknown++
    } else sum += i.value
  }
  t.inputValue = known ? sum : null
  t.fee = known ? sum - t.outputValue : null
}
