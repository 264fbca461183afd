import { allocBatch, type EdgeBatch, withAmounts } from '../store/edges/edge-batch.ts'

/** The rows `pick` of a batch as a batch of their own. */
export function rowsOf(b: EdgeBatch, pick: readonly number[]): EdgeBatch {
  const out = allocBatch(pick.length)
  out.length = pick.length
  pick.forEach((i, k) => {
    out.ord[k] = b.ord[i] as number
    out.txo[k] = b.txo[i] as number
    out.src[k] = b.src[i] as number
    out.dst[k] = b.dst[i] as number
    out.asset[k] = b.asset[i] as number
    out.kind[k] = b.kind[i] as number
    out.l0[k] = b.l0[i] as number
    out.l1[k] = b.l1[i] as number
    out.l2[k] = b.l2[i] as number
    out.hi[k] = b.hi[i] as number
    const w = b.wide.get(i)
    if (w !== undefined) out.wide.set(k, w)
  })
  return withAmounts(out)
}
