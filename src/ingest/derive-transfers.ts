import { ZERO_ADDRESS } from '../core/hex.ts'
import { hexToDecimal } from '../core/hex-decimal.ts'
import { DEPOSIT_TOPIC, TRANSFER_TOPIC, WITHDRAWAL_TOPIC } from '../sources/evm-rpc/event-topics.ts'
import type { Row } from '../store/store.ts'

/** One block's rows in ethereum-etl's schema, as ingest decodes them or import reads them back. */
export interface BlockRows {
  number: bigint
  timestamp: bigint | null
  transactions: readonly Row[]
  receipts: readonly Row[]
  logs: readonly Row[]
  tokenTransfers: readonly Row[]
  traces: readonly Row[]
  /** Traces were fetched for this block: native value then comes from them, internal calls included. */
  hasTraces: boolean
  /** Logs were fetched for this block: token movements then come from them, not from token_transfers. */
  hasLogs: boolean
}

/**
 * Derives Dragnet's normalised transfers from one block's ethereum-etl rows. The same function serves
 * RPC ingest and file import, so both paths store the same transfers. Semantics (docs/decisions/0002):
 * failed transactions and reverted calls move nothing; delegatecall, callcode and staticcall move nothing;
 * ERC-20 Transfer logs (three topics, one data word) and wrapped-native Deposit/Withdrawal become token transfers.
 */
export function deriveTransfers(block: BlockRows, wrappedNative: ReadonlySet<string>): Row[] {
  const out: Row[] = []
  const status = new Map<string, bigint | null>()
  const contractCreated = new Map<string, string>()
  for (const r of block.receipts) {
    status.set(r.transaction_hash as string, (r.status as bigint | null) ?? null)
    if (r.contract_address) contractCreated.set(r.transaction_hash as string, r.contract_address as string)
  }
  const hashByIndex = new Map<bigint, string>()
  const indexByHash = new Map<string, bigint>()
  for (const tx of block.transactions) {
    hashByIndex.set(tx.transaction_index as bigint, tx.hash as string)
    indexByHash.set(tx.hash as string, tx.transaction_index as bigint)
  }
  const push: Push = (txHash, txIndex, position, kind, from, to, asset, amount) => {
    out.push({
      block_number: block.number,
      block_time: block.timestamp,
      tx_hash: txHash,
      tx_index: txIndex,
      position,
      kind,
      from_address: from,
      to_address: to,
      asset,
      amount,
    })
  }
  const failed = (txHash: string) => status.get(txHash) === 0n

  if (block.hasTraces) {
    for (const t of block.traces) {
      if (!movesValue(t)) continue
      const txIndex = t.transaction_index as bigint | null
      const txHash = (t.transaction_hash as string | null) ?? (txIndex === null ? undefined : hashByIndex.get(txIndex))
      if (txHash === undefined || txIndex === null || failed(txHash)) continue
      const addr = ((t.trace_address as string | null) ?? '').replaceAll(',', '_')
      const kind = addr === '' ? 'native' : 'internal'
      push(
        txHash,
        txIndex,
        `trace:${addr}`,
        kind,
        t.from_address as string,
        t.to_address as string,
        'native',
        t.value as string,
      )
    }
  } else {
    for (const tx of block.transactions) {
      const value = tx.value as string | null
      if (value === null || value === '0') continue
      const hash = tx.hash as string
      if (failed(hash)) continue
      const to = (tx.to_address as string | null) ?? contractCreated.get(hash)
      if (!to) continue
      push(hash, tx.transaction_index as bigint, 'tx', 'native', tx.from_address as string, to, 'native', value)
    }
  }

  if (block.hasLogs) {
    for (const log of block.logs) deriveFromLog(log, wrappedNative, push, indexByHash)
  } else {
    for (const tt of block.tokenTransfers) {
      const hash = tt.transaction_hash as string
      if (failed(hash)) continue
      const txIndex = indexByHash.get(hash) ?? -1n
      push(
        hash,
        txIndex,
        `log:${tt.log_index}`,
        'erc20',
        tt.from_address as string,
        tt.to_address as string,
        tt.token_address as string,
        tt.value as string,
      )
    }
  }
  return out
}

type Push = (
  txHash: string,
  txIndex: bigint,
  position: string,
  kind: string,
  from: string,
  to: string,
  asset: string,
  amount: string,
) => void

function deriveFromLog(
  log: Row,
  wrappedNative: ReadonlySet<string>,
  push: Push,
  indexByHash: Map<string, bigint>,
): void {
  const topics = ((log.topics as string | null) ?? '').split(',')
  const topic0 = topics[0]
  const data = (log.data as string | null) ?? '0x'
  if (topic0 !== TRANSFER_TOPIC && topic0 !== DEPOSIT_TOPIC && topic0 !== WITHDRAWAL_TOPIC) return
  // A 32-byte data word holds the amount; anything else is another event sharing the signature (ERC-721 has 4 topics).
  if (data.length !== 66) return
  const hash = log.transaction_hash as string
  const txIndex = (log.transaction_index as bigint | null) ?? indexByHash.get(hash) ?? -1n
  const token = log.address as string
  const amount = hexToDecimal(data)
  const position = `log:${log.log_index}`
  if (topic0 === TRANSFER_TOPIC && topics.length === 3) {
    push(hash, txIndex, position, 'erc20', word(topics[1]), word(topics[2]), token, amount)
  } else if (topics.length === 2 && wrappedNative.has(token)) {
    if (topic0 === DEPOSIT_TOPIC) push(hash, txIndex, position, 'wrap', token, word(topics[1]), token, amount)
    if (topic0 === WITHDRAWAL_TOPIC) push(hash, txIndex, position, 'unwrap', word(topics[1]), token, token, amount)
  }
}

function word(topic: string | undefined): string {
  return topic === undefined ? ZERO_ADDRESS : `0x${topic.slice(-40).toLowerCase()}`
}

/** A trace moves native value when it is a successful call, create or selfdestruct with a non-zero value. */
function movesValue(t: Row): boolean {
  const type = t.trace_type as string | null
  if (type !== 'call' && type !== 'create' && type !== 'create2' && type !== 'suicide') return false
  const callType = t.call_type as string | null
  if (type === 'call' && callType !== null && callType !== 'call') return false
  if (t.status === 0n || t.status === 0) return false
  if (t.status === null && t.error) return false
  const value = t.value as string | null
  if (value === null || value === '0' || value === '') return false
  return Boolean(t.from_address) && Boolean(t.to_address)
}
