import type { SharedIncident, SharedTrace } from '../share-source.ts'
import { stableId } from './stix-ids.ts'
import { TLP2_MARKING_IDS } from './tlp-markings.ts'

const symbolOf = (trace: SharedTrace, asset: string) => trace.assets[asset]?.symbol ?? asset

/** The trace's totals as lines an analyst reads: amounts in base units, exact. */
function figuresText(trace: SharedTrace): string {
  const lines = [`Trace ${trace.id} (${trace.model}, ${trace.direction}), finished ${trace.finishedAt}.`]
  for (const [asset, t] of Object.entries(trace.totals)) {
    const parts = Object.entries(t).map(([k, v]) => `${k} ${v}`)
    lines.push(`${symbolOf(trace, asset)} (${asset}, base units): ${parts.join(', ')}`)
  }
  return lines.join('\n')
}

function windowsText(trace: SharedTrace): string {
  return trace.freezeWindows
    .map((w) => {
      const who = w.freezableBy.map((f) => `${f.kind} ${f.name}`).join(', ')
      const open = w.departed === null ? 'still there' : `left after ${w.seconds ?? '?'} s`
      return `${w.address} ${symbolOf(trace, w.asset)}: received ${w.received}, remaining ${w.remaining}, ${open} (freezable by ${who})`
    })
    .join('\n')
}

/**
 * Two notes on the incident: the trace figures (totals per asset) and the freeze windows. Their text is for
 * people; the same figures ride along exactly, as decimal strings, in x_dragnet_ properties for machines.
 */
export function traceNotes(
  shared: SharedIncident,
  incidentId: string,
  identityId: string,
  walletIds: ReadonlyMap<string, string>,
  modified: string,
): Record<string, unknown>[] {
  const trace = shared.trace
  if (!trace) return []
  const common = {
    spec_version: '2.1',
    created: trace.finishedAt,
    modified,
    created_by_ref: identityId,
    object_marking_refs: [TLP2_MARKING_IDS[trace.tlp]],
  }
  const notes: Record<string, unknown>[] = [
    {
      type: 'note',
      id: stableId('note', incidentId, 'trace-figures'),
      ...common,
      abstract: 'Trace figures',
      content: figuresText(trace),
      object_refs: [incidentId],
      x_dragnet_trace: {
        id: trace.id,
        model: trace.model,
        direction: trace.direction,
        finishedAt: trace.finishedAt,
        assets: trace.assets,
        totals: trace.totals,
      },
    },
  ]
  if (trace.freezeWindows.length > 0) {
    const refs = trace.freezeWindows.map((w) => walletIds.get(w.address)).filter((id): id is string => !!id)
    notes.push({
      type: 'note',
      id: stableId('note', incidentId, 'freeze-windows'),
      ...common,
      abstract: 'Freeze windows',
      content: windowsText(trace),
      object_refs: [incidentId, ...new Set(refs)],
      x_dragnet_freeze_windows: trace.freezeWindows,
    })
  }
  return notes
}
