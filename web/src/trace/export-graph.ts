import type Sigma from 'sigma'
import { saveBlob } from '../api/client.ts'
import { toCsv } from '../ui/format.ts'
import type { FilterOutcome } from './trace-filter.ts'
import type { TraceModel } from './trace-model.ts'
import { amountText, symbolOf } from './trace-units.ts'

/**
 * The graph as drawn, as PNG: sigma draws on stacked canvases (edges and nodes in WebGL, labels in 2D); they are
 * redrawn and composited on a white canvas in the same task, before the browser may clear the WebGL buffers.
 */
export function exportPng(sigma: Sigma, filename: string): void {
  const { width, height } = sigma.getDimensions()
  const ratio = window.devicePixelRatio || 1
  const out = document.createElement('canvas')
  out.width = Math.round(width * ratio)
  out.height = Math.round(height * ratio)
  const ctx = out.getContext('2d')
  if (!ctx) return
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, out.width, out.height)
  sigma.refresh()
  for (const c of Object.values(sigma.getCanvases())) ctx.drawImage(c, 0, 0, out.width, out.height)
  out.toBlob((b) => {
    if (b) saveBlob(b, filename)
  }, 'image/png')
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The shown graph as SVG, from the nodes' positions on screen, so it matches what the reader sees. */
export function graphSvg(sigma: Sigma, model: TraceModel, outcome: FilterOutcome): string {
  const { width, height } = sigma.getDimensions()
  const g = model.graph
  const at = (n: string) => sigma.graphToViewport(g.getNodeAttributes(n) as { x: number; y: number })
  const parts: string[] = []
  g.forEachEdge((edge, a, s, t) => {
    if (!outcome.pairs.has(edge)) return
    const p = at(s)
    const q = at(t)
    // Past a mixer: dashed, with the link's confidence at the middle, as on screen.
    const dash = a.probable ? ' stroke-dasharray="6 4"' : ''
    parts.push(
      `<line x1="${p.x.toFixed(1)}" y1="${p.y.toFixed(1)}" x2="${q.x.toFixed(1)}" y2="${q.y.toFixed(1)}" stroke="${a.color}" stroke-width="${(a.size as number).toFixed(2)}"${dash} marker-end="url(#arrow)"/>`,
    )
    if (a.probable && a.label) {
      parts.push(
        `<text x="${((p.x + q.x) / 2).toFixed(1)}" y="${((p.y + q.y) / 2 - 4).toFixed(1)}" font-size="12" font-weight="bold" fill="#5b21b6" font-family="sans-serif">${esc(String(a.label))}</text>`,
      )
    }
  })
  g.forEachNode((node, a) => {
    if (!outcome.nodes.has(node)) return
    const p = at(node)
    const paint = a.probable ? `fill="#fff" stroke="${a.color}" stroke-width="3"` : `fill="${a.color}"`
    parts.push(
      `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${a.size}" ${paint}><title>${esc(node)}</title></circle>`,
    )
    parts.push(
      `<text x="${(p.x + (a.size as number) + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="11" font-family="sans-serif">${esc(String(a.label))}</text>`,
    )
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#9aa5b4"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
  ].join('\n')
}

export function exportSvg(sigma: Sigma, model: TraceModel, outcome: FilterOutcome, filename: string): void {
  saveBlob(new Blob([graphSvg(sigma, model, outcome)], { type: 'image/svg+xml' }), filename)
}

/** The endpoints table as CSV: exact base units beside the amount in the asset's units. */
export function endpointsCsv(model: TraceModel): string {
  const r = model.result
  return toCsv(
    [
      'address',
      'category',
      'name',
      'deposit_address',
      'asset',
      'symbol',
      'amount_base_units',
      'amount',
      'hop',
      'first_arrival_tx',
      'first_arrival_block',
      'freezable_by',
    ],
    r.endpoints.map((e) => [
      e.address,
      e.category,
      e.name,
      String(e.depositAddress),
      e.asset,
      symbolOf(r.assets, e.asset),
      e.amount,
      amountText(r.assets, e.asset, e.amount),
      e.hop,
      e.firstArrival?.tx ?? null,
      e.firstArrival?.block ?? null,
      e.freezableBy.map((f) => `${f.kind}:${f.name}`).join('; '),
    ]),
  )
}
