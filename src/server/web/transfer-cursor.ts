import { DragnetError } from '../../core/errors.ts'
import type { TransferKey } from '../../store/address-transfers.ts'

const INVALID = () => new DragnetError('INVALID_CURSOR', 'cursor is not one this server handed out: start without it')
const INT = /^-?\d{1,20}$/

/** The key of the last row of a page as an opaque cursor (base64url JSON). */
export function encodeCursor(k: TransferKey): string {
  const values = [k.block.toString(), k.txIndex.toString(), k.cls, k.logIndex.toString(), k.position, k.tx]
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

/** The key a cursor names; INVALID_CURSOR for anything else. */
export function decodeCursor(cursor: string): TransferKey {
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw INVALID()
  }
  if (!Array.isArray(v) || v.length !== 6) throw INVALID()
  const [block, txIndex, cls, logIndex, position, tx] = v as unknown[]
  const ok =
    typeof block === 'string' &&
    /^\d{1,20}$/.test(block) &&
    typeof txIndex === 'string' &&
    INT.test(txIndex) &&
    (cls === 0 || cls === 1 || cls === 2) &&
    typeof logIndex === 'string' &&
    INT.test(logIndex) &&
    typeof position === 'string' &&
    position.length <= 200 &&
    typeof tx === 'string' &&
    tx.length <= 100
  if (!ok) throw INVALID()
  return {
    block: BigInt(block),
    txIndex: BigInt(txIndex),
    cls,
    logIndex: BigInt(logIndex),
    position,
    tx,
  }
}
