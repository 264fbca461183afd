import type { Row } from '../../store/store.ts'
import {
  addr,
  asArray,
  asObject,
  data,
  dec,
  hash,
  type Json,
  optAddr,
  optDec,
  optHash,
  optQty,
  optString,
  qty,
  type Where,
} from './fields.ts'

export interface DecodedBlock {
  number: bigint
  hash: string
  parentHash: string
  timestamp: bigint
  block: Row
  transactions: Row[]
}

/** Maps an eth_getBlockByNumber(…, true) answer to ethereum-etl's blocks and transactions rows. */
export function decodeBlock(raw: unknown, where: Where): DecodedBlock {
  const b = asObject(raw, where, 'block')
  const number = qty(b, 'number', where)
  const at: Where = { ...where, block: number }
  const blockHash = hash(b, 'hash', at)
  const timestamp = qty(b, 'timestamp', at)
  const txs = asArray(b.transactions, at, 'transactions')
  const withdrawals =
    b.withdrawals === undefined || b.withdrawals === null ? null : decodeWithdrawals(b.withdrawals, at)
  const block: Row = {
    number,
    hash: blockHash,
    parent_hash: hash(b, 'parentHash', at),
    nonce: optString(b, 'nonce'),
    sha3_uncles: optString(b, 'sha3Uncles'),
    logs_bloom: optString(b, 'logsBloom'),
    transactions_root: optString(b, 'transactionsRoot'),
    state_root: optString(b, 'stateRoot'),
    receipts_root: optString(b, 'receiptsRoot'),
    miner: optAddr(b, 'miner', at),
    difficulty: optDec(b, 'difficulty', at),
    total_difficulty: optDec(b, 'totalDifficulty', at),
    size: optQty(b, 'size', at),
    extra_data: optString(b, 'extraData'),
    gas_limit: optQty(b, 'gasLimit', at),
    gas_used: optQty(b, 'gasUsed', at),
    timestamp,
    transaction_count: BigInt(txs.length),
    base_fee_per_gas: optDec(b, 'baseFeePerGas', at),
    withdrawals_root: optHash(b, 'withdrawalsRoot', at),
    withdrawals,
  }
  const transactions = txs.map((raw, i) =>
    decodeTransaction(raw, { ...at, tx: String(i) }, blockHash, number, timestamp),
  )
  return { number, hash: blockHash, parentHash: block.parent_hash as string, timestamp, block, transactions }
}

function decodeTransaction(raw: unknown, where: Where, blockHash: string, blockNumber: bigint, timestamp: bigint): Row {
  if (typeof raw === 'string') {
    // Only hashes: the node was asked without full transactions.
    throw asObject(raw, where, 'transaction')
  }
  const t = asObject(raw, where, 'transaction')
  const at: Where = { ...where, tx: typeof t.hash === 'string' ? t.hash : (where.tx ?? '') }
  return {
    hash: hash(t, 'hash', at),
    nonce: qty(t, 'nonce', at),
    block_hash: blockHash,
    block_number: blockNumber,
    transaction_index: qty(t, 'transactionIndex', at),
    from_address: addr(t, 'from', at),
    to_address: optAddr(t, 'to', at),
    value: dec(t, 'value', at),
    gas: qty(t, 'gas', at),
    gas_price: optDec(t, 'gasPrice', at),
    input: data(t, 'input', at),
    block_timestamp: timestamp,
    max_fee_per_gas: optDec(t, 'maxFeePerGas', at),
    max_priority_fee_per_gas: optDec(t, 'maxPriorityFeePerGas', at),
    transaction_type: optQty(t, 'type', at),
  }
}

/** Withdrawals as ethereum-etl writes them: a compact JSON array with decimal numbers. */
function decodeWithdrawals(raw: unknown, where: Where): string {
  const list = asArray(raw, where, 'withdrawals').map((w) => {
    const o = asObject(w, where, 'withdrawal') as Json
    return `{"index":${qty(o, 'index', where)},"validator_index":${qty(o, 'validatorIndex', where)},"address":"${addr(o, 'address', where)}","amount":${qty(o, 'amount', where)}}`
  })
  return `[${list.join(',')}]`
}
