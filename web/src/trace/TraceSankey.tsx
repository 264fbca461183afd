import { useMemo } from 'react'
import { CATEGORY_COLORS, CATEGORY_NAMES } from './category-colors.ts'
import { EChart } from './EChart.tsx'
import type { TraceJson } from './trace-json.ts'
import { amountText, drawnUnits } from './trace-units.ts'

const CATEGORIES = ['exchange', 'bridge', 'mixer', 'dex', 'held', 'dark', 'unfollowed'] as const
/** Endpoints drawn by name per category; the rest of a category joins one "other" box. */
const TOP = 12

/** Where the money of one asset went: the seeds, then each category, then the endpoints, as exact figures. */
export function TraceSankey({ result, asset }: { result: TraceJson; asset: string }) {
  const { option, summary } = useMemo(() => {
    const t = result.totals[asset] ?? {}
    const nodes: { name: string; itemStyle: { color: string } }[] = [
      { name: 'Seeds', itemStyle: { color: CATEGORY_COLORS.seed ?? '#000' } },
    ]
    const links: { source: string; target: string; value: number; exact: string }[] = []
    const lines: string[] = []
    for (const c of CATEGORIES) {
      const total = BigInt(t[c] ?? '0')
      if (total === 0n) continue
      const name = CATEGORY_NAMES[c] ?? c
      nodes.push({ name, itemStyle: { color: CATEGORY_COLORS[c] ?? '#000' } })
      links.push({
        source: 'Seeds',
        target: name,
        value: drawnUnits(result.assets, asset, total),
        exact: amountText(result.assets, asset, total),
      })
      lines.push(`${name} ${amountText(result.assets, asset, total)}`)
      const ends = result.endpoints
        .filter((e) => e.asset === asset && e.category === c)
        .sort((a, b) => (BigInt(b.amount) > BigInt(a.amount) ? 1 : -1))
      let rest = total
      for (const e of ends.slice(0, TOP)) {
        const target = `${e.name ? `${e.name} ` : ''}${e.address.slice(0, 8)}…${e.address.slice(-4)}`
        if (!nodes.some((n) => n.name === target))
          nodes.push({ name: target, itemStyle: { color: CATEGORY_COLORS[c] ?? '#000' } })
        links.push({
          source: name,
          target,
          value: drawnUnits(result.assets, asset, e.amount),
          exact: amountText(result.assets, asset, e.amount),
        })
        rest -= BigInt(e.amount)
      }
      if (rest > 0n && ends.length > 0) {
        const other = `Other ${name.toLowerCase()}`
        nodes.push({ name: other, itemStyle: { color: CATEGORY_COLORS[c] ?? '#000' } })
        links.push({
          source: name,
          target: other,
          value: drawnUnits(result.assets, asset, rest),
          exact: amountText(result.assets, asset, rest),
        })
      }
    }
    return {
      summary: lines.join('; '),
      option: {
        tooltip: {
          trigger: 'item',
          formatter: (p: {
            dataType: string
            data: { source?: string; target?: string; exact?: string }
            name: string
          }) => (p.dataType === 'edge' ? `${p.data.source} → ${p.data.target}: ${p.data.exact}` : p.name),
        },
        series: [
          {
            type: 'sankey',
            data: nodes,
            links,
            emphasis: { focus: 'adjacency' },
            nodeGap: 6,
            label: { fontSize: 11 },
            lineStyle: { color: 'gradient', opacity: 0.4 },
          },
        ],
      },
    }
  }, [result, asset])
  return (
    <EChart option={option} label={`Where the money went: ${summary || 'nothing traced in this asset'}`} height={360} />
  )
}
