import { useCallback, useMemo, useRef, useState } from 'react'
import type Sigma from 'sigma'
import { saveBlob } from '../api/client.ts'
import { CATEGORY_COLORS, CATEGORY_NAMES } from './category-colors.ts'
import { EndpointsTable } from './EndpointsTable.tsx'
import { endpointsCsv, exportPng, exportSvg } from './export-graph.ts'
import { NodeList } from './NodeList.tsx'
import { NodePanel } from './NodePanel.tsx'
import { TraceControls } from './TraceControls.tsx'
import { TraceGraph } from './TraceGraph.tsx'
import { TraceSankey } from './TraceSankey.tsx'
import { TraceTimeline } from './TraceTimeline.tsx'
import { applyFilter, type TraceFilter } from './trace-filter.ts'
import type { TraceJson } from './trace-json.ts'
import { buildTraceModel } from './trace-model.ts'
import { symbolOf } from './trace-units.ts'
import './trace.css'

/** The graph, its controls, the selected node's explanation, the lists, the Sankey and the timeline of one result. */
export function TraceView({
  incidentId,
  traceId,
  result,
  initialAddress,
  onSelectAddress,
}: {
  incidentId: string
  traceId: string
  result: TraceJson
  initialAddress: string | null
  onSelectAddress: (address: string | null) => void
}) {
  const model = useMemo(() => buildTraceModel(result), [result])
  const [filter, setFilter] = useState<TraceFilter>({ maxHop: model.maxLayer })
  const outcome = useMemo(() => applyFilter(model, filter), [model, filter])
  const [selected, setSelected] = useState<string | null>(
    initialAddress && model.nodes.has(initialAddress) ? initialAddress : null,
  )
  const sigma = useRef<Sigma | null>(null)
  const onRenderer = useCallback((s: Sigma | null) => {
    sigma.current = s
  }, [])
  const select = useCallback(
    (a: string | null) => {
      setSelected(a)
      onSelectAddress(a)
    },
    [onSelectAddress],
  )
  const shownEdges = useMemo(() => [...outcome.pairs].flatMap((k) => model.pairs.get(k)?.edges ?? []), [model, outcome])
  const sankeyAssets = Object.keys(result.totals).filter(
    (a) => (result.totals[a]?.stolen ?? '0') !== '0' || (result.totals[a]?.swappedIn ?? '0') !== '0',
  )
  const [sankeyAsset, setSankeyAsset] = useState(sankeyAssets[0] ?? 'native')
  const base = `trace-${traceId}`
  const used = [...new Set([...model.nodes.values()].map((n) => n.category))]

  return (
    <div className="trace-view">
      <TraceControls model={model} filter={filter} onChange={setFilter} />
      <div className="trace-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => sigma.current && exportPng(sigma.current, `${base}.png`)}
        >
          Export PNG
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => sigma.current && exportSvg(sigma.current, model, outcome, `${base}.svg`)}
        >
          Export SVG
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => saveBlob(new Blob([endpointsCsv(model)], { type: 'text/csv' }), `${base}-endpoints.csv`)}
        >
          Endpoints CSV
        </button>
        <ul className="legend" aria-label="Node colours">
          {used.map((c) => (
            <li key={c}>
              <span className="swatch" style={{ background: CATEGORY_COLORS[c] }} aria-hidden="true" />
              {CATEGORY_NAMES[c] ?? c}
            </li>
          ))}
        </ul>
      </div>
      <div className={`trace-main${selected ? ' with-panel' : ''}`}>
        <TraceGraph
          model={model}
          outcome={outcome}
          maxHop={filter.maxHop}
          selected={selected}
          onSelect={select}
          onRenderer={onRenderer}
        />
        {selected ? (
          <NodePanel incidentId={incidentId} traceId={traceId} address={selected} onClose={() => select(null)} />
        ) : null}
      </div>
      <div className="trace-lists">
        <section aria-labelledby="nodes-title">
          <h2 id="nodes-title">Addresses</h2>
          <NodeList model={model} outcome={outcome} selected={selected} onSelect={select} />
        </section>
        <section aria-labelledby="endpoints-title">
          <h2 id="endpoints-title">Endpoints</h2>
          <EndpointsTable result={result} shown={outcome.nodes} onSelect={select} />
        </section>
      </div>
      <div className="grid">
        <section className="panel" aria-labelledby="sankey-title">
          <h2 id="sankey-title">Where the money went</h2>
          <label>
            Asset{' '}
            <select value={sankeyAsset} onChange={(e) => setSankeyAsset(e.target.value)}>
              {sankeyAssets.map((a) => (
                <option key={a} value={a}>
                  {symbolOf(result.assets, a)}
                </option>
              ))}
            </select>
          </label>
          <TraceSankey result={result} asset={sankeyAsset} />
        </section>
        <section className="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline of movements</h2>
          <TraceTimeline result={result} edges={shownEdges} />
        </section>
      </div>
    </div>
  )
}
