import { useMemo, useState } from 'react'
import { CATEGORY_COLORS } from '../trace/category-colors.ts'
import { EChart } from '../trace/EChart.tsx'
import { type FiguresHistoryPoint, type FiguresJson, SHOWN_FIGURES } from './incident-json.ts'

const CHART_FIGURES = SHOWN_FIGURES.filter(([k]) => k !== 'stolen' && k !== 'traced')
const COLOR: Record<string, string> = { exchange: '#0b5cad', frozen: '#1d6b35', recovered: '#15803d' }
const drawn = (formatted: string) => Number(formatted.replace(/,/g, ''))

/** Per category for one asset (a bar each), and how the figures moved trace after trace. */
export function FiguresCharts({ figures, history }: { figures: FiguresJson; history: FiguresHistoryPoint[] | null }) {
  const [asset, setAsset] = useState(figures.assets[0]?.asset ?? '')
  const a = figures.assets.find((x) => x.asset === asset)
  const bars = useMemo(() => {
    if (!a) return null
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; dataIndex: number }) =>
          `${p.name}: ${a.formatted[CHART_FIGURES[p.dataIndex]?.[0] ?? 'held']} ${a.symbol ?? ''}`,
      },
      grid: { left: 70, right: 16, top: 16, bottom: 60 },
      xAxis: { type: 'category', data: CHART_FIGURES.map(([, n]) => n), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: a.symbol ?? '' },
      series: [
        {
          type: 'bar',
          data: CHART_FIGURES.map(([k]) => ({
            value: drawn(a.formatted[k]),
            itemStyle: { color: COLOR[k] ?? CATEGORY_COLORS[k] ?? '#64748b' },
          })),
        },
      ],
    }
  }, [a])
  const lines = useMemo(() => {
    if (!history || history.length === 0) return null
    const keys = ['traced', 'held', 'exchange', 'frozen', 'recovered', 'dark'] as const
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: keys.map((k) => ({
        type: 'line',
        name: SHOWN_FIGURES.find(([x]) => x === k)?.[1] ?? k,
        data: history.map((p) => {
          const f = p.assets.find((x) => x.asset === asset)
          return [p.at, f ? drawn(f.formatted[k]) : 0]
        }),
      })),
    }
  }, [history, asset])
  if (!a || !bars) return null
  const summary = CHART_FIGURES.map(([k, n]) => `${n} ${a.formatted[k]}`).join(', ')
  return (
    <div className="grid">
      <section className="panel" aria-labelledby="by-category">
        <h2 id="by-category">By category</h2>
        <label>
          Asset{' '}
          <select value={asset} onChange={(e) => setAsset(e.target.value)}>
            {figures.assets.map((x) => (
              <option key={x.asset} value={x.asset}>
                {x.symbol ?? x.asset}
              </option>
            ))}
          </select>
        </label>
        <EChart option={bars} label={`${a.symbol ?? a.asset} by category: ${summary}`} height={280} />
      </section>
      {lines ? (
        <section className="panel" aria-labelledby="over-time">
          <h2 id="over-time">Over time</h2>
          <EChart option={lines} label={`${a.symbol ?? a.asset} over ${history?.length} traces`} height={280} />
        </section>
      ) : null}
    </div>
  )
}
