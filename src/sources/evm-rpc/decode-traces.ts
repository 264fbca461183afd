import type { Row } from '../../store/store.ts'
import { asArray, asObject, type Json, optAddr, optData, optDec, optHash, optQty, type Where } from './fields.ts'

/** Maps trace_block (Parity/OpenEthereum/Erigon/anvil) answers to ethereum-etl traces rows. */
export function decodeParityTraces(raw: unknown, where: Where): Row[] {
  const rows: Row[] = []
  for (const item of asArray(raw, where, 'traces')) {
    const t = asObject(item, where, 'trace')
    const action = (t.action ?? {}) as Json
    const result = (t.result ?? {}) as Json
    const type = typeof t.type === 'string' ? t.type : null
    const traceAddress = asArray(t.traceAddress ?? [], where, 'traceAddress')
    // Parity-style nodes give blockNumber as a JSON number, some as hex.
    const bn = typeof t.blockNumber === 'number' ? BigInt(t.blockNumber) : optQty(t, 'blockNumber', where)
    const row: Row = emptyTrace(bn ?? (typeof where.block === 'bigint' ? where.block : null))
    row.transaction_hash = optHash(t, 'transactionHash', where)
    row.transaction_index = typeof t.transactionPosition === 'number' ? BigInt(t.transactionPosition) : null
    row.subtraces = typeof t.subtraces === 'number' ? BigInt(t.subtraces) : null
    row.trace_address = traceAddress.join(',')
    row.error = typeof t.error === 'string' && t.error ? t.error : null
    row.trace_type = type
    if (type === 'call' || type === 'create') {
      row.from_address = optAddr(action, 'from', where)
      row.value = optDec(action, 'value', where)
      row.gas = optQty(action, 'gas', where)
      row.gas_used = optQty(result, 'gasUsed', where)
    }
    if (type === 'call') {
      row.call_type = typeof action.callType === 'string' ? action.callType : null
      row.to_address = optAddr(action, 'to', where)
      row.input = optData(action, 'input', where)
      row.output = optData(result, 'output', where)
    } else if (type === 'create') {
      row.to_address = optAddr(result, 'address', where)
      row.input = optData(action, 'init', where)
      row.output = optData(result, 'code', where)
    } else if (type === 'suicide') {
      row.from_address = optAddr(action, 'address', where)
      row.to_address = optAddr(action, 'refundAddress', where)
      row.value = optDec(action, 'balance', where)
    } else if (type === 'reward') {
      row.to_address = optAddr(action, 'author', where)
      row.value = optDec(action, 'value', where)
      row.reward_type = typeof action.rewardType === 'string' ? action.rewardType : null
    }
    rows.push(row)
  }
  completeTraces(rows)
  return rows
}

/**
 * Maps debug_traceBlockByNumber with the callTracer to traces rows the way ethereum-etl flattens call trees;
 * `txHashes` (the block's transactions in order) fills transaction_hash, which the tracer does not always give.
 */
export function decodeGethTraces(
  raw: unknown,
  blockNumber: bigint,
  txHashes: readonly (string | null)[],
  where: Where,
): Row[] {
  const rows: Row[] = []
  asArray(raw, where, 'traces').forEach((item, txIndex) => {
    const entry = asObject(item, where, 'trace')
    const root = asObject(entry.result ?? entry, where, 'trace.result')
    const txHash = optHash(entry, 'txHash', where) ?? txHashes[txIndex] ?? null
    flatten(root, [], BigInt(txIndex), txHash, blockNumber, rows, where)
  })
  completeTraces(rows)
  return rows
}

function flatten(
  call: Json,
  address: number[],
  txIndex: bigint,
  txHash: string | null,
  block: bigint,
  out: Row[],
  where: Where,
): void {
  const row = emptyTrace(block)
  row.transaction_hash = txHash
  row.transaction_index = txIndex
  row.from_address = optAddr(call, 'from', where)
  row.to_address = optAddr(call, 'to', where)
  row.input = optData(call, 'input', where)
  row.output = optData(call, 'output', where)
  row.value = optDec(call, 'value', where)
  row.gas = optQty(call, 'gas', where)
  row.gas_used = optQty(call, 'gasUsed', where)
  row.error = typeof call.error === 'string' && call.error ? call.error : null
  let type = typeof call.type === 'string' ? call.type.toLowerCase() : null
  if (type === 'selfdestruct') type = 'suicide'
  else if (type === 'call' || type === 'callcode' || type === 'delegatecall' || type === 'staticcall') {
    row.call_type = type
    type = 'call'
  }
  row.trace_type = type
  const calls = asArray(call.calls ?? [], where, 'calls')
  row.subtraces = BigInt(calls.length)
  row.trace_address = address.join(',')
  out.push(row)
  calls.forEach((c, i) => {
    flatten(asObject(c, where, 'call'), [...address, i], txIndex, txHash, block, out, where)
  })
}

function emptyTrace(block: bigint | null): Row {
  return {
    block_number: block,
    transaction_hash: null,
    transaction_index: null,
    from_address: null,
    to_address: null,
    value: null,
    input: null,
    output: null,
    trace_type: null,
    call_type: null,
    reward_type: null,
    gas: null,
    gas_used: null,
    subtraces: null,
    trace_address: null,
    error: null,
    status: null,
    trace_id: null,
  }
}

/**
 * ethereum-etl's post-processing: a trace fails when it or any ancestor in its transaction errored; ids are
 * `type_txhash_a_b` for transaction traces and `type_block_i` for block rewards, i in a stable sort.
 */
export function completeTraces(rows: Row[]): void {
  const failedPrefixes = new Map<string, string[]>()
  for (const r of rows) {
    if (r.error && r.transaction_hash !== null) {
      const key = `${r.transaction_hash}:${r.transaction_index}`
      const list = failedPrefixes.get(key) ?? []
      list.push(r.trace_address as string)
      failedPrefixes.set(key, list)
    }
  }
  for (const r of rows) {
    const key = `${r.transaction_hash}:${r.transaction_index}`
    const addr = (r.trace_address as string | null) ?? ''
    const failed =
      r.error !== null ||
      (failedPrefixes.get(key) ?? []).some((p) => p === '' || addr === p || addr.startsWith(`${p},`))
    r.status = failed ? 0n : 1n
  }
  for (const r of rows) {
    if (r.transaction_hash !== null) {
      r.trace_id = `${r.trace_type}_${r.transaction_hash}_${((r.trace_address as string | null) ?? '').replaceAll(',', '_')}`
    }
  }
  const blockScoped = rows.filter((r) => r.transaction_hash === null && r.transaction_index === null)
  const byType = new Map<string, Row[]>()
  for (const r of blockScoped) {
    const k = `${r.block_number}:${r.trace_type}`
    byType.set(k, [...(byType.get(k) ?? []), r])
  }
  for (const group of byType.values()) {
    group.sort(
      (a, b) =>
        cmp(a.reward_type, b.reward_type) ||
        cmp(a.from_address, b.from_address) ||
        cmp(a.to_address, b.to_address) ||
        cmpNum(a.value, b.value),
    )
    group.forEach((r, i) => {
      r.trace_id = `${r.trace_type}_${r.block_number}_${i}`
    })
  }
}

function cmp(a: unknown, b: unknown): number {
  const x = a === null || a === undefined ? '' : String(a)
  const y = b === null || b === undefined ? '' : String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

function cmpNum(a: unknown, b: unknown): number {
  const x = a === null || a === undefined ? -1n : BigInt(a as string)
  const y = b === null || b === undefined ? -1n : BigInt(b as string)
  return x < y ? -1 : x > y ? 1 : 0
}
