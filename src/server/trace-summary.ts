import type { TraceResult } from '../trace/trace-types.ts'

const text = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, (v as bigint).toString()]))

/**
 * What the figures and listings need of a trace, without parsing the whole result: per-asset totals, endpoint
 * counts, and the freeze window (per asset, what reached freezable places, what left them, what is still there;
 * and how many places there were, and how many still hold some); and, apart, how much the probable layer past
 * mixers holds.
 */
export function summaryOf(result: TraceResult): Record<string, unknown> {
  const totals: Record<string, Record<string, string>> = {}
  for (const [asset, t] of Object.entries(result.totals)) totals[asset] = text(t)
  const freezeTotals: Record<string, Record<string, string>> = {}
  for (const [asset, t] of Object.entries(result.freezeTotals ?? {})) freezeTotals[asset] = text(t)
  const windows = result.freezeWindows ?? []
  return {
    empty: result.empty,
    totals,
    assets: result.assets,
    endpoints: result.listed.endpointsTotal,
    freezable: result.endpoints.filter((e) => e.freezableBy.length > 0).length,
    freezeTotals,
    freezePlaces: { total: windows.length, open: windows.filter((w) => w.departed === null).length },
    // Counted apart: nothing of the probable layer enters the totals, the endpoint counts or the figures.
    probable: result.probable
      ? {
          minConfidence: result.probable.minConfidence,
          links: result.probable.links.length,
          endpoints: result.probable.endpoints.length,
          freezable: result.probable.endpoints.filter((e) => e.freezableBy.length > 0).length,
        }
      : null,
    stats: result.stats,
  }
}
