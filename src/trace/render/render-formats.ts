import { assetSymbol, formatAmount, shortAddress } from '../result/asset-format.ts'
import { layerAssets, linkBasis } from '../result/probable-format.ts'
import type { ProbableLayer, TraceEdgeRef, TraceResult } from '../trace-types.ts'

/** The result as JSON (docs/trace-format.md): bigints as exact decimal strings. */
export function renderJson(r: unknown): string {
  return `${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`
}

const COLORS: Record<string, string> = {
  exchange: '#1f77b4',
  bridge: '#9467bd',
  mixer: '#d62728',
  dex: '#ff7f0e',
  held: '#2ca02c',
  dark: '#555555',
  unfollowed: '#bbbbbb',
}

const q = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`

/** The tainted graph in Graphviz DOT: nodes coloured by category, edges labelled with tainted amounts. */
export function renderDot(r: TraceResult): string {
  const out = ['digraph trace {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="monospace"];']
  const seeds = new Set(r.seeds.addresses)
  for (const n of r.nodes) {
    const label = [shortAddress(n.address), n.label?.name, n.category].filter(Boolean).join('\n')
    const color = seeds.has(n.address) ? '#ffd700' : (COLORS[n.category ?? ''] ?? '#ffffff')
    out.push(`  ${q(n.address)} [label=${q(label)}, fillcolor=${q(color)}];`)
  }
  for (const e of r.edges) {
    out.push(
      `  ${q(e.from)} -> ${q(e.to)} [label=${q(`${formatAmount(r, e.asset, e.tainted)}\n${shortAddress(e.tx)}`)}];`,
    )
  }
  if (r.probable) out.push(...probableDot(r, r.probable))
  out.push('}')
  return `${out.join('\n')}\n`
}

/**
 * The probable layer in DOT: its transfers dashed, labelled with the link's rules and confidence; addresses only it
 * reaches drawn dashed too.
 */
function probableDot(r: TraceResult, p: ProbableLayer): string[] {
  const ra = layerAssets(r, p)
  const out: string[] = []
  const known = new Set(r.nodes.map((n) => n.address))
  const category = new Map(p.endpoints.map((e) => [e.address, e.category]))
  for (const e of p.edges) {
    for (const a of [e.from, e.to]) {
      if (known.has(a)) continue
      known.add(a)
      const label = [shortAddress(a), category.get(a), 'probable'].filter(Boolean).join('\n')
      out.push(
        `  ${q(a)} [label=${q(label)}, fillcolor=${q(COLORS[category.get(a) ?? ''] ?? '#ffffff')}, style="rounded,filled,dashed"];`,
      )
    }
  }
  const links = new Map(p.links.map((l) => [l.id, l]))
  for (const e of p.edges) {
    const l = links.get(e.link)
    const basis = l ? `\n${linkBasis(l)}` : ''
    out.push(
      `  ${q(e.from)} -> ${q(e.to)} [style=dashed, label=${q(`${formatAmount(ra, e.asset, e.tainted)}\n${shortAddress(e.tx)}${basis}`)}];`,
    )
  }
  return out
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)

/** Tainted edges as CSV, one transfer a line, amounts in base units; `extra` appends columns (USD values). */
export function renderCsv(
  r: TraceResult,
  extra?: { header: string[]; row: (index: number) => string[] },
  options: { layers?: boolean } = {},
): string {
  const layers = options.layers === true
  const header = ['from,to,asset,symbol,amount,tainted,tx,block,time,position', ...(layers ? ['layer'] : [])]
  const lines = [[...header, ...(extra?.header ?? [])].join(',')]
  for (const [i, e] of r.edges.entries()) {
    lines.push(csvRow(r, e, [...(layers ? ['exact'] : []), ...(extra?.row(i) ?? [])]))
  }
  if (layers && r.probable) {
    // Past mixers: no USD values are worked out for probable transfers, so their USD cells stay empty.
    const blank = (extra?.header ?? []).map(() => '')
    const ra = { ...r, ...layerAssets(r, r.probable) }
    for (const e of r.probable.edges) lines.push(csvRow(ra, e, ['probable', ...blank]))
  }
  return `${lines.join('\n')}\n`
}

function csvRow(r: Pick<TraceResult, 'assets'>, e: TraceEdgeRef, more: string[]): string {
  return [
    e.from,
    e.to,
    e.asset,
    assetSymbol(r, e.asset),
    e.amount.toString(),
    e.tainted.toString(),
    e.tx,
    e.block.toString(),
    e.time?.toString() ?? '',
    e.position,
    ...more,
  ]
    .map(csvCell)
    .join(',')
}
