import { assetSymbol, formatAmount, shortAddress } from '../result/asset-format.ts'
import type { TraceResult } from '../trace-types.ts'

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
  out.push('}')
  return `${out.join('\n')}\n`
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)

/** Tainted edges as CSV, one transfer a line, amounts in base units; `extra` appends columns (USD values). */
export function renderCsv(r: TraceResult, extra?: { header: string[]; row: (index: number) => string[] }): string {
  const lines = [['from,to,asset,symbol,amount,tainted,tx,block,time,position', ...(extra?.header ?? [])].join(',')]
  for (const [i, e] of r.edges.entries()) {
    lines.push(
      [
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
        ...(extra?.row(i) ?? []),
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return `${lines.join('\n')}\n`
}
