import { useEffect, useRef } from 'react'
import Sigma from 'sigma'
import { NodePointProgram } from 'sigma/rendering'
import { DashedArrowProgram, RingNodeProgram } from './probable-programs.ts'
import type { FilterOutcome } from './trace-filter.ts'
import { BEYOND, isBig, type TraceModel } from './trace-model.ts'

export interface TraceGraphProps {
  model: TraceModel
  outcome: FilterOutcome
  /** The hop the view is collapsed to, for the summary node's place and label. */
  maxHop: number
  selected: string | null
  onSelect: (address: string) => void
  /** Receives the renderer once it exists, for the exports; null when it goes. */
  onRenderer?: (sigma: Sigma | null) => void
}

/** The extent of the exact trace's nodes (the probable layer's are drawn beside them), or null when there are none. */
function exactBBox(model: TraceModel): { x: [number, number]; y: [number, number] } | null {
  if (!model.probable) return null
  const x: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
  const y: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
  for (const a of model.nodes.keys()) {
    const p = model.graph.getNodeAttributes(a) as { x: number; y: number }
    x[0] = Math.min(x[0], p.x)
    x[1] = Math.max(x[1], p.x)
    y[0] = Math.min(y[0], p.y)
    y[1] = Math.max(y[1], p.y)
  }
  return Number.isFinite(x[0]) ? { x, y } : null
}

/** Endpoints whose on-screen position the container publishes, so a test can click them on the canvas. */
const PUBLISHED = 60

/**
 * The fund-flow graph in WebGL. The renderer is made once per trace result; filters and the selection only change
 * what the reducers hide or highlight, so panning and zooming never go through React.
 */
export function TraceGraph({ model, outcome, maxHop, selected, onSelect, onRenderer }: TraceGraphProps) {
  const box = useRef<HTMLDivElement>(null)
  const sigmaRef = useRef<Sigma | null>(null)
  const state = useRef({ outcome, selected })
  state.current = { outcome, selected }
  const select = useRef(onSelect)
  select.current = onSelect
  const republish = useRef<() => void>(() => undefined)

  useEffect(() => {
    const container = box.current
    if (!container) return
    // A large graph is drawn for speed: square-cornered points instead of circles (circles cost the software
    // renderers of headless browsers and small GPUs most), edges and labels left out while the view moves.
    const big = isBig(model)
    const sigma = new Sigma(model.graph, container, {
      renderLabels: true,
      labelRenderedSizeThreshold: big ? 9 : 5,
      hideEdgesOnMove: big,
      hideLabelsOnMove: big,
      defaultEdgeType: big ? 'line' : 'arrow',
      // Past mixers: rings for nodes, dashed edges labelled with their link's confidence (probable-model.ts).
      nodeProgramClasses: { ...(big ? { circle: NodePointProgram } : {}), ring: RingNodeProgram },
      edgeProgramClasses: { dashed: DashedArrowProgram },
      // Only probable withdrawals carry a label; without a probable layer no edge label is looked for.
      renderEdgeLabels: model.probable !== null,
      edgeLabelColor: { color: '#5b21b6' },
      edgeLabelSize: 13,
      edgeLabelWeight: 'bold',
      zIndex: true,
      minCameraRatio: 0.02,
      maxCameraRatio: 4,
      labelFont: 'system-ui, sans-serif',
      labelColor: { color: '#1b1f24' },
      nodeReducer: (node, data) => {
        const s = state.current
        if (!s.outcome.nodes.has(node)) return { ...data, hidden: true }
        if (node === s.selected) return { ...data, highlighted: true, zIndex: 2, size: (data.size ?? 4) + 3 }
        return data
      },
      edgeReducer: (edge, data) => {
        const s = state.current
        if (!s.outcome.pairs.has(edge)) return { ...data, hidden: true }
        const ends = s.selected !== null && model.graph.hasExtremity(edge, s.selected)
        if (!ends) return data
        return data.probable
          ? { ...data, size: (data.size ?? 2) + 1.5, zIndex: 1 }
          : { ...data, color: '#1b1f24', zIndex: 1 }
      },
    })
    sigmaRef.current = sigma
    onRenderer?.(sigma)
    sigma.on('clickNode', ({ node }) => {
      if (node !== BEYOND) select.current(node)
    })
    sigma.on('enterNode', () => container.classList.add('pointing'))
    sigma.on('leaveNode', () => container.classList.remove('pointing'))
    let timer: ReturnType<typeof setTimeout> | undefined
    const publish = () => {
      timer = undefined
      const out: Record<string, [number, number]> = {}
      const probable = model.probable?.layer.endpoints ?? []
      for (const e of [...model.result.endpoints.slice(0, PUBLISHED), ...probable.slice(0, PUBLISHED)]) {
        if (!state.current.outcome.nodes.has(e.address)) continue
        const a = model.graph.getNodeAttributes(e.address) as { x: number; y: number }
        const v = sigma.graphToViewport({ x: a.x, y: a.y })
        out[e.address] = [Math.round(v.x), Math.round(v.y)]
      }
      container.dataset.endpointPositions = JSON.stringify(out)
    }
    const later = () => {
      if (timer === undefined) timer = setTimeout(publish, 150)
    }
    sigma.getCamera().on('updated', later)
    republish.current = later
    sigma.once('afterRender', () => {
      container.dataset.drawn = 'true'
      // Milliseconds from navigation to the first drawing, for the benchmark.
      container.dataset.drawnAt = String(Math.round(performance.now()))
      later()
    })
    return () => {
      if (timer !== undefined) clearTimeout(timer)
      republish.current = () => undefined
      onRenderer?.(null)
      sigma.kill()
      sigmaRef.current = null
      delete container.dataset.drawn
      delete container.dataset.drawnAt
    }
  }, [model, onRenderer])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the reducers read the selection from a ref; a new one must redraw
  useEffect(() => {
    const sigma = sigmaRef.current
    if (!sigma) return
    const g = model.graph
    if (outcome.beyond > 0) {
      let ys = 0
      let n = 0
      for (const node of model.nodes.values()) {
        if (node.layer === maxHop + 1) {
          ys += g.getNodeAttribute(node.address, 'y') as number
          n++
        }
      }
      const xOf = [...model.nodes.values()].find((x) => x.layer === maxHop + 1)?.address
      g.mergeNodeAttributes(BEYOND, {
        x: xOf ? g.getNodeAttribute(xOf, 'x') : 0,
        y: n ? ys / n : 0,
        label: `+${outcome.beyond} addresses beyond hop ${maxHop}`,
      })
    }
    // The exact picture is framed on the exact nodes alone, so the hidden probable layer does not shrink it.
    const shown = model.probable ? [...model.probable.nodes.keys()].some((a) => outcome.nodes.has(a)) : false
    sigma.setCustomBBox(shown ? null : exactBBox(model))
    sigma.refresh()
    republish.current()
  }, [model, outcome, maxHop, selected])

  return (
    <div
      ref={box}
      className="trace-graph"
      role="img"
      aria-label={`Fund-flow graph: ${outcome.nodes.size} addresses shown, left to right by hop from the seeds. The address list beside it holds the same nodes.`}
    />
  )
}
