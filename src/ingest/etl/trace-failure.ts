import type { Row } from '../../store/store.ts'

/**
 * Fills in the status of traces whose file left it blank (ethereum-etl's geth trace extraction does), as RPC
 * ingest sets it: a frame failed when it errored or any frame above it in its transaction failed, since a
 * reverted call undoes everything its children did. A status the file states is kept. Returns new rows.
 * @example propagateTraceFailure([{ trace_address: '', error: 'Reverted', status: null }, { trace_address: '0', error: null, status: null }]) // statuses 0n, 0n
 */
export function propagateTraceFailure(traces: readonly Row[]): Row[] {
  if (!traces.some((t) => t.status === null || t.status === undefined)) return [...traces]
  const failedFrames = new Map<string, string[]>()
  for (const t of traces) {
    if (!frameFailed(t)) continue
    const key = txKey(t)
    const list = failedFrames.get(key) ?? []
    list.push(address(t))
    failedFrames.set(key, list)
  }
  return traces.map((t) => {
    if (t.status !== null && t.status !== undefined) return t
    // Block rewards belong to no transaction and no call tree.
    if (t.transaction_hash === null && t.transaction_index === null) return t
    const own = address(t)
    const above = failedFrames.get(txKey(t)) ?? []
    const failed = frameFailed(t) || above.some((p) => p === '' || own.startsWith(`${p},`))
    return { ...t, status: failed ? 0n : 1n }
  })
}

function frameFailed(t: Row): boolean {
  if (t.status === 0n || t.status === 0) return true
  return (t.status === null || t.status === undefined) && typeof t.error === 'string' && t.error !== ''
}

function address(t: Row): string {
  return (t.trace_address as string | null) ?? ''
}

/** Geth traces name their transaction by index only; parity traces by hash and index. */
function txKey(t: Row): string {
  return `${(t.transaction_hash as string | null) ?? ''}:${String(t.transaction_index ?? '')}`
}
