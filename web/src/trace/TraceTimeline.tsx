import { useMemo } from 'react'
import { EChart } from './EChart.tsx'
import type { TraceEdgeJson, TraceJson } from './trace-json.ts'
import { amountText, drawnUnits, symbolOf } from './trace-units.ts'

/** Transfers drawn on the timeline at most (the heaviest), so a large trace stays quick to draw. */
const MAX_POINTS = 3000

/** The movements of the shown transfers over time, one series per asset, the tainted amount on a log axis. */
export function TraceTimeline({ result, edges }: { result: TraceJson; edges: TraceEdgeJson[] }) {
  const option = useMemo(() => {
    const timed = edges.filter((e) => e.time !== null)
    const shown =
      timed.length > MAX_POINTS
        ? [...timed].sort((a, b) => (BigInt(b.tainted) > BigInt(a.tainted) ? 1 : -1)).slice(0, MAX_POINTS)
        : timed
    const byAsset = new Map<string, [number, number, string][]>()
    for (const e of shown) {
      const pts = byAsset.get(e.asset) ?? byAsset.set(e.asset, []).get(e.asset)
      pts?.push([
        Number(e.time) * 1000,
        drawnUnits(result.assets, e.asset, e.tainted),
        `${amountText(result.assets, e.asset, e.tainted)} in ${e.tx.slice(0, 12)}…`,
      ])
    }
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: [number, number, string] }) => `${new Date(p.data[0]).toLocaleString()}<br>${p.data[2]}`,
      },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 50 },
      xAxis: { type: 'time' },
      yAxis: { type: 'log', name: 'tainted', logBase: 10 },
      dataZoom: [{ type: 'slider', xAxisIndex: 0 }],
      series: [...byAsset].map(([asset, data]) => ({
        type: 'scatter',
        name: symbolOf(result.assets, asset),
        data,
        symbolSize: 7,
      })),
    }
  }, [result, edges])
  return <EChart option={option} label={`Timeline of ${edges.length} tainted transfers`} height={280} />
}
