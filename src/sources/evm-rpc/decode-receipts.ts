import { hexToDecimal } from '../../core/hex-decimal.ts'
import type { Row } from '../../store/store.ts'
import { TRANSFER_TOPIC } from './event-topics.ts'
import {
  addr,
  asArray,
  asObject,
  data,
  hash,
  invalid,
  isHexOf,
  optAddr,
  optDec,
  optQty,
  optString,
  qty,
  type Where,
} from './fields.ts'

export interface DecodedReceipts {
  receipts: Row[]
  logs: Row[]
  tokenTransfers: Row[]
}

/** Maps receipts (from eth_getBlockReceipts or eth_getTransactionReceipt) to receipts, logs and token_transfers rows. */
export function decodeReceipts(raws: readonly unknown[], where: Where): DecodedReceipts {
  const out: DecodedReceipts = { receipts: [], logs: [], tokenTransfers: [] }
  for (const raw of raws) {
    const r = asObject(raw, where, 'receipt')
    const at: Where = { ...where, tx: typeof r.transactionHash === 'string' ? r.transactionHash : '' }
    const txHash = hash(r, 'transactionHash', at)
    const blockHash = hash(r, 'blockHash', at)
    const blockNumber = qty(r, 'blockNumber', at)
    const txIndex = qty(r, 'transactionIndex', at)
    out.receipts.push({
      transaction_hash: txHash,
      transaction_index: txIndex,
      block_hash: blockHash,
      block_number: blockNumber,
      cumulative_gas_used: optQty(r, 'cumulativeGasUsed', at),
      gas_used: optQty(r, 'gasUsed', at),
      contract_address: optAddr(r, 'contractAddress', at),
      root: optString(r, 'root'),
      status: optQty(r, 'status', at),
      effective_gas_price: optDec(r, 'effectiveGasPrice', at),
      l1_fee: optDec(r, 'l1Fee', at),
      l1_gas_used: optDec(r, 'l1GasUsed', at),
      l1_gas_price: optDec(r, 'l1GasPrice', at),
      l1_fee_scalar: optString(r, 'l1FeeScalar'),
    })
    for (const rawLog of asArray(r.logs ?? [], at, 'logs')) {
      const l = asObject(rawLog, at, 'log')
      const rawTopics = asArray(l.topics ?? [], at, 'topics')
      const topics: string[] = []
      for (const t of rawTopics) {
        if (!isHexOf(t, 64)) throw invalid(at, 'topics', t, 'a 32-byte topic')
        topics.push(t.toLowerCase())
      }
      const log: Row = {
        log_index: qty(l, 'logIndex', at),
        transaction_hash: txHash,
        transaction_index: txIndex,
        block_hash: blockHash,
        block_number: blockNumber,
        address: addr(l, 'address', at),
        data: data(l, 'data', at),
        topics: topics.join(','),
      }
      out.logs.push(log)
      const tt = tokenTransferOf(log, topics)
      if (tt) out.tokenTransfers.push(tt)
    }
  }
  return out
}

/**
 * ethereum-etl's token transfer rule: a Transfer topic whose topics plus data words make exactly four words
 * (ERC-20's three topics and one word, and also ERC-721's four topics, whose "value" is the token id).
 */
function tokenTransferOf(log: Row, topics: string[]): Row | undefined {
  if (topics[0] !== TRANSFER_TOPIC) return undefined
  const d = log.data as string
  if ((d.length - 2) % 64 !== 0 || topics.length + (d.length - 2) / 64 !== 4) return undefined
  // The four words are the topics followed by the data words.
  const word = (i: number): string =>
    i < topics.length
      ? (topics[i] as string)
      : `0x${d.slice(2 + (i - topics.length) * 64, 2 + (i - topics.length + 1) * 64)}`
  const value = word(3)
  if (!isHexOf(value, 64)) return undefined
  return {
    token_address: log.address ?? null,
    from_address: `0x${word(1).slice(-40)}`,
    to_address: `0x${word(2).slice(-40)}`,
    value: hexToDecimal(value),
    transaction_hash: log.transaction_hash ?? null,
    log_index: log.log_index ?? null,
    block_number: log.block_number ?? null,
  }
}
