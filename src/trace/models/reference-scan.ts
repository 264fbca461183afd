import { edgesInOrder } from '../engine/edge-order.ts'
import { ReferenceBook } from './reference-book.ts'
import type { ScanInput, ScanResult } from './scan-types.ts'

/**
 * The models in bigints, as the reference the limb scans (scan.ts, poison-scan.ts) are tested against: applies
 * the haircut, FIFO or poison model to the read graph in time order, one transaction at a time. Only expanded
 * addresses pass taint on. Converters (DEX pairs and routers, WETH) joined by transfers inside one transaction are
 * one routed swap: its payouts to others carry, in the asset paid out, the tainted share of what others paid
 * into it in that transaction (floor division); transfers between its converters carry nothing. The rules live in
 * ReferenceBook, which a live watch carries forward block by block.
 */
export function referenceScan(input: ScanInput): ScanResult {
  const order = edgesInOrder(input.graph, input.totalEdges)
  const book = new ReferenceBook(input)
  book.applyOrder(order)
  return book.result(order)
}
