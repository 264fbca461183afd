import { useCallback, useMemo, useRef, useState } from 'react'
import type Sigma from 'sigma'
import { saveBlob } from '../api/client.ts'
import { CATEGORY_COLORS, CATEGORY_NAMES } from './category-colors.ts'
import { EndpointsTable } from './EndpointsTable.tsx'
import { endpointsCsv, exportPng, exportSvg } from './export-graph.ts'
import { NodeList } from './NodeList.tsx'
import { NodePanel } from './NodePanel.tsx'
import { NodePanelFrame } from './NodePanelFrame.tsx'
import { ProbableLinks } from './ProbableLinks.tsx'
import { withProbable } from './probable-model.ts'
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
  const probable = model.probable
  const [showProbable, setShowProbable] = useState(
    initialAddress !== null && (probable?.nodes.has(initialAddress) ?? false),
  )
  const exactOutcome = useMemo(() => applyFilter(model, filter), [model, filter])
  const outcome = useMemo(
    () => (showProbable && probable ? withProbable(exactOutcome, probable, model.graph) : exactOutcome),
    [model, probable, showProbable, exactOutcome],
  )
  const [selected, setSelected] = useState<string | null>(
    initialAddress && (model.nodes.has(initialAddress) || probable?.nodes.has(initialAddress)) ? initialAddress : null,
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
  const toggleProbable = (on: boolean) => {
    setShowProbable(on)
    // An address only the probable layer reaches goes with it.
    if (!on && selected && !model.nodes.has(selected)) select(null)
  }
  // The timeline and the Sankey keep to the exact trace: probable transfers are never drawn as movements of taint.
  const shownEdges = useMemo(
    () => [...exactOutcome.pairs].flatMap((k) => model.pairs.get(k)?.edges ?? []),
    [model, exactOutcome],
  )
  const sankeyAssets = Object.keys(result.totals).filter(
    (a) => (result.totals[a]?.stolen ?? '0') !== '0' || (result.totals[a]?.swappedIn ?? '0') !== '0',
  )
  const [sankeyAsset, setSankeyAsset] = useState(sankeyAssets[0] ?? 'native')
  const base = `trace-${traceId}`
  const probableAccount = (address: string) => {
    const links = probable?.linksOf.get(address) ?? []
    const endpoints = probable?.layer.endpoints.filter((e) => e.address === address) ?? []
    if (links.length === 0 && endpoints.length === 0) return null
    return (
      <ProbableLinks
        links={links}
        endpoints={endpoints}
        assets={{ ...(probable?.layer.assets ?? {}), ...result.assets }}
        poolName={(pool) => {
          const n = model.nodes.get(pool)
          return n && n.label !== pool ? n.label : null
        }}
      />
    )
  }
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
        {probable ? (
          <label className="probable-toggle">
            <input type="checkbox" checked={showProbable} onChange={(e) => toggleProbable(e.target.checked)} /> Past
            mixers (probable)
          </label>
        ) : null}
        <ul className="legend" aria-label="Node colours">
          {used.map((c) => (
            <li key={c}>
              <span className="swatch" style={{ background: CATEGORY_COLORS[c] }} aria-hidden="true" />
              {CATEGORY_NAMES[c] ?? c}
            </li>
          ))}
          {showProbable && probable ? (
            <li data-testid="legend-probable">
              <span className="swatch probable-swatch" aria-hidden="true" />
              <span className="probable-dash" aria-hidden="true" />
              probable (past a mixer)
            </li>
          ) : null}
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
        {selected && model.nodes.has(selected) ? (
          <NodePanel
            incidentId={incidentId}
            traceId={traceId}
            address={selected}
            onClose={() => select(null)}
            probable={showProbable ? probableAccount(selected) : null}
          />
        ) : selected && showProbable && probable?.nodes.has(selected) ? (
          <NodePanelFrame address={selected} onClose={() => select(null)} className="probable-panel">
            {probableAccount(selected)}
          </NodePanelFrame>
        ) : null}
      </div>
      <div className="trace-lists">
        <section aria-labelledby="nodes-title">
          <h2 id="nodes-title">Addresses</h2>
          <NodeList model={model} outcome={outcome} showProbable={showProbable} selected={selected} onSelect={select} />
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
